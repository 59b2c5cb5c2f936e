"""Reads of a school's structure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
from hts.org.models import School, Teacher


def chiefs_of(school: School) -> QuerySet[ChiefHeadTeacher]:
    return ChiefHeadTeacher.objects.filter(school=school).select_related("teacher", "appointed_by", "ended_by")


def pairs_with_hours(queryset: QuerySet[MentorPair]) -> QuerySet[MentorPair]:
    return queryset.select_related("mentor", "mentee", "school").annotate(
        session_count=Count("sessions"), total_hours=Sum("sessions__hours")
    )


def pairs_of_school(school: School) -> QuerySet[MentorPair]:
    return pairs_with_hours(MentorPair.objects.filter(school=school)).order_by("ended_on", "-started_on", "-pk")


def pairs_of_teacher(teacher_id: int) -> QuerySet[MentorPair]:
    return pairs_with_hours(MentorPair.objects.filter(Q(mentor_id=teacher_id) | Q(mentee_id=teacher_id))).order_by(
        "ended_on", "-started_on", "-pk"
    )


def sessions_of(pair: MentorPair) -> QuerySet[GuidanceSession]:
    return GuidanceSession.objects.filter(pair=pair).select_related("recorded_by")


def total_hours(pair: MentorPair) -> Decimal:
    return GuidanceSession.objects.filter(pair=pair).aggregate(total=Sum("hours"))["total"] or Decimal("0")


def school_teachers(school: School) -> QuerySet[Teacher]:
    return Teacher.objects.filter(school=school).order_by("name")


def structure_facts_data(teacher: Any) -> dict[str, Any]:
    """The teacher's current chief appointment and current pairs (two queries)."""
    chief = ChiefHeadTeacher.objects.filter(teacher=teacher, ended_on__isnull=True).select_related("school").first()
    pairs = list(
        MentorPair.objects.filter(Q(mentor=teacher) | Q(mentee=teacher), ended_on__isnull=True).select_related(
            "mentor", "mentee"
        )
    )
    return {"chief": chief, "pairs": pairs}
