"""Reads for the plan pages. A studio's plans are seen by whoever sees its activities; a personal
plan only by its member, the studio's host and mentors, and the staff whose scope reaches the studio."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from hts.accounts.access import can
from hts.accounts.permissions import (
    STUDIO_HOST,
    STUDIO_MENTOR,
    principal_for,
)
from hts.activities.models import Plan
from hts.core.workflow import transitions_of
from hts.studios.models import Studio


def sees_personal_plans(user: Any, studio: Studio) -> bool:
    """Everyone's personal plans: the host and mentors, and staff (school, bureau) over the studio."""
    if studio_roles(user, studio) & {STUDIO_HOST, STUDIO_MENTOR}:
        return True
    return principal_for(user).over_places().reaches("activity.view", studio)


def _visible(user: Any, studio: Studio) -> Q:
    if sees_personal_plans(user, studio):
        return Q()
    return ~Q(kind=Plan.Kind.PERSONAL) | Q(owner_teacher_id=getattr(user, "teacher_id", None) or 0)


def plan_list(user: Any, studio: Studio) -> dict[str, list[Plan]]:
    """The studio's plans and the personal plans the user may see; `studio` was fetched for the user."""
    plans = list(
        Plan.objects.filter(studio=studio)
        .filter(_visible(user, studio))
        .select_related("author", "owner_teacher")
        .order_by("-created_at", "-id")
    )
    return {
        "studio_plans": [p for p in plans if not p.is_personal],
        "personal_plans": [p for p in plans if p.is_personal],
    }


def plan_get(user: Any, uid: Any) -> Plan:
    """The plan, or 404 for a missing one and for one the user may not see alike."""
    plan = (
        Plan.objects.select_related(
            "studio__batch__policy", "studio__host_school__region", "author", "owner_teacher", "acknowledged_by"
        )
        .filter(uid=uid)
        .first()
    )
    if plan is None or not can(user, "activity.view", plan.studio):
        raise Http404
    owner = bool(getattr(user, "teacher_id", None)) and user.teacher_id == plan.owner_teacher_id
    if plan.is_personal and not owner and not sees_personal_plans(user, plan.studio):
        raise Http404
    return plan


def plan_transitions(plan: Plan) -> list[Any]:
    labels = dict(Plan.Status.choices)
    rows = list(transitions_of(plan).select_related("actor").order_by("at", "id"))
    for row in rows:
        row.from_label = labels.get(row.from_state, row.from_state)
        row.to_label = labels.get(row.to_state, row.to_state)
    return rows


def studio_roles(user: Any, studio: Studio) -> set[str]:
    """The user's roles in the studio's team, from their (cached) principal; no query."""
    return principal_for(user).studio_roles(studio.pk)
