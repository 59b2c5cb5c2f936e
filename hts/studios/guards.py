"""Who may move a studio or a membership, and when: `can_<verb>(obj, user) -> (bool, reason)`.

The services call a guard and refuse with its reason; the studio page calls the same guard to show
a button, or to say why it is not there. A reason is a sentence in the user's language, "" when the
step is allowed. Who may act at all is asked of the access API (accounts.access); the guards add
the states each step needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hts.accounts.access import can
from hts.studios.models import CLOSED_STATES, Membership, ResearchCheck, ReviewStep, Studio

Answer = tuple[bool, str]
YES: Answer = (True, "")


def manages_team(studio: Studio, user: Any) -> bool:
    """The studio's host manages its team; bureau staff over its region may act on it too."""
    return can(user, "studio.manage_team", studio) or can(user, "membership.approve", studio)


def _not_team_manager() -> Answer:
    return False, _("Only the studio's host or the bureau may do this.")


def can_edit_theme(studio: Studio, user: Any) -> Answer:
    """The host words the studio's theme (shown on its website) while the studio runs."""
    if not can(user, "studio.manage_team", studio):
        return False, _("Only the studio's host may change its theme.")
    if not studio.is_running:
        return False, _("Only a running studio's theme can be changed.")
    return YES


# What a studio may be asked to take: every app asks `studio_open_for(studio, work)` before it
# writes under a studio, so a revoked or expired studio is closed on every path (page, service,
# check-in, task, API) by this one answer. The words finish the sentence "it takes no …".
WORK: dict[str, Any] = {
    "activity": pgettext_lazy("studio takes no", "new activities"),
    "checkin": pgettext_lazy("studio takes no", "check-ins"),
    "attendance": pgettext_lazy("studio takes no", "attendance records"),
    "archive": pgettext_lazy("studio takes no", "archive items"),
    "plan": pgettext_lazy("studio takes no", "plans"),
    "expense": pgettext_lazy("studio takes no", "expenses or budgets"),
    "grant": pgettext_lazy("studio takes no", "grants"),
    "research": pgettext_lazy("studio takes no", "research records"),
    "team": pgettext_lazy("studio takes no", "team changes"),
}
# Work that needs the studio running (approved, active or on a yellow card) rather than merely not closed.
NEEDS_RUNNING = frozenset({"activity", "checkin", "attendance", "plan", "team"})


def cycle_over(studio: Studio, today: dt.date | None = None) -> bool:
    """The cycle's last (calendar) year has ended (003 一(一): 建设周期 2019—2021 年)."""
    return (today or timezone.localdate()).year > studio.batch.end_year


def outside_cycle(studio: Studio, year: int) -> str:
    """Why `year` is refused for the studio ("" when it falls within the cycle)."""
    batch = studio.batch
    if batch.start_year <= year <= batch.end_year:
        return ""
    return _("%(year)d is outside the cycle of %(name)s (%(start)d–%(end)d).") % {
        "year": year,
        "name": studio,
        "start": batch.start_year,
        "end": batch.end_year,
    }


def studio_open_for(studio: Studio, work: str, *, year: int | None = None) -> Answer:
    """Whether the studio takes `work` now (and for `year`, when given), and if not, why.

    A revoked, expired, completed or refused studio takes nothing; a studio whose cycle has ended
    takes nothing even before the daily task marks it expired; grants are the bureau's and only
    need a year within the cycle (a closed studio's grant of a past year may be corrected)."""
    words = WORK[work]
    if work != "grant":
        if studio.status in CLOSED_STATES:
            return False, _("%(name)s is %(status)s: it takes no %(work)s.") % {
                "name": studio,
                "status": studio.get_status_display(),
                "work": words,
            }
        if work in NEEDS_RUNNING and not studio.is_running:
            return False, _("%(name)s has not been approved yet: it takes no %(work)s.") % {
                "name": studio,
                "work": words,
            }
        if studio.is_running and cycle_over(studio):
            return False, _("The cycle of %(name)s ended in %(end)d: it takes no %(work)s.") % {
                "name": studio,
                "end": studio.batch.end_year,
                "work": words,
            }
    if year is not None:
        reason = outside_cycle(studio, year)
        if reason:
            return False, reason
    return YES


def can_take_records(studio: Studio) -> Answer:
    """A team changes only while the studio runs (approved, active or on a yellow card)."""
    return studio_open_for(studio, "team")


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
    if studio.status not in ASSESSED_STATES:
        return False, _("Only an active studio is assessed (this one is %(status)s).") % {
            "status": studio.get_status_display()
        }
    return YES


# A studio is assessed while it runs and, once its cycle has ended, until its end-of-cycle grade.
ASSESSED_STATES = frozenset({Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD, Studio.Status.EXPIRED})


def can_assess_year(studio: Studio, kind: str, year: int, today: dt.date | None = None) -> Answer:
    """003 五(一): 考核评估每年一次 (a year is assessed once it has ended), 期满考核 (the end-of-cycle
    grade is given in or after the cycle's last year, for that year)."""
    today = today or timezone.localdate()
    reason = outside_cycle(studio, year)
    if reason:
        return False, reason
    end = studio.batch.end_year
    if kind == "final":
        if year != end:
            return False, _("The end-of-cycle assessment is for the cycle's last year, %(end)d.") % {"end": end}
        if today.year < end:
            return False, _("The end-of-cycle assessment is given in or after %(end)d, the cycle's last year.") % {
                "end": end
            }
        return YES
    if year >= today.year:
        return False, _("%(year)d has not ended yet: a yearly assessment is for a year that has ended.") % {
            "year": year
        }
    return YES


def assessment_due(studio: Studio, assessed: set[tuple[str, int]], today: dt.date | None = None) -> tuple[str, int]:
    """The assessment the bureau owes next, as (kind, year): the earliest ended year of the cycle not
    yet assessed, else the end-of-cycle grade once the last year has come; `assessed` holds the
    (kind, year) pairs already recorded."""
    today = today or timezone.localdate()
    batch = studio.batch
    for year in range(batch.start_year, min(today.year - 1, batch.end_year) + 1):
        if ("yearly", year) not in assessed:
            return "yearly", year
    if today.year >= batch.end_year:
        return "final", batch.end_year
    return "yearly", min(max(today.year - 1, batch.start_year), batch.end_year)


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


def can_check_research(studio: Studio, user: Any) -> Answer:
    """The bureau checks the research an applicant declared, during the selection (issue 13, point 2):
    once, from 待核实 to verified or not; never the applicant's own (nor anyone outside the bureau)."""
    if not can(user, "studio.review", studio):
        return False, _("You do not have permission to do this.")
    if not studio.batch.policy.host_research_min_level or not studio.research_level:
        return False, _("The application declares no research for the host standard.")
    if studio.status not in {Studio.Status.APPLIED, Studio.Status.UNDER_REVIEW}:
        return False, _("The declared research is checked during the selection, before the decision.")
    if getattr(user, "teacher_id", None) and user.teacher_id == studio.host_id:
        return False, _("No one checks their own application.")
    if studio.research_check != ResearchCheck.PENDING:
        return False, _("The declared research is already checked: %(state)s.") % {
            "state": studio.get_research_check_display()
        }
    return YES
