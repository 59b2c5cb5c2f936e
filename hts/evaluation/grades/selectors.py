"""Reads for the grades pages: a studio's members × semesters, and the bureau's failing results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hts.accounts.access import get_scoped_or_404, scoped
from hts.accounts.permissions import principal_for
from hts.archives.models import ArchiveItem, ItemKind
from hts.evaluation.grades.consequences import members_to_rotate
from hts.evaluation.grades.models import MemberGrade, YearlyFailure
from hts.org.calendar import semesters_between
from hts.studios.models import Membership, Studio


def studio_for_grades(user: Any, uid: Any) -> Studio:
    """The studio if the user may see its grades (its host and mentors, and the bureau above); else 404."""
    principal = principal_for(user)
    studios = Studio.objects.none()
    for action in ("grade.record", "evaluation.view"):
        if principal.can(action):
            studios = studios | principal.scoped(action, Studio.objects.all())
    return get_object_or_404(studios.select_related("batch", "host", "host_school__region"), uid=uid)


def studio_grades(studio: Studio) -> dict[str, Any]:
    """Members (active, then former), the semesters of the cycle so far, each member's grade per
    semester, the rotation-out step, and who still lacks the mentors' appraisal (综合鉴定).

    Queries: semesters (2: calendar region, semesters), members, grades, appraisals, rotation (1)."""
    today = timezone.localdate()
    start = dt.date(studio.batch.start_year, 1, 1)
    end = min(today, dt.date(studio.batch.end_year, 12, 31))
    semesters = [s for s in semesters_between(studio.host_school.region, start, end) if s.starts_on <= today]
    members = list(
        Membership.objects.filter(studio=studio, role=Membership.Role.MEMBER)
        .exclude(status__in=[Membership.Status.APPLIED, Membership.Status.REFUSED])
        .select_related("teacher__school")
        .order_by("status", "id")
    )
    grades = {
        (g.membership_id, g.semester_id): g
        for g in MemberGrade.objects.filter(membership__studio=studio).select_related("decided_by")
    }
    appraised = set(
        ArchiveItem.objects.filter(
            studio=studio, kind=ItemKind.APPRAISAL, owner_teacher_id__in=[m.teacher_id for m in members]
        ).values_list("owner_teacher_id", flat=True)
    )
    rows = [
        {
            "membership": m,
            "grades": [grades.get((m.pk, s.pk)) for s in semesters],
            "appraised": m.teacher_id in appraised,
        }
        for m in members
    ]
    return {
        "semesters": semesters,
        "rows": rows,
        "rotation": members_to_rotate(studio.pk),
        "cycle_ending": today.year >= studio.batch.end_year,
        "active_members": [m for m in members if m.status == Membership.Status.ACTIVE],
    }


def failures_for(user: Any, *, status: str = "") -> QuerySet[YearlyFailure]:
    qs = scoped(user, "failure.review", YearlyFailure.objects.all())
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("teacher__school", "school_year", "subject__round").order_by("status", "-created_at")


def failure_get(user: Any, uid: Any) -> YearlyFailure:
    return get_scoped_or_404(user, "failure.review", YearlyFailure.objects.select_related("teacher"), uid=uid)
