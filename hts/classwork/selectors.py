"""Reads for the class work pages, each bounded in queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from hts.accounts.access import can, get_scoped_or_404, scoped
from hts.classwork.models import ClassRef, Kind, LogEntry, Pupil
from hts.classwork.policy import policy_for
from hts.classwork.rules import Logged, missed_months, month_dues, semester_dues
from hts.org.calendar import calendar_region, month_bounds
from hts.org.models import Semester

# The semesters the log page offers: the last few school years' worth.
SEMESTERS_SHOWN = 12


def class_for(user: Any, action: str, uid: Any) -> ClassRef:
    """The class if `action` reaches it for `user`; 404 otherwise, the same for a bureau that holds no
    pupil action as for another class's head teacher, so no page says a class has pupils."""
    if not can(user, action):
        raise Http404
    return get_scoped_or_404(
        user, action, ClassRef.objects.select_related("school__region", "head_teacher", "deputy"), uid=uid
    )


def classes_for(user: Any) -> QuerySet[ClassRef]:
    return (
        scoped(user, "classwork.view", ClassRef.objects.all())
        .select_related("school", "head_teacher")
        .annotate(pupil_count=Count("pupils", distinct=True))
        .order_by("school__name", "grade", "name")
    )


def pupils_of(school_class: Any) -> list[Pupil]:
    return list(Pupil.objects.filter(school_class=school_class).annotate(visit_count=Count("visits")))


def visited_pupil_ids(school_class: Any, semester: Semester) -> frozenset[int]:
    return frozenset(
        LogEntry.objects.filter(
            school_class=school_class, semester=semester, kind=Kind.HOME_VISIT, pupil__isnull=False
        ).values_list("pupil_id", flat=True)
    )


def log_of(school_class: Any, semester: Semester) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(school_class=school_class, semester=semester)
        .select_related("pupil")
        .prefetch_related("photos")
        .order_by("-on", "-id")
    )


def owed_a_visit(pupils: list[Pupil], semester: Semester, logged: list[Logged]) -> list[int]:
    """The pupils the semester's home visits are counted against: those in the class through its end, and
    one who left during it only if visited before leaving (a pupil gone is owed no visit)."""
    visited = {e.pupil_id for e in logged if e.kind == Kind.HOME_VISIT}
    return [p.pk for p in pupils if p.left_on is None or p.left_on > semester.ends_on or p.pk in visited]


def dues_of(
    school_class: Any, semester: Semester, entries: list[LogEntry], pupils: list[Pupil], today: dt.date
) -> dict[str, Any]:
    policy = policy_for(school_class.school.region)
    if policy is None:
        return {"policy": None, "month": [], "semester": [], "missed": []}
    logged = [Logged(kind=e.kind, on=e.on, pupil_id=e.pupil_id) for e in entries]
    if today > semester.ends_on:
        # A closed semester owes no "this month": every one of its months, the last too, is a past one.
        after = month_bounds(semester.ends_on)[1] + dt.timedelta(days=1)
        day = semester.ends_on
        month: list[Any] = []
        missed = missed_months(
            policy, logged, today=after, semester_start=semester.starts_on, semester_end=semester.ends_on
        )
    else:
        day = max(today, semester.starts_on)
        month = month_dues(policy, logged, today=day, semester_start=semester.starts_on, semester_end=semester.ends_on)
        missed = missed_months(
            policy, logged, today=day, semester_start=semester.starts_on, semester_end=semester.ends_on
        )
    return {
        "policy": policy,
        "month": month,
        "semester": semester_dues(
            policy, logged, pupil_ids=owed_a_visit(pupils, semester, logged), today=day, semester_end=semester.ends_on
        ),
        "missed": missed,
    }


def semesters_of(school_class: Any, today: dt.date) -> list[Semester]:
    """The semesters of the class's school calendar that have begun, the latest first (two queries)."""
    source = calendar_region(school_class.school.region)
    if source is None:
        return []
    return list(
        Semester.objects.filter(school_year__region=source, starts_on__lte=today)
        .select_related("school_year")
        .order_by("-starts_on")[:SEMESTERS_SHOWN]
    )
