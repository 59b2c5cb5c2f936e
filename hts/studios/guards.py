"""Who may move a studio or a membership, and when: `can_<verb>(obj, user) -> (bool, reason)`.

The services call a guard and refuse with its reason; the studio page calls the same guard to show
a button, or to say why it is not there. A reason is a sentence in the user's language, "" when the
step is allowed. Who may act at all is asked of the access API (accounts.access); the guards add
the states each step needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.accounts.access import can
from hts.studios.models import Membership, ReviewStep, Studio

Answer = tuple[bool, str]
YES: Answer = (True, "")


def manages_team(studio: Studio, user: Any) -> bool:
    """The studio's host manages its team; bureau staff over its region may act on it too."""
    return can(user, "studio.manage_team", studio) or can(user, "membership.approve", studio)


def _not_team_manager() -> Answer:
    return False, _("Only the studio's host or the bureau may do this.")


def can_take_records(studio: Studio) -> Answer:
    """A team changes only while the studio runs (approved, active or on a yellow card)."""
    if not studio.accepts_records:
        return False, _("%(name)s is %(status)s and takes no new records.") % {
            "name": studio,
            "status": studio.get_status_display(),
        }
    if not studio.is_running:
        return False, _("%(name)s has not been approved yet.") % {"name": studio}
    return YES


def can_join(studio: Studio, teacher: Any) -> Answer:
    """A teacher joins a studio of a batch whose region holds their school (as the join directory
    lists them): a city's batch reaches every district in it, a district's batch only that district."""
    ok, reason = can_take_records(studio)
    if not ok:
        return ok, reason
    if not teacher.school.region.path.startswith(studio.batch.region.path):
        return False, _(
            "%(school)s is outside the region of %(batch)s: a teacher joins a studio of their own region."
        ) % {
            "school": teacher.school,
            "batch": studio.batch,
        }
    return YES


def _membership_is(membership: Membership, *statuses: str) -> Answer:
    if membership.status not in statuses:
        return False, _("This step is not for a membership that is “%(status)s”.") % {
            "status": membership.get_status_display()
        }
    return YES


def can_admit(membership: Membership, user: Any) -> Answer:
    """The host (or the bureau) admits a new application to the on-site evaluation."""
    if not manages_team(membership.studio, user):
        return _not_team_manager()
    ok, reason = can_take_records(membership.studio)
    if not ok:
        return ok, reason
    return _membership_is(membership, Membership.Status.APPLIED)


def can_evaluate(membership: Membership, user: Any) -> Answer:
    """The host (or the bureau) records the on-site evaluation of an admitted applicant."""
    if not manages_team(membership.studio, user):
        return _not_team_manager()
    ok, reason = can_take_records(membership.studio)
    if not ok:
        return ok, reason
    return _membership_is(membership, Membership.Status.ADMITTED)


def approval_expects(membership: Membership) -> str:
    """A member is approved after the on-site evaluation; a mentor once invited."""
    if membership.role == Membership.Role.MEMBER:
        return Membership.Status.EVALUATED
    return Membership.Status.INVITED


def can_approve(membership: Membership, user: Any) -> Answer:
    """The bureau approves an evaluated member or an invited mentor: they join the team."""
    if not can(user, "membership.approve", membership.studio):
        return False, _("Only the bureau approves members and mentors.")
    ok, reason = can_take_records(membership.studio)
    if not ok:
        return ok, reason
    return _membership_is(membership, approval_expects(membership))


def _can_end(membership: Membership) -> Answer:
    if membership.role == Membership.Role.HOST:
        return False, _("The host cannot leave the team this way.")
    return _membership_is(membership, Membership.Status.ACTIVE)


def can_leave(membership: Membership, user: Any) -> Answer:
    """The host (or the bureau) records that a member or a mentor leaves the team."""
    if not manages_team(membership.studio, user):
        return _not_team_manager()
    return _can_end(membership)


def can_rotate(membership: Membership, user: Any) -> Answer:
    """The host (or the bureau) rotates out a member who failed (不合格 → 流动)."""
    if not manages_team(membership.studio, user):
        return _not_team_manager()
    if membership.role == Membership.Role.MENTOR:
        return False, _("A mentor leaves the team; only members graduate or rotate out.")
    return _can_end(membership)


def can_graduate(membership: Membership, user: Any) -> Answer:
    """Graduation (结业) confers a title the policy grants: the bureau's step, never the host's."""
    if not can(user, "membership.approve", membership.studio):
        return False, _("Only the bureau records a graduation.")
    if membership.role == Membership.Role.MENTOR:
        return False, _("A mentor leaves the team; only members graduate or rotate out.")
    return _can_end(membership)


def can_activate(studio: Studio, user: Any) -> Answer:
    """授牌: the bureau starts an approved studio's cycle."""
    if not can(user, "studio.review", studio):
        return False, _("Only the bureau starts a studio's cycle.")
    if studio.status != Studio.Status.APPROVED:
        return False, _("Only an approved studio can start.")
    return YES


def can_assess(studio: Studio, user: Any) -> Answer:
    """The bureau assesses a running studio, yearly and at the end of its cycle."""
    if not can(user, "studio.assess", studio):
        return False, _("Only the bureau assesses studios.")
    if studio.status not in {Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD}:
        return False, _("Only an active studio is assessed (this one is %(status)s).") % {
            "status": studio.get_status_display()
        }
    return YES


def can_override(studio: Studio, user: Any) -> Answer:
    """Bureau staff over the studio may let a step through a rule of the policy, with a written reason."""
    if not can(user, "studio.override", studio):
        return False, _("Only the bureau may override a rule of the policy.")
    return YES


# The next steps of a pending application or invitation, as the studio page offers them.


@dataclass(frozen=True)
class Step:
    verb: str
    label: Any
    allowed: bool
    reason: str
    field: str = ""
    placeholder: Any = ""
    override: bool = False
    style: str = ""


def pending_steps(membership: Membership, user: Any) -> list[Step]:
    """The step that moves a pending membership on, with the guard's answer for this user.

    A step whose guard refuses is still listed, with the reason, so the page can say why."""
    steps = {
        Membership.Status.APPLIED: lambda: Step(
            "admit", gettext_lazy("Admit"), *can_admit(membership, user), override=True
        ),
        Membership.Status.ADMITTED: lambda: Step(
            "evaluate",
            gettext_lazy("Record on-site evaluation"),
            *can_evaluate(membership, user),
            field="evaluation",
            placeholder=gettext_lazy("Evaluation"),
        ),
        approval_expects(membership): lambda: Step(
            "approve", gettext_lazy("Approve"), *can_approve(membership, user), override=True, style="btn-primary"
        ),
    }
    make = steps.get(membership.status)
    return [make()] if make else []


def can_review(studio: Studio, step: str) -> tuple[bool, str]:
    """Guard shared by the review page (to show the form) and the services (to refuse)."""
    done = {s.step for s in studio.review_steps.all()}
    if step == ReviewStep.Step.MATERIAL:
        if studio.status != Studio.Status.APPLIED:
            return False, _("The material check is for applications just submitted.")
        return True, ""
    if studio.status != Studio.Status.UNDER_REVIEW:
        return False, _("The application is not under review.")
    if step == ReviewStep.Step.DEFENCE and ReviewStep.Step.DEFENCE in done:
        return False, _("The on-site defence is already recorded.")
    if step == ReviewStep.Step.DECISION and ReviewStep.Step.DEFENCE not in done:
        return False, _("Record the on-site defence first.")
    return True, ""
