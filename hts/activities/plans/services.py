"""Writes for studio plans and members' personal development plans. Each write re-reads the plan
under a lock and refuses with the same rule its guard (guards.py) shows on the page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hts.activities.models import Plan
from hts.activities.plans import notices, periods
from hts.activities.plans.guards import (
    _acknowledge_refusal,
    _comment_refusal,
    _create_refusal,
    _edit_refusal,
    _submit_refusal,
)
from hts.activities.plans.periods import CYCLE
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.studios.models import Studio

PLAN_FIELDS = ["title", "theme", "period_key", "period_label", "body"]
STUDIO_KINDS = [Plan.Kind.CYCLE, Plan.Kind.YEAR, Plan.Kind.SEMESTER]


def _refuse(refusal: ValidationError | PermissionDenied | None) -> None:
    if refusal is not None:
        raise refusal


def _locked(plan: Plan) -> Plan:
    """The plan re-read under a row lock, so the guard sees the state the write will change."""
    return (
        Plan.objects.select_for_update().select_related("studio__batch", "studio__host_school__region").get(pk=plan.pk)
    )


def _check_one_per_period(plan: Plan, period_key: str) -> dict[str, str]:
    """One plan of a kind per period: a studio has one cycle plan, one annual plan a school year and
    one semester plan (with its one theme, 002) a semester; a member one personal plan a period. The
    period is one the calendar offers within the cycle (plans/periods.py). Returns the period's fields."""
    period_key = CYCLE if plan.kind == Plan.Kind.CYCLE else (period_key or "").strip()
    if not period_key:
        raise ValidationError({"period_key": _("Say which period this plan is for.")})
    choices = dict(periods.period_choices(plan.studio, plan.kind))
    if period_key not in choices and period_key != plan.period_key:
        raise ValidationError({"period_key": periods.why_not(plan.studio, plan.kind, period_key)})
    others = Plan.objects.filter(studio_id=plan.studio_id, kind=plan.kind, period_key=period_key).exclude(pk=plan.pk)
    if plan.kind == Plan.Kind.PERSONAL:
        others = others.filter(owner_teacher_id=plan.owner_teacher_id)
    existing = others.first()
    if existing is not None:
        raise _already(plan, existing, choices.get(period_key, plan.period_label))
    return {"period_key": period_key, "period_label": choices.get(period_key, plan.period_label)}


def _already(plan: Plan, existing: Plan, label: str) -> ValidationError:
    return ValidationError(
        {
            "period_key": _("There is already a %(kind)s for %(period)s: “%(title)s”. Edit that one instead.")
            % {"kind": plan.get_kind_display(), "period": label or "—", "title": existing.title}
        }
    )


def _save(plan: Plan, actor: Any, data: dict[str, Any], action: str) -> Plan:
    """Saves under a savepoint: should a concurrent write have taken the period after the check (the
    database's unique constraint says so), the refusal is the same as the check's."""
    try:
        with transaction.atomic():
            return save_audited(actor=actor, instance=plan, data=data, action=action, fields=PLAN_FIELDS)
    except IntegrityError:
        existing = Plan.objects.filter(studio_id=plan.studio_id, kind=plan.kind, period_key=data["period_key"])
        if plan.kind == Plan.Kind.PERSONAL:
            existing = existing.filter(owner_teacher_id=plan.owner_teacher_id)
        found = existing.exclude(pk=plan.pk).first()
        if found is None:
            raise
        raise _already(plan, found, data["period_label"]) from None


@transaction.atomic
def plan_create(*, actor: Any, studio: Studio, kind: str, data: dict[str, Any]) -> Plan:
    _refuse(_create_refusal(studio, actor, kind))
    plan = Plan(
        studio=studio,
        kind=kind,
        author=actor,
        owner_teacher_id=actor.teacher_id if kind == Plan.Kind.PERSONAL else None,
    )
    # Serialise creations in the studio so two people starting the same plan at once make one.
    Studio.objects.select_for_update().filter(pk=studio.pk).first()
    period = _check_one_per_period(plan, data.get("period_key", ""))
    return _save(plan, actor, {**data, **period}, "activities.plan.created")


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, data: dict[str, Any]) -> Plan:
    fresh = _locked(plan)
    _refuse(_edit_refusal(fresh, actor))
    period = _check_one_per_period(fresh, data.get("period_key", fresh.period_key))
    return _save(fresh, actor, {**data, **period}, "activities.plan.updated")


def _transition(*, actor: Any, plan: Plan, new: str, action: str, **fields: Any) -> Plan:
    old = plan.status
    if not claim(Plan, pk=plan.pk, expected=old, new=new, **fields):
        raise TransitionRefused(stale_message())
    log_transition(target=plan, from_state=old, to_state=new, actor=actor)
    audit_record(actor=actor, action=action, target=plan, changes={"status": [old, new]})
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_submit(*, actor: Any, plan: Plan) -> Plan:
    fresh = _locked(plan)
    _refuse(_submit_refusal(fresh, actor))
    plan = _transition(actor=actor, plan=fresh, new=Plan.Status.SUBMITTED, action="activities.plan.submitted")
    notices.plan_submitted(plan)
    return plan


@transaction.atomic
def plan_acknowledge(*, actor: Any, plan: Plan) -> Plan:
    fresh = _locked(plan)
    _refuse(_acknowledge_refusal(fresh, actor))
    plan = _transition(
        actor=actor,
        plan=fresh,
        new=Plan.Status.ACKNOWLEDGED,
        action="activities.plan.acknowledged",
        acknowledged_by=actor,
    )
    notices.plan_acknowledged(plan)
    return plan


@transaction.atomic
def plan_comment(*, actor: Any, plan: Plan, comment: str) -> Plan:
    """A mentor's (or the host's) guidance on a member's personal plan; the latest replaces the last,
    and the audit log keeps every version."""
    fresh = _locked(plan)
    _refuse(_comment_refusal(fresh, actor))
    if not comment.strip():
        raise ValidationError({"mentor_comment": _("Write the guidance first.")})
    return save_audited(
        actor=actor,
        instance=fresh,
        data={"mentor_comment": comment.strip()},
        action="activities.plan.commented",
        fields=["mentor_comment"],
    )
