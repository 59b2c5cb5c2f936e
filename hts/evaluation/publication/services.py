"""Writes after publication (公示): objections, corrections and finalising a round.

A published result changes only through ``result_correct``: it records the Correction (old → new,
why, who), updates the item result and the total, and ranks the round again within school and
district and grades it again. The scoring sheet itself is closed once the round is not open.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hts.accounts.access import require
from hts.accounts.models import User
from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.evaluation import notices
from hts.evaluation.publication.models import Correction, Objection
from hts.evaluation.publication.selectors import item_maximum
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Subject
from hts.evaluation.rounds.selectors import is_summary, summary_missing_months
from hts.evaluation.rubrics.models import RubricItem
from hts.notifications.services import Message, notifications_send

CORRECTABLE = [EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL]


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# Ranks and grades ---------------------------------------------------------------------------------


def round_rerank(rnd: EvaluationRound, subject: Subject) -> None:
    """After a correction of `subject`: its grade again, and the round's ranks in school and district
    (the same ranking and grade bounds as closing and publishing, in services.py)."""
    from hts.evaluation.rounds.services import subject_grade_refresh, subjects_rank

    subject_grade_refresh(rnd, subject)
    subjects_rank(rnd)


# Corrections ---------------------------------------------------------------------------------------


def _notify_subject(subject: Subject, *, title: str, key: str, body: str = "") -> None:
    recipients = list(User.objects.filter(teacher_id=subject.teacher_id, is_active=True))
    url = reverse("evaluation-subject-detail", kwargs={"uid": subject.uid})
    notifications_send(
        [Message(recipient=user, title=title, body=body, url=url, dedupe_key=key) for user in recipients]
    )


@transaction.atomic
def result_correct(
    *,
    actor: Any,
    subject: Subject,
    item: RubricItem,
    new_points: Decimal,
    reason: str,
    objection: Objection | None = None,
) -> Correction:
    """Change one item of a published (or final) result, with the reason; always recorded."""
    rnd = EvaluationRound.objects.select_for_update().get(pk=subject.round_id)
    require(actor, "evaluation.organise", rnd)
    if rnd.status not in CORRECTABLE:
        raise TransitionRefused(
            _(
                "Only a published or final result is corrected; this round is %(status)s: change the scores on its sheet."
            )
            % {"status": rnd.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    if item.version_id != rnd.version_id:
        raise ValidationError({"item": _("This item is not in the round's rubric.")})
    highest = item_maximum(rnd, subject, item)
    if new_points is None or new_points < 0 or new_points > highest:
        raise ValidationError({"new_points": _("Points must be between 0 and %(max)s.") % {"max": highest}})
    result = ItemResult.objects.select_for_update().filter(subject=subject, item=item).first()
    old_points = result.points if result else Decimal("0")
    if new_points == old_points:
        raise ValidationError({"new_points": _("These are already the points of this item.")})
    if result is None:
        ItemResult.objects.create(subject=subject, item=item, points=new_points, raters=0)
    else:
        result.points = new_points
        result.save(update_fields=["points"])
    correction = Correction.objects.create(
        subject=subject,
        item=item,
        old_points=old_points,
        new_points=new_points,
        reason=reason,
        objection=objection,
        corrected_by=actor,
    )
    old_total = subject.total
    subject.total = ItemResult.objects.filter(subject=subject).aggregate(s=Sum("points"))["s"] or Decimal("0")
    subject.save(update_fields=["total", "updated_at"])
    round_rerank(rnd, subject)
    subject.refresh_from_db()
    audit_record(
        actor=actor,
        action="evaluation.result.corrected",
        target=subject,
        changes={
            f"item {item.number}": [str(old_points), str(new_points)],
            "total": [str(old_total), str(subject.total)],
            "reason": reason,
        },
    )
    _notify_subject(
        subject,
        title=_("Your result in “%(round)s” was corrected: item %(number)s is now %(points)s points.")
        % {"round": rnd, "number": item.number, "points": new_points},
        body=reason,
        key=f"evaluation.correction.{correction.pk}",
    )
    return correction


# Objections ----------------------------------------------------------------------------------------


@transaction.atomic
def objection_raise(
    *, actor: Any, subject: Subject, reason: str, item: RubricItem | None = None, today: dt.date | None = None
) -> Objection:
    """The person objects to their own published result, within the objection period."""
    require(actor, "evaluation.own")
    if getattr(actor, "teacher_id", None) != subject.teacher_id:
        raise PermissionDenied(_("Only the person evaluated may object to their result."))
    rnd = EvaluationRound.objects.get(pk=subject.round_id)
    if rnd.status != EvaluationRound.Status.PUBLISHED:
        raise TransitionRefused(_("Objections are taken only while the result is published (公示)."))
    if rnd.objections_until is None or _today(today) > rnd.objections_until:
        raise TransitionRefused(
            _("The objection period ended on %(day)s.")
            % {"day": rnd.objections_until.isoformat() if rnd.objections_until else "—"}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for your objection.")})
    if item is not None and item.version_id != rnd.version_id:
        raise ValidationError({"item": _("This item is not in the round's rubric.")})
    # Lock the person's result so that two objections sent at once cannot both pass the check.
    Subject.objects.select_for_update().filter(pk=subject.pk).first()
    if Objection.objects.filter(subject=subject, item=item, status=Objection.Status.OPEN).exists():
        raise TransitionRefused(
            _("You already have an open objection about this item; wait for its outcome.")
            if item
            else _("You already have an open objection about the whole result; wait for its outcome.")
        )
    objection = Objection.objects.create(subject=subject, item=item, reason=reason, raised_by=actor)
    log_transition(target=objection, from_state="", to_state=Objection.Status.OPEN, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action="evaluation.objection.raised",
        target=objection,
        target_label=str(subject),
        changes={"item": item.number if item else "", "reason": reason},
    )
    notices.objection_raised(objection)
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: Any,
    objection: Objection,
    upheld: bool,
    outcome: str,
    item: RubricItem | None = None,
    new_points: Decimal | None = None,
) -> Objection:
    """Uphold (correcting one item's points) or dismiss an open objection; the outcome is required."""
    subject = objection.subject
    rnd = subject.round
    require(actor, "evaluation.organise", rnd)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": _("Write the outcome: the person reads it.")})
    item = item or objection.item
    if upheld and (item is None or new_points is None):
        raise ValidationError(
            {"new_points": _("An upheld objection corrects one item: choose it and give its points.")}
        )
    new_status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    if not claim(
        Objection,
        pk=objection.pk,
        expected=Objection.Status.OPEN,
        new=new_status,
        outcome=outcome,
        decided_by=actor,
        decided_at=timezone.now(),
        updated_at=timezone.now(),
    ):
        raise TransitionRefused(stale_message())
    objection.refresh_from_db()
    if upheld and item is not None and new_points is not None:
        result_correct(
            actor=actor, subject=subject, item=item, new_points=new_points, reason=outcome, objection=objection
        )
    log_transition(target=objection, from_state=Objection.Status.OPEN, to_state=new_status, actor=actor, reason=outcome)
    audit_record(
        actor=actor,
        action=f"evaluation.objection.{new_status}",
        target=objection,
        target_label=str(subject),
        changes={"status": [Objection.Status.OPEN, new_status], "outcome": outcome},
    )
    _notify_subject(
        subject,
        title=(
            _("Your objection to “%(round)s” was upheld.")
            if upheld
            else _("Your objection to “%(round)s” was dismissed.")
        )
        % {"round": rnd},
        body=outcome,
        key=f"evaluation.objection.{objection.pk}.decided",
    )
    return objection


# Finalising ----------------------------------------------------------------------------------------


@transaction.atomic
def round_finalise(*, actor: Any, rnd: EvaluationRound, today: dt.date | None = None) -> EvaluationRound:
    """published → final, after the objection period with every objection decided; then the
    consequences of the results (grades, failing yearly results) in the same transaction."""
    require(actor, "evaluation.organise", rnd)
    if rnd.status != EvaluationRound.Status.PUBLISHED:
        raise TransitionRefused(
            _("Only a published round is finalised; this one is %(status)s.") % {"status": rnd.get_status_display()}
        )
    if rnd.objections_until and _today(today) <= rnd.objections_until:
        raise TransitionRefused(
            _("The objection period runs until %(day)s; finalise after it.") % {"day": rnd.objections_until.isoformat()}
        )
    if rnd.period == EvaluationRound.Period.YEARLY and is_summary(rnd):
        last_month = rnd.school_year.ends_on.replace(day=1)
        if _today(today) < last_month:
            lacking = "、".join(f"{month.year}年{month.month}月" for month in summary_missing_months(rnd))
            raise TransitionRefused(
                _(
                    "A yearly summary is finalised from %(month)s, the school year's last month. "
                    "Months without a published monthly round: %(months)s."
                )
                % {"month": f"{last_month.year}年{last_month.month}月", "months": lacking or "—"}
            )
    still_open = Objection.objects.filter(subject__round=rnd, status=Objection.Status.OPEN).count()
    if still_open:
        raise TransitionRefused(
            ngettext(
                "%(count)d objection is still open; decide it first.",
                "%(count)d objections are still open; decide them first.",
                still_open,
            )
            % {"count": still_open}
        )
    if not claim(
        EvaluationRound, pk=rnd.pk, expected=EvaluationRound.Status.PUBLISHED, new=EvaluationRound.Status.FINAL
    ):
        raise TransitionRefused(stale_message())
    rnd.refresh_from_db()
    log_transition(
        target=rnd, from_state=EvaluationRound.Status.PUBLISHED, to_state=EvaluationRound.Status.FINAL, actor=actor
    )
    audit_record(
        actor=actor,
        action="evaluation.round.finalised",
        target=rnd,
        changes={"status": [EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL]},
    )
    _apply_consequences(rnd, actor)
    return rnd


def _apply_consequences(rnd: EvaluationRound, actor: Any) -> None:
    try:
        from hts.evaluation.grades.consequences import round_consequences_apply
    except ModuleNotFoundError as error:
        if error.name != "hts.evaluation.grades.consequences":
            raise
        return  # the consequences module is not installed yet
    round_consequences_apply(rnd=rnd, actor=actor)
