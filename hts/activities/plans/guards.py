"""Guards for studio plans and members' personal development plans.

The guards `can_<verb>(plan, user) -> (bool, reason)` decide both whether a page shows a button and
whether the service accepts the request, so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.accounts.permissions import STUDIO_HOST, STUDIO_MEMBER, STUDIO_MENTOR
from hts.activities.models import Plan
from hts.activities.plans.selectors import studio_roles
from hts.core.workflow import TransitionRefused
from hts.studios.guards import studio_open_for
from hts.studios.models import Studio

Guard = tuple[bool, str]


_OK: Guard = (True, "")


def _may_manage(user: Any, studio: Studio) -> bool:
    return can(user, "activity.manage", studio)


def _is_owner(plan: Plan, user: Any) -> bool:
    return bool(getattr(user, "teacher_id", None)) and user.teacher_id == plan.owner_teacher_id


def _guides(plan: Plan, user: Any) -> bool:
    """The studio's host and mentors guide members' personal plans (policy 003 主持人职责)."""
    return bool(studio_roles(user, plan.studio) & {STUDIO_HOST, STUDIO_MENTOR}) and not _is_owner(plan, user)


def _studio_open(studio: Studio) -> Guard:
    return studio_open_for(studio, "plan")


# Each check returns the refusal to raise (None when allowed): PermissionDenied says who may act,
# TransitionRefused says which rule of the plan's state refuses.


def _create_refusal(studio: Studio, user: Any, kind: str) -> ValidationError | PermissionDenied | None:
    if kind not in Plan.Kind.values:
        return ValidationError({"kind": _("Unknown plan type.")})
    if kind == Plan.Kind.PERSONAL:
        if STUDIO_MEMBER not in studio_roles(user, studio):
            return PermissionDenied(_("Only a member of the studio writes a personal development plan."))
    elif not _may_manage(user, studio):
        return PermissionDenied(_("Only the studio's host or liaison writes the studio's plans."))
    ok, reason = _studio_open(studio)
    return None if ok else TransitionRefused(reason)


def _edit_refusal(plan: Plan, user: Any) -> ValidationError | PermissionDenied | None:
    if plan.is_personal:
        if not _is_owner(plan, user):
            return PermissionDenied(_("Only the member whose plan it is may change it."))
    elif not _may_manage(user, plan.studio):
        return PermissionDenied(_("Only the studio's host or liaison writes the studio's plans."))
    if plan.status != Plan.Status.DRAFT:
        return TransitionRefused(
            _("Only a draft can be changed; this plan is %(status)s.") % {"status": plan.get_status_display()}
        )
    ok, reason = _studio_open(plan.studio)
    return None if ok else TransitionRefused(reason)


def _submit_refusal(plan: Plan, user: Any) -> ValidationError | PermissionDenied | None:
    refusal = _edit_refusal(plan, user)
    if refusal is None and plan.kind == Plan.Kind.SEMESTER and not plan.theme.strip():
        # Policy 002: each semester has one theme.
        return TransitionRefused(_("A semester plan names the semester's theme before it is submitted."))
    return refusal


def _acknowledge_refusal(plan: Plan, user: Any) -> ValidationError | PermissionDenied | None:
    if plan.is_personal:
        if not _guides(plan, user):
            return PermissionDenied(_("Only the studio's host or a mentor acknowledges a personal plan."))
    elif not (can(user, "studio.review", plan.studio)):
        return PermissionDenied(_("Only the bureau that reviews the studio acknowledges its plans."))
    if plan.status != Plan.Status.SUBMITTED:
        return TransitionRefused(
            _("Only a submitted plan can be acknowledged; this plan is %(status)s.")
            % {"status": plan.get_status_display()}
        )
    return None


def _comment_refusal(plan: Plan, user: Any) -> ValidationError | PermissionDenied | None:
    if not plan.is_personal:
        return TransitionRefused(_("Guidance is written on members' personal plans."))
    if not _guides(plan, user):
        return PermissionDenied(_("Only the studio's host or a mentor writes guidance on a personal plan."))
    if plan.status == Plan.Status.DRAFT:
        return TransitionRefused(_("The member has not submitted this plan yet."))
    return None


def _as_guard(refusal: ValidationError | PermissionDenied | None) -> Guard:
    if refusal is None:
        return _OK
    if isinstance(refusal, ValidationError):
        return False, " ".join(refusal.messages)
    return False, str(refusal)


def can_create(studio: Studio, user: Any, kind: str) -> Guard:
    return _as_guard(_create_refusal(studio, user, kind))


def creatable_kinds(studio: Studio, user: Any) -> list[tuple[str, Any]]:
    """The plan types the user may start in the studio, for the page's buttons (one scope query)."""
    if not _studio_open(studio)[0]:
        return []
    manages = _may_manage(user, studio)
    writes_personal = STUDIO_MEMBER in studio_roles(user, studio)
    return [
        (kind, label)
        for kind, label in Plan.Kind.choices
        if (writes_personal if kind == Plan.Kind.PERSONAL else manages)
    ]


def can_edit(plan: Plan, user: Any) -> Guard:
    return _as_guard(_edit_refusal(plan, user))


def can_submit(plan: Plan, user: Any) -> Guard:
    return _as_guard(_submit_refusal(plan, user))


def can_acknowledge(plan: Plan, user: Any) -> Guard:
    return _as_guard(_acknowledge_refusal(plan, user))


def can_comment(plan: Plan, user: Any) -> Guard:
    return _as_guard(_comment_refusal(plan, user))
