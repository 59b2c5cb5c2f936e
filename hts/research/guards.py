"""Who may move a research project or an achievement, and when: `can_<verb>(obj, user) -> (bool, reason)`.

The services refuse with a guard's reason; the pages use the same guard to show or hide a step.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.research.models import STAGE_ORDER, Achievement, ResearchProject
from hts.studios.guards import studio_open_for
from hts.studios.models import Studio

Answer = tuple[bool, str]
Status = ResearchProject.Status

# verb: (from states, to state, action needed, reason required)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str, bool]] = {
    "approve": ((Status.APPLIED,), Status.APPROVED, "research.approve", False),
    "reject": ((Status.APPLIED,), Status.NOT_APPROVED, "research.approve", True),
    "midterm": ((Status.APPROVED,), Status.MIDTERM, "research.manage", False),
    "conclude": ((Status.MIDTERM,), Status.CONCLUDED, "research.approve", False),
    "terminate": ((Status.APPROVED, Status.MIDTERM), Status.TERMINATED, "research.approve", True),
}
END_STATES = {Status.CONCLUDED, Status.NOT_APPROVED, Status.TERMINATED}


def _label(status: str) -> str:
    return str(Status(status).label)


def can_take_records(studio: Studio) -> Answer:
    """A revoked, expired, completed or refused studio is read-only: no new project, no change to one."""
    return studio_open_for(studio, "research")


def can_transition(project: ResearchProject, user: Any, verb: str) -> tuple[bool, str]:
    """Whether `user` may move `project` by `verb` now, and if not, why (shared by page and service)."""
    if verb not in TRANSITIONS:
        return False, _("Unknown step.")
    sources, target, action, _needs_reason = TRANSITIONS[verb]
    if not can(user, action, project):
        return False, _("You do not have permission to do this.")
    if project.status in sources:
        if action == "research.manage":
            return can_take_records(project.studio)
        return True, ""
    current = project.status
    if current in END_STATES and current != Status.CONCLUDED:
        return False, _("The project is %(status)s; its stages are closed.") % {"status": _label(current)}
    if target in STAGE_ORDER and STAGE_ORDER.index(target) <= STAGE_ORDER.index(current):
        return False, _("The project is already at “%(current)s”; a stage cannot go back to “%(target)s”.") % {
            "current": _label(current),
            "target": _label(target),
        }
    return False, _("The project is at “%(current)s”; “%(target)s” cannot follow it.") % {
        "current": _label(current),
        "target": _label(target),
    }


def can_approve(project: ResearchProject, user: Any) -> tuple[bool, str]:
    return can_transition(project, user, "approve")


def can_reject(project: ResearchProject, user: Any) -> tuple[bool, str]:
    return can_transition(project, user, "reject")


def can_midterm(project: ResearchProject, user: Any) -> tuple[bool, str]:
    return can_transition(project, user, "midterm")


def can_conclude(project: ResearchProject, user: Any) -> tuple[bool, str]:
    return can_transition(project, user, "conclude")


def can_terminate(project: ResearchProject, user: Any) -> tuple[bool, str]:
    return can_transition(project, user, "terminate")


def can_verify(achievement: Achievement, user: Any) -> tuple[bool, str]:
    """Bureau staff in scope verify or reject a pending achievement, never their own."""
    if not can(user, "achievement.verify", achievement):
        return False, _("You do not have permission to do this.")
    if user.teacher_id and user.teacher_id == achievement.owner_id:
        return False, _("No one verifies their own achievement.")
    if achievement.status != Achievement.Status.PENDING:
        return False, _("The achievement is already %(status)s.") % {"status": achievement.get_status_display()}
    return True, ""
