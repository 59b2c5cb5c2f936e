"""The 担任班主任申报表 and the 聘书 as Word and PDF. Official documents: their text is Chinese whatever the
reader's language, and they carry no mobile or ID numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from hts.core import word
from hts.core.pdf import render_pdf
from hts.corps.appointment.models import Application, AppointmentRound, Letter
from hts.org.models import grade_label, service_years

PAIR_WIDTHS = [30, 57, 30, 57]
GENDER_NAMES = {"F": "女", "M": "男"}
EDUCATION_NAMES = {"college": "大专", "bachelor": "本科", "master": "硕士", "doctor": "博士", "other": "其他"}


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class FormData:
    school: str
    round_title: str
    term: str
    name: str
    gender: str
    birth_year: str
    education: str
    title: str
    subject: str
    teaching_years: str
    head_years: str
    grades: str
    reasons: str
    plans: str
    record: str
    submitted: str


def form_data(application: Application) -> FormData:
    teacher = application.teacher
    rnd = application.round
    # Counted on the day of application, the 申报日期 the form prints beside it (not at the term's start,
    # which would add years not yet served).
    submitted_on = timezone.localtime(application.created_at).date()
    years = service_years([(s.started_on, s.ended_on) for s in teacher.service_records.all()], submitted_on)
    return FormData(
        school=rnd.school.name,
        round_title=rnd.title,
        term=f"{cn_date(rnd.term_from)}至{cn_date(rnd.term_to)}",
        name=teacher.name,
        gender=GENDER_NAMES.get(teacher.gender, ""),
        birth_year=str(teacher.birth_year),
        education=EDUCATION_NAMES.get(teacher.education, ""),
        title=teacher.title or "",
        subject=application.subject_taught,
        teaching_years=f"{application.teaching_years}年",
        head_years=f"{years}年",
        grades="、".join(f"第{n}志愿：{grade_label(g)}" for n, g in enumerate(application.preferred_grades, 1)),
        reasons=application.reasons,
        plans=application.plans,
        record=application.record or "无",
        submitted=cn_date(submitted_on),
    )


def application_docx(application: Application) -> bytes:
    data = form_data(application)
    document = word.new_document()
    word.add_title(document, "担任班主任申报表", f"（{data.school} · {data.round_title}）")
    table = word.add_table(document, PAIR_WIDTHS)
    word.add_pairs(table, ("姓名", data.name), ("性别", data.gender))
    word.add_pairs(table, ("出生年份", data.birth_year), ("学历", data.education))
    word.add_pairs(table, ("职称", data.title), ("任教学科", data.subject))
    word.add_pairs(table, ("教龄", data.teaching_years), ("班主任年限", data.head_years))
    word.add_pairs(table, ("申报年级（双向选择）", data.grades))
    word.add_pairs(table, ("聘期", data.term))
    for heading, text in (
        ("一、申报理由", data.reasons),
        ("二、班级工作设想", data.plans),
        ("三、班主任工作经历及所获荣誉", data.record),
    ):
        word.add_heading(document, heading)
        for line in text.splitlines() or [""]:
            document.add_paragraph(line)
    word.add_heading(document, "四、审核意见")
    document.add_paragraph("竞聘上岗考评小组意见：")
    document.add_paragraph("（盖章）          年    月    日")
    paragraph = document.add_paragraph(f"申报人签名：            申报日期：{data.submitted}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return word.to_bytes(document)


def application_pdf(application: Application) -> bytes:
    return render_pdf("corps/appointment/application_pdf.html", {"form": form_data(application)})


@dataclass(frozen=True)
class LetterData:
    number: str
    name: str
    school: str
    post: str
    term: str
    term_from: str
    term_to: str
    issued: str


def letter_data(letter: Letter) -> LetterData:
    rnd: AppointmentRound = letter.round
    return LetterData(
        number=letter.number,
        name=letter.application.teacher.name,
        school=rnd.school.name,
        post=f"{letter.school_class}班主任",
        term=f"{cn_date(rnd.term_from)}至{cn_date(rnd.term_to)}",
        term_from=cn_date(rnd.term_from),
        term_to=cn_date(rnd.term_to),
        issued=cn_date(letter.created_at.date()),
    )


def letters_docx(letters: list[Letter]) -> bytes:
    document = word.new_document()
    for n, letter in enumerate(letters):
        data = letter_data(letter)
        if n:
            document.add_page_break()
        word.add_title(document, "聘  书", f"编号：{data.number}")
        paragraph = document.add_paragraph(f"兹聘请 {data.name} 老师担任{data.school}{data.post}，聘期自{data.term}。")
        paragraph.paragraph_format.first_line_indent = Pt(28)
        for run in paragraph.runs:
            word.styled(run, size=16)
        closing = document.add_paragraph(f"{data.school}（盖章）\n{data.issued}")
        closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return word.to_bytes(document)


def letters_pdf(letters: list[Letter]) -> bytes:
    return render_pdf("corps/appointment/letters_pdf.html", {"letters": [letter_data(x) for x in letters]})
