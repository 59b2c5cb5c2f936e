"""Writes for a studio's team: applying to join, admitting, evaluating and approving members, inviting
mentors, the liaison, and ending a membership. Each refuses with the rule its guard (studios/guards.py)
shows on the page; the team's composition is checked against the batch's policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.org.models import Teacher
from hts.studios import guards, notices, rules
from hts.studios.models import Membership, Studio
from hts.studios.selectors import composition_counts, member_standard_for
from hts.studios.services import _check_composition, _may_act_for, _refuse_unless, _refuse_unmet

# Team ------------------------------------------------------------------------------------------


def _check_team_manager(actor: Any, studio: Studio) -> None:
    """The studio's host manages its team; bureau staff of its region may act too (to override)."""
    if not guards.manages_team(studio, actor):
        raise PermissionDenied(_("Only the studio's host or the bureau may do this."))


@transaction.atomic
def membership_apply(*, actor: Any, studio: Studio, teacher: Teacher, statement: str = "") -> Membership:
    source = _may_act_for(actor, teacher, "studio.join")
    _refuse_unless(guards.can_join(studio, teacher))
    current = Membership.objects.filter(teacher=teacher).exclude(
        status__in=[
            Membership.Status.REFUSED,
            Membership.Status.LEFT,
            Membership.Status.ROTATED_OUT,
            Membership.Status.GRADUATED,
        ]
    )
    if current.filter(studio=studio).exists():
        raise TransitionRefused(_("%(name)s is already in this studio's team or has applied.") % {"name": teacher})
    if studio.batch.policy.single_studio_per_batch and current.filter(studio__batch=studio.batch).exists():
        raise TransitionRefused(
            _("The batch's policy allows one studio per member; %(name)s is already in another studio of this batch.")
            % {"name": teacher}
        )
    _refuse_unmet(member_standard_for(studio, teacher))
    membership = Membership.objects.create(
        studio=studio,
        role=Membership.Role.MEMBER,
        teacher=teacher,
        status=Membership.Status.APPLIED,
        source=source,
        statement=statement,
    )
    log_transition(target=membership, from_state="", to_state=membership.status, actor=actor)
    audit_record(actor=actor, action="studios.membership.applied", target=membership)
    notices.membership_waiting(membership)
    return membership


def _move_membership(
    membership: Membership, *, actor: Any, expected: str | list[str], new: str, reason: str = "", **fields: Any
) -> None:
    previous = membership.status
    if not claim(Membership, pk=membership.pk, expected=expected, new=new, **fields):
        raise TransitionRefused(stale_message())
    # The conditional UPDATE skips simple-history; save once more so the history row records it.
    membership.refresh_from_db()
    membership.save()
    log_transition(target=membership, from_state=previous, to_state=new, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=f"studios.membership.{new}",
        target=membership,
        changes={"status": [previous, new], **({"reason": [None, reason]} if reason else {})},
    )


@transaction.atomic
def membership_admit(*, actor: Any, membership: Membership, override_reason: str = "") -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_admit(membership, actor))
    used = _check_composition(
        actor, studio, composition_counts(studio, adding=membership), override_reason, before=composition_counts(studio)
    )
    _move_membership(
        membership,
        actor=actor,
        expected=Membership.Status.APPLIED,
        new=Membership.Status.ADMITTED,
        reason=used,
        override_reason=used,
    )
    return membership


@transaction.atomic
def membership_evaluate(*, actor: Any, membership: Membership, evaluation: str) -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_evaluate(membership, actor))
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Write the on-site evaluation.")})
    _move_membership(
        membership,
        actor=actor,
        expected=Membership.Status.ADMITTED,
        new=Membership.Status.EVALUATED,
        evaluation=evaluation,
    )
    notices.membership_waiting(membership)
    return membership


@transaction.atomic
def membership_approve(*, actor: Any, membership: Membership, override_reason: str = "") -> Membership:
    """Bureau approval: the member joins; composition is checked again, as the team may have changed."""
    studio = membership.studio
    require(actor, "membership.approve", studio)
    _refuse_unless(guards.can_approve(membership, actor))
    expected = guards.approval_expects(membership)
    used = _check_composition(
        actor, studio, composition_counts(studio, adding=membership), override_reason, before=composition_counts(studio)
    )
    _move_membership(
        membership,
        actor=actor,
        expected=expected,
        new=Membership.Status.ACTIVE,
        reason=used,
        started_on=timezone.localdate(),
        override_reason=used or membership.override_reason,
    )
    notices.membership_decided(membership)
    return membership


@transaction.atomic
def membership_refuse(*, actor: Any, membership: Membership, reason: str) -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    _move_membership(
        membership,
        actor=actor,
        expected=[
            Membership.Status.APPLIED,
            Membership.Status.ADMITTED,
            Membership.Status.EVALUATED,
            Membership.Status.INVITED,
        ],
        new=Membership.Status.REFUSED,
        reason=reason,
    )
    notices.membership_decided(membership, reason=reason)
    return membership


@transaction.atomic
def mentor_invite(
    *,
    actor: Any,
    studio: Studio,
    teacher: Teacher | None = None,
    external_name: str = "",
    external_affiliation: str = "",
    override_reason: str = "",
) -> Membership:
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_take_records(studio))
    if teacher is None and not external_name.strip():
        raise ValidationError({"external_name": _("Choose a teacher or write the mentor's name.")})
    if (
        teacher is not None
        and Membership.objects.filter(studio=studio, teacher=teacher)
        .exclude(status__in=[Membership.Status.REFUSED, Membership.Status.LEFT])
        .exists()
    ):
        raise TransitionRefused(_("%(name)s is already in this studio's team.") % {"name": teacher})
    membership = Membership(
        studio=studio,
        role=Membership.Role.MENTOR,
        teacher=teacher,
        external_name=external_name.strip(),
        external_affiliation=external_affiliation.strip(),
        status=Membership.Status.INVITED,
        source=Membership.Source.INVITED,
    )
    used = _check_composition(
        actor, studio, composition_counts(studio, adding=membership), override_reason, before=composition_counts(studio)
    )
    membership.override_reason = used
    membership.full_clean()
    membership.save()
    log_transition(target=membership, from_state="", to_state=membership.status, actor=actor, reason=used)
    audit_record(actor=actor, action="studios.membership.invited", target=membership)
    notices.membership_waiting(membership)
    return membership


@transaction.atomic
def membership_set_liaison(
    *, actor: Any, membership: Membership, is_liaison: bool, override_reason: str = ""
) -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_take_records(studio))
    if membership.role != Membership.Role.MEMBER or membership.status != Membership.Status.ACTIVE:
        raise TransitionRefused(_("Only an active member can be the liaison."))
    if is_liaison:
        _check_composition(
            actor,
            studio,
            _counts_with_liaison(studio, membership),
            override_reason,
            before=composition_counts(studio),
        )
    membership.is_liaison = is_liaison
    membership.save(update_fields=["is_liaison", "updated_at"])
    audit_record(
        actor=actor,
        action="studios.membership.liaison",
        target=membership,
        changes={"is_liaison": [not is_liaison, is_liaison]},
    )
    return membership


def _counts_with_liaison(studio: Studio, membership: Membership) -> rules.CompositionCounts:
    counts = composition_counts(studio)
    already = Membership.objects.filter(pk=membership.pk, is_liaison=True).exists()
    return rules.CompositionCounts(**{**counts.__dict__, "liaisons": counts.liaisons + (0 if already else 1)})


END_STATES = {
    "left": Membership.Status.LEFT,
    "rotated_out": Membership.Status.ROTATED_OUT,
    "graduated": Membership.Status.GRADUATED,
}


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, how: str, reason: str = "", title: str = "") -> Membership:
    """A member leaves, is rotated out (不合格 → 流动), or graduates (结业) with a title the policy grants.

    The host records leaving and rotation; graduation, which confers a title, is the bureau's."""
    studio = membership.studio
    if how not in END_STATES:
        raise ValidationError({"how": _("Unknown way of leaving.")})
    if how == "graduated":
        require(actor, "membership.approve", studio)
    else:
        _check_team_manager(actor, studio)
    guard = {"left": guards.can_leave, "rotated_out": guards.can_rotate, "graduated": guards.can_graduate}[how]
    _refuse_unless(guard(membership, actor))
    titles = studio.batch.policy.titles
    if title and title not in titles:
        raise ValidationError(
            {"title": _("The policy grants only: %(titles)s.") % {"titles": "、".join(titles) or _("none")}}
        )
    if how != "graduated" and title:
        raise ValidationError({"title": _("Only a graduating member receives a title.")})
    if how in {"rotated_out", "left"} and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    _move_membership(
        membership,
        actor=actor,
        expected=Membership.Status.ACTIVE,
        new=END_STATES[how],
        reason=reason,
        ended_on=timezone.localdate(),
        graduation_title=title,
        is_liaison=False,
    )
    return membership
