"""Writes of an honours call, each a guarded step: draft → nominating → panel review → 公示 → final.

Each checks permission, validates, leaves an audit entry, and tells whoever must act next."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.models import RoleAssignment, User
from hts.accounts.permissions import roles_with
from hts.accounts.selectors import users_who_may
from hts.core.audit import audit_record
from hts.corps.honours.eligibility import eligibility_of, failed_checks
from hts.corps.honours.levels import check_level
from hts.corps.honours.models import HonourCall, HonourObjection, HonourQuota, Nomination, PanelMember, PanelScore
from hts.corps.objections import services as objections
from hts.evaluation.grades.models import YearlyFailure
from hts.notifications.services import Message, notifications_send
from hts.org.honour_bars import honour_bar_reason
from hts.org.models import Honour, Region, School, SchoolClass, Teacher

ORGANISE, NOMINATE = "corps.honours.organise", "corps.honours.nominate"
Status = HonourCall.Status


def _nominee_on_panel(name: str) -> str:
    """回避: a nominee neither sits on the call's panel nor scores themself."""
    return _("%(name)s is nominated in this call and may not sit on its panel (回避).") % {"name": name}


def _panel_member_nominated(name: str) -> str:
    """The other side of 回避: the organiser must take them off the panel before the school nominates them."""
    return _(
        "%(name)s sits on this call's panel and may not be nominated in it (回避): the organiser removes them "
        "from the panel first."
    ) % {"name": name}


def _refuse_unless(call: HonourCall, *statuses: str) -> None:
    if call.status not in statuses:
        raise ValidationError(
            _("This step is not possible while the call is “%(status)s”.") % {"status": call.get_status_display()}
        )


def _locked(call: HonourCall) -> HonourCall:
    return (
        HonourCall.objects.select_for_update(of=("self",))
        .select_related("school_year", "region", "school")
        .get(pk=call.pk)
    )


def _send(messages: list[Message]) -> None:
    # Inside the step's transaction: a refused step tells no one (the email copies wait for the commit).
    if messages:
        notifications_send(messages)


def _school_staff(school_ids: list[int]) -> list[tuple[int, Any]]:
    """Who nominates for each school: the holders of the nominate action assigned over it (one query)."""
    rows = RoleAssignment.objects.active().filter(
        role__in=roles_with(NOMINATE), school_id__in=school_ids, user__is_active=True
    )
    return [(row.school_id, row.user) for row in rows.select_related("user")]  # type: ignore[misc]


def organisers(call: HonourCall) -> list[Any]:
    if call.school_id:
        return users_who_may(ORGANISE, call, region_within=None)
    return users_who_may(ORGANISE, call, region_within=call.organiser_path, level="nearest")


def in_reach(call: HonourCall, school: School) -> bool:
    """Whether `school` may take part: the organising school itself, or a school in the bureau's region."""
    if call.school_id:
        return school.pk == call.school_id
    return school.region.path.startswith(call.organiser_path)


# The call -------------------------------------------------------------------------------------------


@transaction.atomic
def call_create(
    *, actor: Any, data: dict[str, Any], region: Region | None = None, school: School | None = None
) -> HonourCall:
    organiser: Any = school if school is not None else region
    require(actor, ORGANISE, organiser)
    check_level(str(data.get("level", "")), region=region if school is None else None, school=school)
    call = HonourCall(region=region if school is None else None, school=school, created_by=actor, **data)
    call.organiser_path = school.region.path if school is not None else region.path  # type: ignore[union-attr]
    if call.review_until < call.nominations_until:
        raise ValidationError({"review_until": _("Panel scoring cannot end before nominations close.")})
    same_name = _("This organiser already has a call of this name in this school year.")
    if HonourCall.objects.filter(
        region=call.region, school=call.school, school_year=call.school_year, title=call.title
    ).exists():
        raise ValidationError({"title": same_name})
    call.full_clean()
    try:
        # Two staff creating the same call at once: the constraint refuses the second.
        with transaction.atomic():
            call.save()
    except IntegrityError as error:
        raise ValidationError({"title": same_name}) from error
    audit_record(actor=actor, action="corps.honours.call_created", target=call, changes={"title": [None, call.title]})
    return call


@transaction.atomic
def quota_set(*, actor: Any, call: HonourCall, school: School, places: int) -> HonourQuota:
    require(actor, ORGANISE, call)
    call = _locked(call)
    _refuse_unless(call, Status.DRAFT, Status.NOMINATING)
    if not in_reach(call, school):
        raise ValidationError({"school": _("%(school)s is outside this call.") % {"school": school.name}})
    quota = HonourQuota.objects.filter(call=call, school=school).first() or HonourQuota(
        call=call, school=school, places=0
    )
    taken = Nomination.objects.filter(call=call, school=school).exclude(status=Nomination.Status.WITHDRAWN).count()
    if places < taken:
        raise ValidationError(
            {"places": _("%(school)s has already nominated %(taken)d.") % {"school": school.name, "taken": taken}}
        )
    before = quota.places if quota.pk else None
    quota.places = places
    quota.full_clean()
    quota.save()
    audit_record(actor=actor, action="corps.honours.quota_set", target=call, changes={school.name: [before, places]})
    return quota


@transaction.atomic
def panel_add(*, actor: Any, call: HonourCall, user: Any) -> PanelMember:
    require(actor, ORGANISE, call)
    call = _locked(call)
    _refuse_unless(call, Status.DRAFT, Status.NOMINATING)
    if PanelMember.objects.filter(call=call, user=user).exists():
        raise ValidationError(_("%(name)s is already on the panel.") % {"name": user.display_name})
    nominated = Nomination.objects.filter(call=call, teacher_id=user.teacher_id).exclude(
        status=Nomination.Status.WITHDRAWN
    )
    if user.teacher_id and nominated.exists():
        raise ValidationError(_nominee_on_panel(user.display_name))
    member = PanelMember.objects.create(call=call, user=user)
    audit_record(
        actor=actor, action="corps.honours.panel_added", target=call, changes={"panel": [None, user.get_username()]}
    )
    return member


@transaction.atomic
def panel_remove(*, actor: Any, member: PanelMember) -> None:
    require(actor, ORGANISE, member.call)
    call = _locked(member.call)
    _refuse_unless(call, Status.DRAFT, Status.NOMINATING)
    audit_record(
        actor=actor,
        action="corps.honours.panel_removed",
        target=call,
        changes={"panel": [member.user.get_username(), None]},
    )
    member.delete()


@transaction.atomic
def call_open(*, actor: Any, call: HonourCall) -> HonourCall:
    """Draft → taking nominations; the staff of each school with a quota are told."""
    require(actor, ORGANISE, call)
    call = _locked(call)
    _refuse_unless(call, Status.DRAFT)
    quotas = list(call.quotas.filter(places__gt=0))
    if not quotas:
        raise ValidationError(_("Set at least one school's quota before opening the call."))
    call.status = Status.NOMINATING
    call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="corps.honours.call_opened", target=call, changes={"status": ["draft", call.status]}
    )
    url = reverse("corps-honours-nominate", kwargs={"uid": call.uid})
    places = {quota.school_id: quota.places for quota in quotas}
    _send(
        [
            Message(
                recipient=user,
                title=_("Honours call: %(title)s, nominate up to %(places)d by %(date)s")
                % {"title": call.title, "places": places[school_id], "date": call.nominations_until.isoformat()},
                url=f"{url}?school={school_id}",
                dedupe_key=f"corps.honours.open:{call.uid}:{school_id}",
            )
            for school_id, user in _school_staff(list(places))
        ]
    )
    return call


# Nominations ------------------------------------------------------------------------------------------


@transaction.atomic
def nominate(
    *,
    actor: Any,
    call: HonourCall,
    school: School,
    statement: str,
    teacher: Teacher | None = None,
    school_class: SchoolClass | None = None,
    today: dt.date | None = None,
) -> Nomination:
    """A school nominates within its quota; a nominee failing any eligibility rule is refused with each
    rule named (no override: the rules are the policy's and the call's)."""
    today = today or timezone.localdate()
    quota = HonourQuota.objects.filter(call=call, school=school).first()
    if quota is None:
        raise ValidationError(_("%(school)s has no quota in this call.") % {"school": school.name})
    require(actor, NOMINATE, quota)
    call = _locked(call)
    _refuse_unless(call, Status.NOMINATING)
    if today > call.nominations_until:
        raise ValidationError(_("Nominations closed on %(date)s.") % {"date": call.nominations_until.isoformat()})
    if call.kind == HonourCall.Kind.CLASS:
        if school_class is None or school_class.school_id != school.pk:
            raise ValidationError({"school_class": _("Choose a class of %(school)s.") % {"school": school.name}})
        if school_class.head_teacher_id is None:
            raise ValidationError({"school_class": _("The class has no head teacher to receive the honour.")})
        teacher = school_class.head_teacher
    elif teacher is None or teacher.school_id != school.pk:
        raise ValidationError({"teacher": _("Choose a teacher of %(school)s.") % {"school": school.name}})
    quota = HonourQuota.objects.select_for_update().get(pk=quota.pk)
    active = Nomination.objects.filter(call=call, school=school).exclude(status=Nomination.Status.WITHDRAWN)
    if active.count() >= quota.places:
        raise ValidationError(
            _("%(school)s's quota is %(places)d and is used up: no more nominations.")
            % {"school": school.name, "places": quota.places}
        )
    assert teacher is not None  # noqa: S101 (set on both branches above)
    if PanelMember.objects.filter(call=call, user__teacher_id=teacher.pk).exists():
        raise ValidationError(_panel_member_nominated(teacher.name))
    checks = eligibility_of(call, Teacher.objects.filter(pk=teacher.pk), today)[teacher.pk]
    failed = failed_checks(checks)
    if failed:
        raise ValidationError(
            [
                _("%(name)s is not eligible: %(rule)s — %(reason)s")
                % {"name": teacher.name, "rule": c.label, "reason": c.reason}
                for c in failed
            ]
        )
    nomination = Nomination(
        call=call, school=school, teacher=teacher, school_class=school_class if call.kind == HonourCall.Kind.CLASS else None,
        statement=statement, checks=[c.as_dict() for c in checks], nominated_by=actor,
    )  # fmt: skip
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:
        raise ValidationError(_("This nominee is already nominated in this call.")) from error
    audit_record(
        actor=actor,
        action="corps.honours.nominated",
        target=nomination,
        target_label=f"{call.title} · {nomination.nominee_label}",
    )
    _tell_nominee(nomination, _("You are nominated: %(title)s") % {"title": call.title}, "nominated")
    return nomination


def _tell_nominee(nomination: Nomination, title: str, step: str) -> None:
    user = getattr(nomination.teacher, "user", None)
    if user is not None:
        _send(
            [
                Message(
                    recipient=user,
                    title=title,
                    url=reverse("corps-honours-mine"),
                    dedupe_key=f"corps.honours.{step}:{nomination.uid}",
                )
            ]
        )


@transaction.atomic
def nomination_withdraw(*, actor: Any, nomination: Nomination) -> Nomination:
    require(actor, NOMINATE, nomination)
    _refuse_unless(_locked(nomination.call), Status.NOMINATING)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.NOMINATED:
        raise ValidationError(_("This nomination is no longer open."))
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="corps.honours.withdrawn", target=nomination, target_label=nomination.nominee_label
    )
    return nomination


@transaction.atomic
def call_close_nominations(*, actor: Any, call: HonourCall) -> HonourCall:
    """Taking nominations → panel review; each panel member is told to score."""
    require(actor, ORGANISE, call)
    call = _locked(call)
    _refuse_unless(call, Status.NOMINATING)
    if not call.panel.exists():
        raise ValidationError(_("Name the panel before closing nominations."))
    if not call.nominations.filter(status=Nomination.Status.NOMINATED).exists():
        raise ValidationError(_("No nominations to review."))
    call.status = Status.REVIEW
    call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="corps.honours.review_started", target=call, changes={"status": ["nominating", call.status]}
    )
    url = reverse("corps-honours-score", kwargs={"uid": call.uid})
    _send(
        [
            Message(
                recipient=member.user,
                title=_("Score the nominees of %(title)s by %(date)s")
                % {"title": call.title, "date": call.review_until.isoformat()},
                url=url,
                dedupe_key=f"corps.honours.review:{call.uid}",
            )
            for member in call.panel.select_related("user")
        ]
    )
    return call


# Panel ---------------------------------------------------------------------------------------------


@transaction.atomic
def score_save(*, actor: Any, nomination: Nomination, points: Decimal, comment: str = "") -> PanelScore:
    """A panel member scores a nominee (again: the score is replaced while the review lasts)."""
    require(actor, "corps.honours.score")
    member = PanelMember.objects.filter(call_id=nomination.call_id, user=actor).first()
    if member is None:
        raise ValidationError(_("Only the call's panel members score its nominees."))
    if actor.teacher_id and actor.teacher_id == nomination.teacher_id:
        raise ValidationError(_nominee_on_panel(nomination.teacher.name))
    _refuse_unless(_locked(nomination.call), Status.REVIEW)
    if nomination.status != Nomination.Status.NOMINATED:
        raise ValidationError(_("This nomination is no longer open."))
    score, _created = PanelScore.objects.update_or_create(
        nomination=nomination, member=member, defaults={"points": points, "comment": comment}
    )
    score.full_clean()
    return score


def _competition_ranks(scores: list[tuple[int, Decimal]]) -> dict[int, int]:
    """1, 2, 2, 4: equal scores share a rank."""
    ranks: dict[int, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (pk, score) in enumerate(scores, start=1):
        if score != previous:
            rank, previous = position, score
        ranks[pk] = rank
    return ranks


@transaction.atomic
def call_publish(*, actor: Any, call: HonourCall, today: dt.date | None = None) -> HonourCall:
    """Panel review → 公示: the mean score ranks the nominees; the first `places` are the proposed list
    (those tied at the last place all stay on it); the objection period starts."""
    today = today or timezone.localdate()
    require(actor, ORGANISE, call)
    call = _locked(call)
    _refuse_unless(call, Status.REVIEW)
    open_ones = call.nominations.filter(status=Nomination.Status.NOMINATED)
    panel = call.panel.count()
    unscored = open_ones.annotate(n=Count("scores")).exclude(n=panel).count()
    if unscored:
        raise ValidationError(
            _("%(count)d nominees do not have a score from every panel member yet.") % {"count": unscored}
        )
    means = open_ones.annotate(mean=Avg("scores__points")).values_list("pk", "mean")
    scored = sorted(
        ((pk, Decimal(mean).quantize(Decimal("0.01"), ROUND_HALF_UP)) for pk, mean in means),
        key=lambda row: (-row[1], row[0]),
    )
    ranks = _competition_ranks(scored)
    rows = []
    for pk, score in scored:
        on_list = ranks[pk] <= call.places
        status = Nomination.Status.PROPOSED if on_list else Nomination.Status.NOT_SELECTED
        rows.append(Nomination(pk=pk, score=score, rank=ranks[pk], status=status))
    Nomination.objects.bulk_update(rows, ["score", "rank", "status"], batch_size=500)
    call.status = Status.PUBLICITY
    call.published_on = today
    call.objections_until = today + dt.timedelta(days=call.objection_days)
    call.save(update_fields=["status", "published_on", "objections_until", "updated_at"])
    audit_record(
        actor=actor, action="corps.honours.published", target=call, changes={"status": ["review", call.status]}
    )
    # Each nominee learns where they stand; the notice's readers may object until the date.
    states = {row.pk: row.status for row in rows}
    teachers = dict(Nomination.objects.filter(pk__in=states).values_list("teacher_id", "pk"))
    _send(
        [
            Message(
                recipient=user,
                title=_("%(title)s: %(state)s, in public notice until %(date)s")
                % {
                    "title": call.title,
                    "state": Nomination.Status(states[teachers[user.teacher_id]]).label,  # type: ignore[index]
                    "date": call.objections_until.isoformat(),
                },
                url=reverse("corps-honours-mine"),
                dedupe_key=f"corps.honours.published:{call.uid}",
            )
            for user in User.objects.filter(teacher_id__in=teachers, is_active=True)
        ]
    )
    return call


# 公示 and objections -------------------------------------------------------------------------------


@transaction.atomic
def objection_raise(*, actor: Any, nomination: Nomination, text: str, today: dt.date | None = None) -> HonourObjection:
    today = today or timezone.localdate()
    require(actor, "corps.honours.object")
    call = _locked(nomination.call)
    _refuse_unless(call, Status.PUBLICITY)
    if call.objections_until is not None and today > call.objections_until:
        raise ValidationError(
            _("The objection period ended on %(date)s.") % {"date": call.objections_until.isoformat()}
        )
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("Only a nominee on the list in public notice can be objected to."))
    objection = HonourObjection(nomination=nomination, raised_by=actor, text=text)
    objection.full_clean(exclude=["decided_by", "decided_at"])
    objection.save()
    audit_record(
        actor=actor, action="corps.honours.objection_raised", target=objection, target_label=nomination.nominee_label
    )
    url = reverse("corps-honours-call", kwargs={"uid": call.uid})
    _send(
        [
            Message(
                recipient=user,
                title=_("An objection to %(title)s waits for a decision") % {"title": call.title},
                url=url,
                dedupe_key=f"corps.honours.objection:{objection.uid}",
            )
            for user in organisers(call)
        ]
    )
    return objection


@transaction.atomic
def objection_decide(*, actor: Any, objection: HonourObjection, uphold: bool, decision: str) -> HonourObjection:
    """Upheld: the nominee leaves the list (the next one does not move up; the organiser may open a new
    call). Of two staff deciding at once, the second is refused."""
    require(actor, ORGANISE, objection.nomination.call)
    if not decision.strip():
        raise ValidationError({"decision": _("Write the reason for the decision.")})
    call = _locked(objection.nomination.call)
    _refuse_unless(call, Status.PUBLICITY)

    def take_off_the_list(decided: HonourObjection) -> None:
        nomination = Nomination.objects.select_for_update().get(pk=decided.nomination_id)
        if uphold and nomination.status == Nomination.Status.PROPOSED:
            nomination.status = Nomination.Status.REMOVED
            nomination.save(update_fields=["status", "updated_at"])

    return objections.objection_decide(
        actor=actor,
        objection=objection,
        upheld=uphold,
        decision=decision,
        action="corps.honours.objection_decided",
        apply=take_off_the_list,
        notice=lambda decided: (
            _("Your objection to %(title)s: %(status)s")
            % {"title": call.title, "status": decided.get_status_display()},
            reverse("corps-honours-notice", kwargs={"uid": call.uid}),
            f"corps.honours.decided:{decided.uid}",
        ),
    )


@transaction.atomic
def call_finalise(*, actor: Any, call: HonourCall, today: dt.date | None = None) -> HonourCall:
    """公示 → final: each nominee still on the list is awarded, numbered, and an org Honour lands on
    the teacher (on the class's head teacher for 先进班集体, as a class honour) so ranks and the
    rubric's item 23 see it. A teacher barred since (a failing year reported during 公示) is removed."""
    today = today or timezone.localdate()
    require(actor, ORGANISE, call)
    call = _locked(call)
    _refuse_unless(call, Status.PUBLICITY)
    if call.objections_until is not None and today <= call.objections_until:
        raise ValidationError(
            _("The public notice lasts until %(date)s.") % {"date": call.objections_until.isoformat()}
        )
    if HonourObjection.objects.filter(nomination__call=call, status=HonourObjection.Status.OPEN).exists():
        raise ValidationError(_("Decide every objection before the final list."))
    winners = list(
        call.nominations.filter(status=Nomination.Status.PROPOSED)
        .select_related("teacher", "school_class")
        .order_by("rank", "pk")
    )
    issuer = (
        call.organiser_name if call.school_id else _("%(region)s Education Bureau") % {"region": call.organiser_name}
    )
    # org's honour bars (evaluation's failing year) are asked only of those with a failing result at all.
    with_failures = set(
        YearlyFailure.objects.filter(teacher_id__in=[n.teacher_id for n in winners]).values_list(
            "teacher_id", flat=True
        )
    )
    awarded, removed, honours = [], [], []
    for nomination in winners:
        bar = honour_bar_reason(nomination.teacher, today) if nomination.teacher_id in with_failures else None
        if bar is not None:
            nomination.status = Nomination.Status.REMOVED
            nomination.checks = [
                *nomination.checks,
                {"rule": "honour_bar", "label": _("No failing yearly grade"), "ok": False, "reason": bar},
            ]
            removed.append(nomination)
            continue
        title = call.title if nomination.school_class_id is None else f"{call.title}（{nomination.school_class}）"
        honours.append(
            Honour(
                teacher_id=nomination.teacher_id,
                kind=Honour.Kind.PERSONAL if nomination.school_class_id is None else Honour.Kind.CLASS,
                title=title[:100], level=call.level, awarded_on=today, issuer=issuer[:100],
            )
        )  # fmt: skip
        awarded.append(nomination)
    honours = Honour.objects.bulk_create(honours, batch_size=500)
    for serial, (nomination, honour) in enumerate(zip(awarded, honours, strict=True), start=1):
        nomination.honour = honour
        nomination.status = Nomination.Status.AWARDED
        nomination.certificate_number = f"RY{call.school_year.starts_on.year}-{call.pk:04d}-{serial:03d}"
    Nomination.objects.bulk_update(
        [*awarded, *removed], ["status", "honour", "certificate_number", "checks"], batch_size=500
    )
    call.status = Status.FINAL
    call.finalised_on = today
    call.save(update_fields=["status", "finalised_on", "updated_at"])
    audit_record(
        actor=actor,
        action="corps.honours.finalised",
        target=call,
        changes={"awarded": [None, len(awarded)], "removed": [None, len(removed)]},
    )
    users = User.objects.filter(teacher_id__in=[n.teacher_id for n in awarded], is_active=True)
    _send(
        [
            Message(
                recipient=user,
                title=_("You are awarded: %(title)s") % {"title": call.title},
                url=reverse("corps-honours-mine"),
                dedupe_key=f"corps.honours.awarded:{call.uid}",
            )
            for user in users
        ]
    )
    return call
