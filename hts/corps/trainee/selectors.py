"""Reads of trainee and assistant posts, and the months they add up to (001 二 4)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hts.corps.trainee.models import TraineeKind, TraineePost
from hts.org.models import School, SchoolClass, Teacher


def months_between(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Whole calendar months from `start` to `end` inclusive, and the days left over: 2025-09-01 to
    2026-08-31 is (12, 0); to 2026-07-31, (11, 0)."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    anchor = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return months, max((after - anchor).days, 0)


def trainee_months(periods: Iterable[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    """Months of trainee or assistant service up to `on` (inclusive): the union of the periods, so
    a trainee post and an assistant post held at once count once; leftover days of separate spans
    add up, thirty to a month."""
    spans = sorted((start, min(end or on, on)) for start, end in periods if start <= on)
    merged: list[list[dt.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    months = days = 0
    for start, end in merged:
        whole, rest = months_between(start, end)
        months, days = months + whole, days + rest
    return months + days // 30


def months_of(teacher: Teacher, on: dt.date | None = None) -> int:
    if teacher.pk is None:
        return 0
    on = on or timezone.localdate()
    return trainee_months(TraineePost.objects.filter(teacher=teacher).values_list("started_on", "ended_on"), on)


def months_by_teacher(teacher_ids: Iterable[int], on: dt.date | None = None) -> dict[int, int]:
    """Each teacher's trainee months, in one query."""
    on = on or timezone.localdate()
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    rows = TraineePost.objects.filter(teacher_id__in=set(teacher_ids)).values_list(
        "teacher_id", "started_on", "ended_on"
    )
    for teacher_id, start, end in rows:
        periods[teacher_id].append((start, end))
    return {teacher_id: trainee_months(spans, on) for teacher_id, spans in periods.items()}


def posts_of_school(school: School, *, current_only: bool = False) -> QuerySet[TraineePost]:
    found = TraineePost.objects.filter(school_class__school=school)
    if current_only:
        found = found.filter(ended_on__isnull=True)
    return found.select_related("school_class", "teacher", "recorded_by", "ended_by").order_by(
        "ended_on", "-started_on", "-pk"
    )


def posts_of_teacher(teacher: Any) -> list[TraineePost]:
    return list(
        TraineePost.objects.filter(teacher=teacher).select_related("school_class__school").order_by("started_on", "pk")
    )


def open_assistant(school_class: SchoolClass) -> TraineePost | None:
    return TraineePost.objects.filter(
        school_class=school_class, kind=TraineeKind.ASSISTANT, ended_on__isnull=True
    ).first()


def school_classes(school: School) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(school=school).order_by("grade", "name")


def school_teachers(school: School) -> QuerySet[Teacher]:
    return Teacher.objects.filter(school=school).order_by("name")
