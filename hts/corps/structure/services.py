"""Writes of a school's structure: each checks permission, validates and leaves an audit entry."""

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
from hts.corps.selectors import policy_for
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
from hts.org.models import School, Teacher, service_years


def _teacher_of_school(teacher: Teacher, school: School) -> None:
    if teacher.school_id != school.pk:
        raise ValidationError(
            _("%(name)s is not a teacher of %(school)s.") % {"name": teacher.name, "school": school.name}
        )


@transaction.atomic
def chief_appoint(*, actor: Any, school: School, teacher: Teacher, started_on: dt.date) -> ChiefHeadTeacher:
    """Name the school's 首席班主任; the current one (if any) must be ended first."""
    require(actor, "corps.structure.manage", school)
    _teacher_of_school(teacher, school)
    School.objects.select_for_update().filter(pk=school.pk).first()
    if ChiefHeadTeacher.objects.filter(school=school, ended_on__isnull=True).exists():
        raise ValidationError(_("The school already has a current chief head teacher: end that appointment first."))
    chief = ChiefHeadTeacher(school=school, teacher=teacher, started_on=started_on, appointed_by=actor)
    try:
        with transaction.atomic():
            chief.save()
    except IntegrityError as error:  # a second appointment at the same moment
        raise ValidationError(
            _("The school already has a current chief head teacher: end that appointment first.")
        ) from error
    audit_record(
        actor=actor,
        action="corps.chief.appointed",
        target=chief,
        changes={"teacher": [None, teacher.name], "started_on": [None, started_on.isoformat()]},
    )
    return chief


@transaction.atomic
def chief_end(*, actor: Any, chief: ChiefHeadTeacher, ended_on: dt.date) -> ChiefHeadTeacher:
    require(actor, "corps.structure.manage", chief)
    chief = ChiefHeadTeacher.objects.select_for_update().get(pk=chief.pk)
    if chief.ended_on is not None:
        raise ValidationError(_("This appointment has already ended."))
    if ended_on < chief.started_on:
        raise ValidationError({"ended_on": _("The end date cannot be before the start date.")})
    chief.ended_on, chief.ended_by = ended_on, actor
    chief.save(update_fields=["ended_on", "ended_by", "updated_at"])
    audit_record(
        actor=actor, action="corps.chief.ended", target=chief, changes={"ended_on": [None, ended_on.isoformat()]}
    )
    return chief


def mentor_min_years(school: School) -> int | None:
    """The corps policy's years before mentoring where the school is (None: no such rule)."""
    policy = policy_for(school.region)
    return policy.mentor_min_service_years if policy is not None else None


def mentor_experience_problem(mentor: Teacher, today: dt.date | None = None) -> str:
    """Why `mentor` lacks the experience to mentor, from their head-teacher service records, or ""."""
    need = mentor_min_years(mentor.school)
    if need is None:
        return ""
    periods = [(s.started_on, s.ended_on) for s in mentor.service_records.all()]
    years = service_years(periods, today)
    if years < need:
        return _(
            "A mentor needs at least %(need)s years as head teacher (001 二 3: experienced head teachers "
            "guide young ones); %(name)s has %(years)s."
        ) % {"need": need, "name": mentor.name, "years": years}
    return ""


@transaction.atomic
def pair_create(*, actor: Any, school: School, mentor: Teacher, mentee: Teacher, started_on: dt.date) -> MentorPair:
    require(actor, "corps.structure.manage", school)
    _teacher_of_school(mentor, school)
    _teacher_of_school(mentee, school)
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": _("A teacher cannot mentor themself.")})
    problem = mentor_experience_problem(mentor, started_on)
    if problem:
        raise ValidationError({"mentor": problem})
    # 青蓝结对 pairs the experienced with the young (001 二 3), whatever minimum the region sets.
    mentor_years = service_years([(s.started_on, s.ended_on) for s in mentor.service_records.all()], started_on)
    mentee_years = service_years([(s.started_on, s.ended_on) for s in mentee.service_records.all()], started_on)
    if mentee_years >= mentor_years:
        raise ValidationError(
            {
                "mentee": _(
                    "%(mentee)s has %(mentee_years)s years as head teacher, no fewer than %(mentor)s's "
                    "%(mentor_years)s: a mentor guides a younger head teacher or an assistant (001 二 3)."
                )
                % {
                    "mentee": mentee.name,
                    "mentee_years": mentee_years,
                    "mentor": mentor.name,
                    "mentor_years": mentor_years,
                }
            }
        )
    if MentorPair.objects.filter(mentor=mentor, mentee=mentee, ended_on__isnull=True).exists():
        raise ValidationError(_("These two are already a current mentoring pair."))
    pair = MentorPair(school=school, mentor=mentor, mentee=mentee, started_on=started_on, created_by=actor)
    pair.save()
    audit_record(
        actor=actor,
        action="corps.pair.created",
        target=pair,
        changes={
            "mentor": [None, mentor.name],
            "mentee": [None, mentee.name],
            "started_on": [None, started_on.isoformat()],
        },
    )
    return pair


@transaction.atomic
def pair_end(*, actor: Any, pair: MentorPair, ended_on: dt.date) -> MentorPair:
    require(actor, "corps.structure.manage", pair)
    pair = MentorPair.objects.select_for_update().get(pk=pair.pk)
    if pair.ended_on is not None:
        raise ValidationError(_("This mentoring pair has already ended."))
    if ended_on < pair.started_on:
        raise ValidationError({"ended_on": _("The end date cannot be before the start date.")})
    pair.ended_on, pair.ended_by = ended_on, actor
    pair.save(update_fields=["ended_on", "ended_by", "updated_at"])
    audit_record(
        actor=actor, action="corps.pair.ended", target=pair, changes={"ended_on": [None, ended_on.isoformat()]}
    )
    return pair


@transaction.atomic
def guidance_record(
    *, actor: Any, pair: MentorPair, held_on: dt.date, topic: str, notes: str, hours: Decimal
) -> GuidanceSession:
    """The mentor records a session of their own pair, within its dates."""
    require(actor, "corps.guidance.record", pair)
    if held_on < pair.started_on or (pair.ended_on is not None and held_on > pair.ended_on):
        raise ValidationError({"held_on": _("The session must fall within the pair's dates.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session is recorded after it is held, not before.")})
    session = GuidanceSession(pair=pair, held_on=held_on, topic=topic, notes=notes, hours=hours, recorded_by=actor)
    session.full_clean()
    session.save()
    audit_record(
        actor=actor,
        action="corps.guidance.recorded",
        target=session,
        changes={"held_on": [None, held_on.isoformat()], "hours": [None, str(hours)]},
    )
    return session
