"""Writes of grades and consequences: a host records a member's semester grade by hand (when no
studio round graded it), and the bureau confirms or withdraws a failing yearly result."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hts.accounts.access import can, require
from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.evaluation.grades.guards import can_review_failure
from hts.evaluation.grades.models import MemberGrade, YearlyFailure
from hts.evaluation.grades.signals import yearly_failure_confirmed
from hts.org.models import Semester
from hts.studios.models import Grade, Membership


@transaction.atomic
def member_grade_record(
    *, actor: Any, membership: Membership, semester: Semester, grade: str, comment: str = ""
) -> MemberGrade:
    """The host's grade of one member for one semester (002 5(3)); a later change is kept in history."""
    require(actor, "grade.record", membership.studio)
    if membership.role != Membership.Role.MEMBER or membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only active members of the studio are graded."))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose a grade.")})
    if grade == Grade.FAILED and not comment.strip():
        raise ValidationError({"comment": _("Say why the member is not qualified.")})
    existing = MemberGrade.objects.filter(membership=membership, semester=semester).first()
    before = existing.grade if existing else None
    record, _created = MemberGrade.objects.update_or_create(
        membership=membership,
        semester=semester,
        defaults={"grade": grade, "comment": comment.strip(), "decided_by": actor},
    )
    audit_record(
        actor=actor,
        action="evaluation.grade.recorded",
        target=record,
        target_label=f"{membership.person_name} · {semester}",
        changes={"grade": [before, grade]},
    )
    return record


@transaction.atomic
def yearly_failure_review(*, actor: Any, failure: YearlyFailure, confirm: bool, note: str = "") -> YearlyFailure:
    """The bureau checks a reported failing result (001 10: 经核实后, 将取消班主任资格证).

    Confirming marks the qualification certificate for revocation; withdrawing (with a note) lifts the
    bar on that year's honours."""
    if not can(actor, "failure.review", failure):
        raise PermissionDenied(_("You do not have permission to do this."))
    allowed, reason = can_review_failure(failure, actor)
    if not allowed:
        raise TransitionRefused(reason)
    if not confirm and not note.strip():
        raise ValidationError({"note": _("Say why the result is withdrawn.")})
    new = YearlyFailure.Status.CONFIRMED if confirm else YearlyFailure.Status.WITHDRAWN
    if not claim(
        YearlyFailure,
        pk=failure.pk,
        expected=YearlyFailure.Status.REPORTED,
        new=new,
        certificate_revocation=confirm,
        note=note.strip(),
        decided_by=actor,
    ):
        raise TransitionRefused(stale_message())
    failure.refresh_from_db()
    log_transition(target=failure, from_state=YearlyFailure.Status.REPORTED, to_state=new, actor=actor, reason=note)
    audit_record(
        actor=actor,
        action="evaluation.failure.confirmed" if confirm else "evaluation.failure.withdrawn",
        target=failure,
        target_label=f"{failure.teacher} · {failure.school_year}",
        changes={"status": [YearlyFailure.Status.REPORTED, new]},
    )
    if confirm:
        # Inside the transaction: a listener that fails (corps revoking the certificate) undoes the decision.
        yearly_failure_confirmed.send(sender=YearlyFailure, failure=failure, actor=actor)
    return failure
