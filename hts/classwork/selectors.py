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
from hts.org.models import Semester


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


def dues_of(
    school_class: Any, semester: Semester, entries: list[LogEntry], pupils: list[Pupil], today: dt.date
) -> dict[str, Any]:
    policy = policy_for(school_class.school.region)
    if policy is None:
        return {"policy": None, "month": [], "semester": [], "missed": []}
    logged = [Logged(kind=e.kind, on=e.on, pupil_id=e.pupil_id) for e in entries]
    day = min(max(today, semester.starts_on), semester.ends_on)
    return {
        "policy": policy,
        "month": month_dues(
            policy, logged, today=day, semester_start=semester.starts_on, semester_end=semester.ends_on
        ),
        "semester": semester_dues(
            policy, logged, pupil_ids=[p.pk for p in pupils], today=day, semester_end=semester.ends_on
        ),
        "missed": missed_months(policy, logged, today=day, semester_start=semester.starts_on),
    }
