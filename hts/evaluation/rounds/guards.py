"""Guards of the round workflow: ``can_<verb>(rnd, user) -> (bool, reason)``, asked by the pages to show
or explain a button and by the services to refuse."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.evaluation.rounds.models import EvaluationRound, Rater
from hts.evaluation.rounds.selectors import is_summary, missing_scores, self_raters

Status = EvaluationRound.Status


def may_organise(rnd: EvaluationRound, user: Any) -> bool:
    # Asked by several guards on one page: answered once per round object and user.
    cache = rnd.__dict__.setdefault("_may_organise", {})
    if user.pk not in cache:
        cache[user.pk] = can(user, "evaluation.organise", rnd)
    return bool(cache[user.pk])


def can_organise(rnd: EvaluationRound, user: Any) -> tuple[bool, str]:
    if not may_organise(rnd, user):
        return False, _("Only the round's organiser may do this.")
    return True, ""


def _organiser_guard(rnd: EvaluationRound, user: Any, status: str) -> tuple[bool, str]:
    ok, reason = can_organise(rnd, user)
    if not ok:
        return ok, reason
    if rnd.status != status:
        return False, _("The round is %(status)s.") % {"status": rnd.get_status_display()}
    return True, ""


def can_edit(rnd: EvaluationRound, user: Any) -> tuple[bool, str]:
    """Adding or removing people and raters: the organiser, while the round is a draft."""
    return _organiser_guard(rnd, user, Status.DRAFT)


def can_open(rnd: EvaluationRound, user: Any) -> tuple[bool, str]:
    ok, reason = _organiser_guard(rnd, user, Status.DRAFT)
    if not ok:
        return ok, reason
    if is_summary(rnd):
        return False, _("A summary round is not scored: close it to sum its sources.")
    if not rnd.subjects.exists():
        return False, _("Add at least one person to evaluate.")
    if not rnd.raters.exists():
        return False, _("Add at least one rater.")
    both = self_raters(rnd)
    if both:
        return False, _(
            "%(names)s would rate themselves: no one rates themself. Remove them as raters or as people evaluated."
        ) % {"names": "、".join(both)}
    return True, ""


def can_close(rnd: EvaluationRound, user: Any) -> tuple[bool, str]:
    summary = is_summary(rnd)
    ok, reason = _organiser_guard(rnd, user, Status.DRAFT if summary else Status.OPEN)
    if not ok:
        return ok, reason
    if summary:
        return True, ""
    missing = missing_scores(rnd)
    if missing:
        names = "、".join(_("%(name)s (%(count)s missing)") % {"name": name, "count": count} for name, count in missing)
        return False, _("Not every rater has scored every item of every person: %(names)s.") % {"names": names}
    return True, ""


def can_publish(rnd: EvaluationRound, user: Any) -> tuple[bool, str]:
    if rnd.owner:
        # An appointment's speeches end in its own assignment and list, never in a published grade
        # that honours, ranks and the work archive would read as a yearly result.
        return False, _("This round is run from the competitive appointment's pages and is not published here.")
    return _organiser_guard(rnd, user, Status.CLOSED)


def can_score(rnd: EvaluationRound, rater: Rater | None) -> tuple[bool, str]:
    if rater is None or rater.round_id != rnd.pk:
        return False, _("You are not a rater of this round.")
    if rnd.status != Status.OPEN:
        return False, _("The round is %(status)s.") % {"status": rnd.get_status_display()}
    return True, ""


def can_score_subject(rater: Rater, subject: Any) -> tuple[bool, str]:
    """No one rates themself, in any round."""
    teacher_id = rater.user.teacher_id if rater.user_id else None
    if teacher_id is not None and teacher_id == subject.teacher_id:
        return False, _("You cannot rate yourself.")
    return True, ""
