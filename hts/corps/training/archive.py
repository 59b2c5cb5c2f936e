"""The training section of the head teacher's work archive (001 7: 考核成绩记入班主任工作档案)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from hts.activities.models import Attendance
from hts.corps.archive.sections import ArchiveRow, ArchiveSection
from hts.corps.training.models import Course
from hts.corps.training.selectors import CREDIT, teacher_enrolments


def _score(value: Any) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def training_section(teacher: Any, on: dt.date) -> ArchiveSection:
    """Each course the teacher was on: year, course, organiser, the two scores, the result and the hours
    earned at its sessions up to `on`. Three queries."""
    enrolments = [e for e in teacher_enrolments(teacher) if e.course.year <= on.year]
    sessions: dict[int, list[Any]] = defaultdict(list)
    links = Course.sessions.through.objects.filter(
        course_id__in={e.course_id for e in enrolments}, activity__starts_at__date__lte=on
    ).select_related("activity__school", "activity__region")
    for link in links:
        sessions[link.course_id].append(link.activity)
    attended = set(
        Attendance.objects.filter(
            teacher=teacher, status__in=CREDIT, activity_id__in=[a.pk for found in sessions.values() for a in found]
        ).values_list("activity_id", flat=True)
    )
    rows = []
    for enrolment in enrolments:
        course = enrolment.course
        hours = sum((a.credit_hours for a in sessions[course.pk] if a.pk in attended), Decimal(0))
        rows.append(
            ArchiveRow(
                cells=(
                    course.year_label,
                    course.title,
                    course.get_kind_display(),
                    course.organised_by,
                    _score(enrolment.theory_score),
                    _score(enrolment.practice_score),
                    enrolment.result_label,
                    format(hours.normalize(), "f") if hours else "0",
                ),
                source=_("Training course %(course)s, enrolment of %(name)s")
                % {"course": course, "name": teacher.name},
                source_url=reverse("corps-training-course", args=[course.uid]),
                # A county course opens for the bureau, a school's for its staff: no link to a 404.
                source_record=course,
                source_actions=("corps.training.manage",),
            )
        )
    return ArchiveSection(
        key="training",
        title=_("Training and exam scores"),
        columns=(
            _("School year"),
            _("Course"),
            _("course type"),
            _("Organised by"),
            _("theory exam score"),
            _("professional test score"),
            _("Result"),
            _("Hours"),
        ),
        rows=rows,
        empty_text=_("No training course on record."),
    )
