"""A person's evaluation report (考评结果报告) as PDF: the round, every rubric item with its points,
the total, ranks, grade, and the objections and corrections. A Chinese official document, so its text
is Chinese whatever the reader's language; the raters are "评委1", "评委2" … as on the person's page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.core.pdf import render_pdf
from hts.evaluation.publication.selectors import result_sheet
from hts.evaluation.rounds.models import Subject

GRADE_NAMES = {"excellent": "优秀", "qualified": "合格", "failed": "不合格"}
OBJECTION_STATUS_NAMES = {"open": "待处理", "upheld": "成立", "dismissed": "不成立"}
ROUND_STATUS_NAMES = {"published": "公示中", "final": "已确认", "closed": "已截止", "open": "评分中", "draft": "草稿"}


def report_filename(subject: Subject) -> str:
    return f"考评结果-{subject.teacher.name}-{subject.round.title}.pdf"


def report_pdf(subject: Subject, *, today: dt.date | None = None) -> bytes:
    sheet = result_sheet(subject, show_rater_names=False)
    return render_pdf(
        "evaluation/publication/report_pdf.html",
        {
            "sheet": sheet,
            "subject": subject,
            "round": subject.round,
            "grade": GRADE_NAMES.get(subject.grade, "—"),
            "round_status": ROUND_STATUS_NAMES.get(subject.round.status, subject.round.status),
            "objections": [(o, OBJECTION_STATUS_NAMES.get(o.status, o.status)) for o in sheet.objections],
            "made_on": (today or timezone.localdate()).isoformat(),
        },
    )
