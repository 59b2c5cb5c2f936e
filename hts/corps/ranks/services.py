"""Writes of ranks and allowance. Each checks permission, validates with a message naming the rule,
and leaves an audit entry; nothing is half-written (one transaction each)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.corps.ranks import selectors
from hts.corps.ranks.guards import require_scheme_edit
from hts.corps.ranks.models import (
    AllowanceLine,
    AllowanceRate,
    AllowanceRoll,
    Rank,
    RankAssignment,
    RankCriterion,
    RankScheme,
)
from hts.org.models import Region, School, Teacher

MANAGE = selectors.MANAGE
CRITERION_FIELDS = ("kind", "number", "within_years", "education", "titles", "certificate_kind")


# Schemes ---------------------------------------------------------------------------------------


def scheme_from_values(
    *,
    values: dict[str, Any],
    region: Region | None = None,
    school: School | None = None,
    actor: Any = None,
    template: str = "",
) -> RankScheme:
    """A scheme with its ranks and criteria from plain values (a template, or a copy)."""
    owner_path = region.path if region else school.region.path  # type: ignore[union-attr]
    scheme = RankScheme(
        region=region,
        school=school,
        region_path=owner_path,
        kind=values["kind"],
        name=values["name"],
        template=template,
        updated_by=actor,
    )
    scheme.full_clean()
    scheme.save()
    for order, rank_values in enumerate(values["ranks"], start=1):
        rank = Rank.objects.create(scheme=scheme, order=rank_values.get("order", order), name=rank_values["name"])
        for criterion_values in rank_values.get("criteria", []):
            criterion = RankCriterion(rank=rank, **criterion_values)
            criterion.full_clean()
            criterion.save()
    return scheme


def scheme_values(scheme: RankScheme) -> dict[str, Any]:
    return {
        "kind": scheme.kind,
        "name": scheme.name,
        "ranks": [
            {
                "order": rank.order,
                "name": rank.name,
                "criteria": [{name: getattr(c, name) for name in CRITERION_FIELDS} for c in rank.criteria.all()],
            }
            for rank in scheme.ranks.all()
        ],
    }


def ranks_from_template(*, region: Region, bundle: Any, actor: Any = None) -> RankScheme | None:
    """The template's example scheme as the region's default (a template part; keeps an existing one)."""
    values = getattr(bundle, "ranks", None)
    if values is None or RankScheme.objects.filter(region=region).exists():
        return None
    scheme = scheme_from_values(values=values, region=region, actor=actor, template=bundle.code)
    audit_record(
        actor=actor, action="corps.rank_scheme.from_template", target=scheme, changes={"template": [None, bundle.code]}
    )
    return scheme


@transaction.atomic
def school_scheme_create(*, actor: Any, school: School, kind: str, levels: int) -> RankScheme:
    """The school's own scheme: a copy of the region's it follows, or `levels` empty ranks of `kind`."""
    require(actor, MANAGE, school)
    School.objects.select_for_update().filter(pk=school.pk).first()
    if RankScheme.objects.filter(school=school).exists():
        raise ValidationError(_("The school already has its own rank scheme."))
    regional = selectors.regional_scheme_for(school)
    if regional is not None:
        values = scheme_values(regional)
    else:
        if not 1 <= levels <= 10:
            raise ValidationError({"levels": _("A scheme has from 1 to 10 ranks.")})
        names = (
            [_("%(n)s-star head teacher") % {"n": n} for n in range(1, levels + 1)]
            if kind == RankScheme.Kind.STARS
            else [_("Level %(n)s head teacher") % {"n": levels + 1 - n} for n in range(1, levels + 1)]
        )
        values = {"kind": kind, "name": _("Head-teacher ranks"), "ranks": [{"name": n} for n in names]}
    scheme = scheme_from_values(values=values, school=school, actor=actor)
    audit_record(
        actor=actor,
        action="corps.rank_scheme.created",
        target=scheme,
        changes={"copied_from": [None, regional.name if regional else None]},
    )
    return scheme


@transaction.atomic
def rank_save(*, actor: Any, scheme: RankScheme, rank: Rank | None, order: int, name: str) -> Rank:
    require_scheme_edit(actor, scheme)
    rank = rank or Rank(scheme=scheme)
    if rank.scheme_id != scheme.pk:
        raise ValidationError(_("This rank is not in the scheme."))
    clash = Rank.objects.filter(scheme=scheme).exclude(pk=rank.pk)
    if clash.filter(order=order).exists():
        raise ValidationError({"order": _("Another rank of the scheme has this order.")})
    if clash.filter(name=name).exists():
        raise ValidationError({"name": _("Another rank of the scheme has this name.")})
    before = [rank.order, rank.name] if rank.pk else None
    rank.order, rank.name = order, name
    rank.full_clean()
    rank.save()
    audit_record(actor=actor, action="corps.rank.saved", target=rank, changes={"rank": [before, [order, name]]})
    return rank


@transaction.atomic
def rank_delete(*, actor: Any, rank: Rank) -> None:
    require_scheme_edit(actor, rank.scheme)
    if RankAssignment.objects.filter(rank=rank).exists() or AllowanceLine.objects.filter(rank=rank).exists():
        raise ValidationError(
            _("Head teachers have held this rank: it stays in the scheme, as their history names it.")
        )
    audit_record(actor=actor, action="corps.rank.deleted", target=rank, changes={"rank": [rank.name, None]})
    rank.delete()


@transaction.atomic
def criterion_add(*, actor: Any, rank: Rank, data: dict[str, Any]) -> RankCriterion:
    require_scheme_edit(actor, rank.scheme)
    criterion = RankCriterion(rank=rank, **{name: data.get(name) for name in CRITERION_FIELDS})
    for name in ("education", "titles", "certificate_kind"):
        setattr(criterion, name, getattr(criterion, name) or "")
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor,
        action="corps.rank_criterion.added",
        target=criterion,
        changes={"rank": [None, rank.name], "kind": [None, criterion.kind]},
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Any, criterion: RankCriterion) -> None:
    require_scheme_edit(actor, criterion.rank.scheme)
    audit_record(
        actor=actor,
        action="corps.rank_criterion.deleted",
        target=criterion,
        changes={"rank": [criterion.rank.name, None], "kind": [criterion.kind, None]},
    )
    criterion.delete()


# A teacher's rank ------------------------------------------------------------------------------


def _notify(teacher: Teacher, assignment: RankAssignment) -> None:
    from django.urls import reverse

    from hts.accounts.models import User
    from hts.notifications.services import Message, notifications_send

    notifications_send(
        Message(
            recipient=user,
            title=_("Your head-teacher rank: %(rank)s from %(date)s")
            % {"rank": assignment.rank.name, "date": assignment.started_on.isoformat()},
            body=assignment.reason,
            url=reverse("org-teacher-detail", kwargs={"uid": teacher.uid}),
            dedupe_key=f"corps.rank:{assignment.pk}",
        )
        for user in User.objects.filter(teacher=teacher, is_active=True)
    )


def _assign(
    *, actor: Any, teacher: Teacher, school: School, rank: Rank, proposal: Any, started_on: dt.date, reason: str
) -> RankAssignment:
    """Ends the current rank the day before and records the new one (the caller holds the teacher's lock)."""
    # A rank starts on the day it is decided or earlier: its proposal reads the records of that day, and a
    # rank dated ahead would show as held (and paid) before it begins.
    today = timezone.localdate()
    if started_on > today:
        raise ValidationError(
            {
                "started_on": _("A rank cannot start after today (%(date)s): decide it on the day it begins.")
                % {"date": today.isoformat()}
            }
        )
    current = RankAssignment.objects.filter(teacher=teacher, ended_on__isnull=True).first()
    if current is not None:
        if current.rank_id == rank.pk:
            raise ValidationError(_("%(name)s already holds %(rank)s.") % {"name": teacher.name, "rank": rank.name})
        if started_on <= current.started_on:
            raise ValidationError(
                {
                    "started_on": _("The new rank must start after the current one (%(date)s).")
                    % {"date": current.started_on.isoformat()}
                }
            )
        current.ended_on = started_on - dt.timedelta(days=1)
        current.save(update_fields=["ended_on", "updated_at"])
    proposed = proposal.rank
    assignment = RankAssignment.objects.create(
        teacher=teacher,
        school=school,
        rank=rank,
        proposed_rank=proposed,
        how=RankAssignment.How.CONFIRMED if proposed and proposed.pk == rank.pk else RankAssignment.How.CHANGED,
        started_on=started_on,
        reason=reason,
        reasons=proposal.snapshot(),
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action="corps.rank.assigned",
        target=assignment,
        changes={
            "teacher": [None, teacher.name],
            "rank": [current.rank.name if current else None, rank.name],
            "started_on": [None, started_on.isoformat()],
            "reason": [None, reason],
        },
    )
    transaction.on_commit(lambda: _notify(teacher, assignment))
    return assignment


@transaction.atomic
def rank_set(
    *, actor: Any, school: School, teacher: Teacher, rank: Rank, started_on: dt.date, reason: str = ""
) -> RankAssignment:
    """Confirm the proposal, or set another rank of the school's scheme with a reason."""
    require(actor, MANAGE, school)
    if teacher.school_id != school.pk:
        raise ValidationError(_("%(name)s is not a teacher of %(school)s.") % {"name": teacher.name, "school": school})
    teacher = Teacher.objects.select_for_update().select_related("school__region").get(pk=teacher.pk)
    scheme = selectors.scheme_for(school)
    if scheme is None or rank.scheme_id != scheme.pk:
        raise ValidationError(
            {
                "rank": _(
                    "%(rank)s is not a rank of the scheme %(school)s follows (001 二 5: the school's own scheme)."
                )
                % {"rank": rank.name, "school": school.name}
            }
        )
    proposal = selectors.proposal_rows([teacher], started_on)[0].proposal
    reason = reason.strip()
    if (proposal.rank is None or proposal.rank.pk != rank.pk) and not reason:
        raise ValidationError({"reason": _("A rank other than the proposed one needs a reason.")})
    return _assign(
        actor=actor, teacher=teacher, school=school, rank=rank, proposal=proposal, started_on=started_on, reason=reason
    )


@transaction.atomic
def proposals_confirm(*, actor: Any, school: School, previewed: dict[int, int], started_on: dt.date) -> tuple[int, int]:
    """Confirm the previewed proposals (teacher id → rank id) that still stand; (confirmed, skipped)."""
    require(actor, MANAGE, school)
    School.objects.select_for_update().filter(pk=school.pk).first()
    teachers = list(selectors.head_teachers(school).filter(pk__in=list(previewed)))
    confirmed = skipped = 0
    for row in selectors.proposal_rows(teachers, started_on):
        if not row.differs or row.proposal.rank is None or previewed.get(row.teacher.pk) != row.proposal.rank.pk:
            skipped += 1
            continue
        if row.current is not None and started_on <= row.current.started_on:
            skipped += 1
            continue
        _assign(
            actor=actor,
            teacher=row.teacher,
            school=school,
            rank=row.proposal.rank,
            proposal=row.proposal,
            started_on=started_on,
            reason="",
        )
        confirmed += 1
    return confirmed, skipped + len(previewed) - len(teachers)


# Allowance -------------------------------------------------------------------------------------


@transaction.atomic
def rates_set(*, actor: Any, school: School, amounts: dict[int, Decimal | None]) -> int:
    """The school's monthly allowance per rank of its scheme (rank id → yuan; None leaves it unset)."""
    require(actor, MANAGE, school)
    scheme = selectors.scheme_for(school)
    ranks = {rank.pk: rank for rank in scheme.ranks.all()} if scheme else {}
    changed = 0
    for rank_id, amount in amounts.items():
        if rank_id not in ranks:
            raise ValidationError(_("This rank is not in the school's scheme."))
        rate = AllowanceRate.objects.select_for_update().filter(school=school, rank_id=rank_id).first()
        before = rate.amount if rate else None
        if amount is None:
            if rate is not None:
                rate.delete()
        elif before != amount:
            rate = rate or AllowanceRate(school=school, rank=ranks[rank_id])
            rate.amount, rate.updated_by = amount, actor
            rate.full_clean()
            rate.save()
        if before != amount:
            changed += 1
            audit_record(
                actor=actor,
                action="corps.allowance_rate.saved",
                target=school,
                changes={
                    "rank": [None, ranks[rank_id].name],
                    "amount": [
                        str(before) if before is not None else None,
                        str(amount) if amount is not None else None,
                    ],
                },
            )
    return changed


def _write_lines(roll: AllowanceRoll, lines: list[selectors.Line]) -> None:
    AllowanceLine.objects.bulk_create(
        AllowanceLine(
            roll=roll,
            teacher=line.teacher,
            teacher_name=line.teacher.name,
            rank=line.rank,
            rank_name=line.rank.name if line.rank else "",
            months_in_post=line.months,
            amount=line.amount,
            note=line.note,
        )
        for line in lines
    )
    roll.total = sum((line.amount for line in lines), Decimal("0"))
    roll.save(update_fields=["total", "updated_at"])


def roll_build(*, actor: Any, school: School, month: dt.date) -> tuple[AllowanceRoll, bool]:
    """The month's roll from today's records: a first version, the draft refreshed, or, once the latest
    version is exported and something changed, the next version beside it. (roll, changed)."""
    require(actor, MANAGE, school)
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A roll is built for this month or an earlier one.")})
    try:
        return _roll_build(actor, school, month)
    except IntegrityError:
        # Another member of staff built the same month at this moment: theirs is the roll.
        latest = AllowanceRoll.objects.filter(school=school, month=month).order_by("-version").first()
        if latest is None:
            raise
        return latest, False


@transaction.atomic
def _roll_build(actor: Any, school: School, month: dt.date) -> tuple[AllowanceRoll, bool]:
    School.objects.select_for_update().filter(pk=school.pk).first()
    latest = AllowanceRoll.objects.filter(school=school, month=month).order_by("-version").first()
    lines = selectors.roll_lines(school, month)
    if latest is not None:
        unchanged = sorted(line.key() for line in latest.lines.all()) == sorted(line.key() for line in lines)
        if unchanged:
            return latest, False
        if not latest.frozen:
            latest.lines.all().delete()
            latest.built_by = actor
            _write_lines(latest, lines)
            audit_record(
                actor=actor,
                action="corps.allowance_roll.rebuilt",
                target=latest,
                changes={"total": [None, str(latest.total)]},
            )
            return latest, True
    roll = AllowanceRoll.objects.create(
        school=school, month=month, version=latest.version + 1 if latest else 1, built_by=actor
    )
    _write_lines(roll, lines)
    audit_record(
        actor=actor,
        action="corps.allowance_roll.built",
        target=roll,
        changes={"version": [None, roll.version], "total": [None, str(roll.total)]},
    )
    return roll, True


@transaction.atomic
def roll_freeze(*, actor: Any, roll: AllowanceRoll) -> AllowanceRoll:
    """Exporting sends the roll to the finance office: from then on it is never changed."""
    require(actor, MANAGE, roll.school)
    roll = AllowanceRoll.objects.select_for_update().get(pk=roll.pk)
    if not roll.frozen:
        roll.status, roll.exported_at, roll.exported_by = AllowanceRoll.Status.EXPORTED, timezone.now(), actor
        roll.save(update_fields=["status", "exported_at", "exported_by", "updated_at"])
        audit_record(
            actor=actor,
            action="corps.allowance_roll.exported",
            target=roll,
            changes={"status": [AllowanceRoll.Status.DRAFT, AllowanceRoll.Status.EXPORTED]},
        )
    return roll
