"""The 班主任工作手册 as PDF (WeasyPrint, the studios' A4 serif document) and as Word (hts.core.word):
both print the same `Handbook`, part by part, and know nothing of HTTP or the database."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from hts.classwork.handbook import Handbook, Line
from hts.core import word
from hts.core.pdf import render_pdf

LINE_HEADERS = ["日期", "类别", "主题", "记录"]
LINE_WIDTHS = [24, 30, 40, 80]  # mm, 174 in all (A4 less 18 mm margins)
VISIT_HEADERS = ["学生", "日期", "方式", "了解到的情况", "后续跟进"]
VISIT_WIDTHS = [22, 24, 22, 58, 48]
DUE_HEADERS = ["时间", "要求与完成", "结果"]
DUE_WIDTHS = [24, 122, 28]


def handbook_pdf(book: Handbook) -> bytes:
    return render_pdf("classwork/handbook_pdf.html", {"book": book})


def _record(line: Line) -> str:
    return f"{line.notes}\n后续：{line.follow_up}" if line.follow_up else line.notes


def _lines(document: DocxDocument, lines: list[Line], empty: str, last: str = "记录") -> None:
    if not lines:
        document.add_paragraph(empty)
        return
    word.add_grid(
        word.add_table(document, LINE_WIDTHS),
        [*LINE_HEADERS[:-1], last],
        ([line.on, line.kind, line.title, _record(line)] for line in lines),
    )


def _texts(document: DocxDocument, lines: list[Line], empty: str) -> None:
    if not lines:
        document.add_paragraph(empty)
        return
    for line in lines:
        word.styled(document.add_paragraph().add_run(line.on + (f" · {line.title}" if line.title else "")), size=9)
        for text in line.notes.splitlines() or [""]:
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(21)


def handbook_docx(book: Handbook) -> bytes:
    document = word.new_document()
    for _ in range(6):
        document.add_paragraph()
    word.add_title(document, book.title)
    document.add_paragraph()
    for label, value in (
        ("学校", book.school),
        ("班级", book.class_name),
        ("班主任", book.head_teacher or "—"),
        *([("副班主任", book.deputy)] if book.deputy else []),
        ("学期", book.semester),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        word.styled(paragraph.add_run(f"{label}：{value}"), size=14)
    paragraph = document.add_paragraph(book.period)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_page_break()

    word.add_heading(document, "一、学期工作计划")
    _texts(document, book.plan, "本学期未记录工作计划。")

    word.add_heading(document, "二、班级工作记录（按月）")
    document.add_paragraph("主题班会、黑板报与家长开放周，按月排列。")
    if not book.months:
        document.add_paragraph("本学期未记录。")
    for month in book.months:
        word.styled(document.add_paragraph().add_run(month.label), bold=True, font=word.HEADING_FONT)
        _lines(document, month.lines, "")

    word.add_heading(document, "三、家访记录表")
    if book.names_masked:
        document.add_paragraph("学生姓名已按权限隐去部分字符。")
    if book.visits:
        word.add_grid(
            word.add_table(document, VISIT_WIDTHS),
            VISIT_HEADERS,
            ([v.pupil, v.on, v.how, v.learnt, v.follow_up] for v in book.visits),
        )
    else:
        document.add_paragraph("本学期未记录家访。")

    word.add_heading(document, "四、会议记录（家长会、班干部会、科任教师会）")
    _lines(document, book.meetings, "本学期未记录会议。")

    word.add_heading(document, "五、安全预案与事件处理")
    _lines(document, book.safety, "本学期未记录安全预案或事件。", last="内容与处理")

    word.add_heading(document, "六、学期工作总结")
    _texts(document, book.summary, "本学期未记录工作总结。")

    word.add_heading(document, "七、应做与完成情况")
    if book.has_policy:
        word.add_grid(
            word.add_table(document, DUE_WIDTHS), DUE_HEADERS, ([d.period, d.text, d.state] for d in book.dues)
        )
    else:
        document.add_paragraph("本地区未设置班级工作要求。")
    paragraph = document.add_paragraph(f"制表日期：{book.made_on}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return word.to_bytes(document)
