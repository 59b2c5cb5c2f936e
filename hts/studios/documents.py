"""Official documents of a studio: the application form (申报表) and the member roster (成员名册)
as Word and PDF, and Excel exports of the roster and of a batch's peer-review scores.

The forms are Chinese official documents, so their text is Chinese whatever the reader's language.
Every builder returns bytes and knows nothing of HTTP. The `*_queryset` functions load all a
document needs in a fixed number of queries; the builders then read only prefetched data.

Personal data is kept to what the form needs: no mobile or ID numbers appear in any document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from hts.core import word
from hts.core.labels import document_label
from hts.core.pdf import render_pdf
from hts.core.tabular import write_workbook
from hts.org.models import Teacher, service_years
from hts.studios.models import Batch, Membership, ReviewScore, ReviewStep, Studio

TIER_NAMES = {"city": "市级", "district": "区级", "school": "校级"}
STAGE_NAMES = {"primary": "小学", "junior": "初中", "senior": "高中"}
LEVEL_NAMES = {
    "school": "校级",
    "township": "乡镇级",
    "county": "县（区）级",
    "city": "市级",
    "province": "省级",
    "national": "国家级",
}
GENDER_NAMES = {"F": "女", "M": "男"}
SOURCE_NAMES = {"self": "个人自荐", "school": "学校推荐"}
HONOUR_KIND_NAMES = {"personal": "个人荣誉", "class": "所带班级荣誉"}
ROLE_NAMES = {"host": "主持人", "mentor": "导师", "member": "成员"}
ROLE_ORDER = {"host": 0, "mentor": 1, "member": 2}
MEMBERSHIP_STATUS_NAMES = {
    "invited": "已邀请",
    "applied": "已申请",
    "admitted": "已录取",
    "evaluated": "已现场考评",
    "active": "在册",
    "refused": "未录取",
    "left": "已退出",
    "rotated_out": "已流动",
    "graduated": "已结业",
}
OUTCOME_NAMES = {"pass": "通过", "fail": "未通过"}
# The check's stored label is in the applicant's interface language; the form names the rule in
# Chinese by its code. The stored detail (with the numbers as they were) is printed as it is.
CHECK_LABELS = {
    "host.service_years": "班主任年限",
    "host.serving": "现任班主任",
    "host.honour": "个人班主任荣誉",
    "host.class_honour": "所带班级荣誉",
    "host.research": "主持或参与课题研究",
}

# Applicants not yet admitted and refused ones are not part of the team on paper.
ROSTER_EXCLUDED_STATUSES = [Membership.Status.APPLIED, Membership.Status.REFUSED]

ROSTER_HEADERS = ["序号", "角色", "联系人", "姓名", "学校（单位）", "学科", "职称", "班主任年限", "状态", "加入日期"]
SCORE_HEADERS = ["工作室", "主持人", "学校", "评审专家", "评分", "评语"]
SUMMARY_HEADERS = ["工作室", "主持人", "学校", "状态", "评分人数", "平均分", "现场答辩", "答辩得分"]


# Data shaped for the documents -------------------------------------------------------------------


@dataclass(frozen=True)
class HonourLine:
    title: str
    kind: str
    level: str
    awarded_on: str
    issuer: str


@dataclass(frozen=True)
class CheckLine:
    label: str
    met: bool
    detail: str
    pending: bool = False  # a declaration the bureau has not checked yet

    @property
    def result(self) -> str:
        return "符合" if self.met else "待核实" if self.pending else "不符合"


@dataclass(frozen=True)
class ApplicationForm:
    title: str
    batch: str
    cycle: str
    studio_name: str
    tier: str
    stage: str
    theme: str
    source: str
    host_name: str
    host_gender: str
    host_birth_year: str
    host_school: str
    host_subject: str
    host_title: str
    host_years: str
    honours: list[HonourLine]
    research_title: str
    research_level: str
    checks: list[CheckLine]
    plan_paragraphs: list[str]


@dataclass(frozen=True)
class RosterRow:
    role: str
    is_liaison: bool
    name: str
    school: str
    subject: str
    title: str
    years: float | None  # None for people outside the schools (external mentors)
    status: str
    joined_on: dt.date | None

    @property
    def role_text(self) -> str:
        return f"{self.role}（联系人）" if self.is_liaison else self.role

    @property
    def years_text(self) -> str:
        return "" if self.years is None else f"{self.years:g}"

    @property
    def joined_text(self) -> str:
        return self.joined_on.isoformat() if self.joined_on else ""


@dataclass(frozen=True)
class Roster:
    title: str
    studio_name: str
    batch: str
    host_school: str
    rows: list[RosterRow]
    made_on: str


def _years(teacher: Teacher, today: dt.date) -> float:
    """Years as head teacher from the prefetched `service_records`."""
    return service_years([(r.started_on, r.ended_on) for r in teacher.service_records.all()], today=today)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def application_queryset() -> QuerySet[Studio]:
    """Studios with what the application form reads: 1 query, plus 2 for honours and service."""
    return Studio.objects.select_related("batch", "host", "host_school").prefetch_related(
        "host__honours", "host__service_records"
    )


def application_form(studio: Studio, *, today: dt.date | None = None) -> ApplicationForm:
    today = today or timezone.localdate()
    host, batch = studio.host, studio.batch
    return ApplicationForm(
        title="班主任工作室申报表",
        batch=batch.name,
        cycle=f"{batch.start_year}—{batch.end_year}年",
        studio_name=studio.name,
        tier=TIER_NAMES.get(batch.tier, batch.tier),
        stage=STAGE_NAMES.get(studio.stage, studio.stage),
        theme=studio.theme,
        source=SOURCE_NAMES.get(studio.source, studio.source),
        host_name=host.name,
        host_gender=GENDER_NAMES.get(host.gender, host.gender),
        host_birth_year=f"{host.birth_year}年",
        host_school=studio.host_school.name,
        host_subject=host.subject,
        host_title=host.title,
        host_years=f"{_years(host, today):g}年",
        honours=[
            HonourLine(
                title=honour.title,
                kind=HONOUR_KIND_NAMES.get(honour.kind, honour.kind),
                level=LEVEL_NAMES.get(honour.level, honour.level),
                awarded_on=honour.awarded_on.isoformat(),
                issuer=honour.issuer,
            )
            for honour in host.honours.all()
        ],
        research_title=studio.research_title,
        research_level=LEVEL_NAMES.get(studio.research_level, studio.research_level),
        checks=[
            CheckLine(
                label=CHECK_LABELS.get(str(item.get("code", "")), str(item.get("label", ""))),
                met=bool(item.get("met")),
                detail=str(item.get("detail", "")),
                pending=bool(item.get("pending")),
            )
            for item in studio.standard_check or []
            if isinstance(item, dict)
        ],
        plan_paragraphs=[line.strip() for line in studio.plan.splitlines() if line.strip()],
    )


def roster_queryset() -> QuerySet[Studio]:
    """Studios with their team: 1 query, plus memberships, their service and the host's service."""
    team = (
        Membership.objects.exclude(status__in=ROSTER_EXCLUDED_STATUSES)
        .select_related("teacher__school")
        .prefetch_related("teacher__service_records")
    )
    return Studio.objects.select_related("batch", "host", "host_school").prefetch_related(
        Prefetch("memberships", queryset=team, to_attr="roster_memberships"), "host__service_records"
    )


def roster(studio: Studio, *, today: dt.date | None = None) -> Roster:
    """The team of a studio loaded with `roster_queryset()` (any other studio is loaded again)."""
    today = today or timezone.localdate()
    if not hasattr(studio, "roster_memberships"):
        studio = roster_queryset().get(pk=studio.pk)
    memberships: list[Membership] = sorted(
        studio.roster_memberships,  # type: ignore[attr-defined]
        key=lambda m: (ROLE_ORDER.get(m.role, 9), not m.is_liaison, m.started_on or dt.date.max, m.pk),
    )
    rows = [_roster_row(m, today) for m in memberships]
    if not any(m.role == Membership.Role.HOST for m in memberships):
        # Until the studio is approved the host has no membership; the applicant still heads the list.
        host = studio.host
        rows.insert(
            0,
            RosterRow(
                role=ROLE_NAMES["host"],
                is_liaison=False,
                name=host.name,
                school=studio.host_school.name,
                subject=host.subject,
                title=host.title,
                years=_years(host, today),
                status="申报人",
                joined_on=None,
            ),
        )
    return Roster(
        title="班主任工作室成员名册",
        studio_name=studio.name,
        batch=studio.batch.name,
        host_school=studio.host_school.name,
        rows=rows,
        made_on=_cn_date(today),
    )


def _roster_row(membership: Membership, today: dt.date) -> RosterRow:
    teacher = membership.teacher  # None for a mentor from outside the schools
    return RosterRow(
        role=ROLE_NAMES.get(membership.role, membership.role),
        is_liaison=membership.is_liaison,
        name=teacher.name if teacher else membership.external_name,
        school=teacher.school.name if teacher else membership.external_affiliation,
        subject=teacher.subject if teacher else "",
        title=teacher.title if teacher else "",
        years=_years(teacher, today) if teacher else None,
        status=MEMBERSHIP_STATUS_NAMES.get(membership.status, membership.status),
        joined_on=membership.started_on,
    )


# Word ----------------------------------------------------------------------------------------------

# Column widths in mm; each table spans the 174 mm between the margins.
PAIR_WIDTHS = [30, 57, 30, 57]
HONOUR_WIDTHS = [12, 50, 26, 22, 26, 38]
CHECK_WIDTHS = [12, 44, 18, 100]
SIGNATURE_WIDTHS = [34, 140]
ROSTER_WIDTHS = [10, 26, 16, 44, 12, 18, 14, 14, 20]


# (label, printed note, where to sign): the signature and seal boxes at the end of the form.
SIGNATURES = [
    ("申报人签名", "本人承诺以上信息真实、准确。", "签名："),
    ("学校意见（盖章）", "", "（盖章）"),
    ("教育局审核意见", "", "（盖章）"),
]
DATE_BLANK = "日期：　　　　年　　月　　日"


def application_docx(studio: Studio, *, today: dt.date | None = None) -> bytes:
    form = application_form(studio, today=today)
    document = word.new_document()
    word.add_title(document, form.title, f"（{form.batch}）")

    word.add_heading(document, "一、工作室基本情况")
    table = word.add_table(document, PAIR_WIDTHS)
    word.add_pairs(table, ("工作室名称", form.studio_name))
    word.add_pairs(table, ("级别", form.tier), ("学段", form.stage))
    word.add_pairs(table, ("研究主题", form.theme))
    word.add_pairs(table, ("申报方式", form.source), ("建设周期", form.cycle))

    word.add_heading(document, "二、主持人基本情况")
    table = word.add_table(document, PAIR_WIDTHS)
    word.add_pairs(table, ("姓名", form.host_name), ("性别", form.host_gender))
    word.add_pairs(table, ("出生年份", form.host_birth_year), ("任教学科", form.host_subject))
    word.add_pairs(table, ("所在学校", form.host_school))
    word.add_pairs(table, ("职称", form.host_title), ("班主任年限", form.host_years))
    document.add_paragraph("主要荣誉：")
    if form.honours:
        word.add_grid(
            word.add_table(document, HONOUR_WIDTHS),
            ["序号", "荣誉名称", "类别", "级别", "获得时间", "颁发单位"],
            ([str(n), h.title, h.kind, h.level, h.awarded_on, h.issuer] for n, h in enumerate(form.honours, start=1)),
        )
    else:
        document.add_paragraph("无")

    word.add_heading(document, "三、主持或参与的课题研究")
    table = word.add_table(document, PAIR_WIDTHS)
    word.add_pairs(table, ("课题名称", form.research_title or "无"))
    word.add_pairs(table, ("课题级别", form.research_level or "无"))

    word.add_heading(document, "四、主持人条件核验")
    word.add_grid(
        word.add_table(document, CHECK_WIDTHS),
        ["序号", "条件", "结果", "说明"],
        ([str(n), c.label, c.result, c.detail] for n, c in enumerate(form.checks, start=1)),
    )

    word.add_heading(document, "五、工作室建设规划")
    for paragraph in form.plan_paragraphs or ["无"]:
        document.add_paragraph(paragraph).paragraph_format.first_line_indent = Pt(21)

    word.add_heading(document, "六、审核意见")
    table = word.add_table(document, SIGNATURE_WIDTHS)
    for label, note, sign in SIGNATURES:
        cells = word.add_row(table)
        word.label_cell(cells[0], label)
        cells[1].text = f"{note}\n\n\n{sign}　　　　　　　　{DATE_BLANK}"
    return word.to_bytes(document)


def roster_docx(studio: Studio, *, today: dt.date | None = None) -> bytes:
    data = roster(studio, today=today)
    document = word.new_document()
    word.add_title(document, data.title, f"（{data.batch}）")
    document.add_paragraph(f"工作室：{data.studio_name}    主持人所在学校：{data.host_school}")
    word.add_grid(
        word.add_table(document, ROSTER_WIDTHS),
        ["序号", "角色", "姓名", "学校（单位）", "学科", "职称", "班主任年限", "状态", "加入日期"],
        (
            [str(n), r.role_text, r.name, r.school, r.subject, r.title, r.years_text, r.status, r.joined_text]
            for n, r in enumerate(data.rows, start=1)
        ),
    )
    document.add_paragraph(f"制表日期：{data.made_on}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return word.to_bytes(document)


# PDF -----------------------------------------------------------------------------------------------


def application_pdf(studio: Studio, *, today: dt.date | None = None) -> bytes:
    form = application_form(studio, today=today)
    return render_pdf(
        "studios/documents/application_form.html", {"form": form, "signatures": SIGNATURES, "date_blank": DATE_BLANK}
    )


def roster_pdf(studio: Studio, *, today: dt.date | None = None) -> bytes:
    return render_pdf("studios/documents/roster.html", {"roster": roster(studio, today=today)})


# Excel ---------------------------------------------------------------------------------------------


def roster_xlsx(studio: Studio, *, today: dt.date | None = None) -> bytes:
    data = roster(studio, today=today)
    rows = [
        [
            n,
            r.role,
            "是" if r.is_liaison else "",
            r.name,
            r.school,
            r.subject,
            r.title,
            r.years,
            r.status,
            r.joined_on,
        ]
        for n, r in enumerate(data.rows, start=1)
    ]
    return write_workbook([("成员名册", ROSTER_HEADERS, rows)])


def review_queryset(batch: Batch) -> QuerySet[Studio]:
    """A batch's studios with their scores (and reviewers) and defence: 3 queries in all."""
    return (
        Studio.objects.filter(batch=batch)
        .exclude(status=Studio.Status.DRAFT)
        .select_related("host", "host_school")
        .prefetch_related(
            Prefetch("review_scores", queryset=ReviewScore.objects.select_related("reviewer")),
            Prefetch(
                "review_steps",
                queryset=ReviewStep.objects.filter(step=ReviewStep.Step.DEFENCE),
                to_attr="defence_steps",
            ),
        )
        .order_by("name", "pk")
    )


def _average(scores: list[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review_scores_xlsx(studios: Iterable[Studio]) -> bytes:
    details: list[list[object]] = []
    summary: list[list[object]] = []
    for studio in studios:
        scores = list(studio.review_scores.all())
        for entry in scores:
            details.append(
                [
                    studio.name,
                    studio.host.name,
                    studio.host_school.name,
                    str(entry.reviewer),
                    entry.score,
                    entry.comment,
                ]
            )
        defence = next(iter(studio.defence_steps), None)  # type: ignore[attr-defined]
        summary.append(
            [
                studio.name,
                studio.host.name,
                studio.host_school.name,
                document_label(Studio.Status.choices, studio.status),
                len(scores),
                _average([entry.score for entry in scores]),
                OUTCOME_NAMES.get(defence.outcome, defence.outcome) if defence else "",
                defence.score if defence else None,
            ]
        )
    return write_workbook([("评分明细", SCORE_HEADERS, details), ("汇总", SUMMARY_HEADERS, summary)])
