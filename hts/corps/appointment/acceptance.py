"""Accepting a 聘书 and the term's start. Accepting writes the head-teacher service for the term at once;
the class changes hands on the term's first day (a letter accepted in June for September leaves the
present head teacher in charge until then): at once if the term has begun, else by the daily step
``start_appointed_terms``. Taking up the appointed class, the appointee leaves the other classes of the
school they headed: their service there ended the day before the term (001 二 6 appoints one class per
head teacher for the term), and the school's office names the next head teacher on the class form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.core.audit import audit_record
from hts.corps.appointment import guards
from hts.corps.appointment.models import Letter
from hts.corps.appointment.services import _notify, _refuse_unless, _staff_of
from hts.org.models import HeadTeacherService, SchoolClass, Teacher, service_overlap_problem


@transaction.atomic
def letter_accept(*, actor: Any, letter: Letter, today: dt.date | None = None) -> HeadTeacherService:
    """The appointee accepts: their head-teacher service for the term is recorded, and they head the
    class from the term's first day. An open period at the school that began before the term ends
    the day before it."""
    letter = (
        Letter.objects.select_for_update()
        .select_related("round__school", "application", "school_class")
        .get(pk=letter.pk)
    )
    _refuse_unless(guards.can_accept(letter, actor))
    return write_acceptance(actor=actor, letter=letter, today=today)


@transaction.atomic
def write_acceptance(*, actor: Any, letter: Letter, today: dt.date | None = None) -> HeadTeacherService:
    """What accepting writes, once ``guards.can_accept`` has let the actor through (``letter_accept``);
    the demo's story accepts its letters through here, so it reads as a real acceptance would."""
    rnd = letter.round
    teacher = Teacher.objects.select_for_update().get(pk=letter.application.teacher_id)
    HeadTeacherService.objects.filter(
        teacher=teacher, school=rnd.school, ended_on__isnull=True, started_on__lt=rnd.term_from
    ).update(ended_on=rnd.term_from - dt.timedelta(days=1))
    # The class's present head teacher hands it over: their open period on it ends the day before the
    # term, or they would go on counting as its head teacher (gates, ranks, the allowance roll).
    handed_over = list(
        HeadTeacherService.objects.filter(
            school_class=letter.school_class, ended_on__isnull=True, started_on__lt=rnd.term_from
        )
        .exclude(teacher=teacher)
        .values_list("teacher__name", flat=True)
    )
    HeadTeacherService.objects.filter(
        school_class=letter.school_class, ended_on__isnull=True, started_on__lt=rnd.term_from
    ).exclude(teacher=teacher).update(ended_on=rnd.term_from - dt.timedelta(days=1))
    others = HeadTeacherService.objects.filter(teacher=teacher, school=rnd.school)
    problem = service_overlap_problem(others, school_id=rnd.school_id, started_on=rnd.term_from, ended_on=rnd.term_to)
    if problem:
        raise ValidationError(problem)
    service = HeadTeacherService.objects.create(
        teacher=teacher,
        school=rnd.school,
        school_class=letter.school_class,
        started_on=rnd.term_from,
        ended_on=rnd.term_to,
    )
    letter.accepted_at, letter.service = timezone.now(), service
    letter.save(update_fields=["accepted_at", "service", "updated_at"])
    audit_record(
        actor=actor,
        action="corps.appointment.accepted",
        target=letter,
        changes={
            "class": [None, str(letter.school_class)],
            "term": [None, f"{rnd.term_from}–{rnd.term_to}"],
            **({"handed_over_by": [handed_over, None]} if handed_over else {}),
        },
    )
    day = today or timezone.localdate()
    if rnd.term_from <= day:
        _take_office(letter.school_class, teacher.pk, day, actor=actor, letter=letter)
    return service


def _take_office(school_class: SchoolClass, teacher_id: int, day: dt.date, *, actor: Any, letter: Letter) -> bool:
    """The appointee heads the class from ``day``, and no longer heads the school's other classes but
    one they hold another current letter for. Returns whether the class changed hands."""
    now = timezone.now()
    if not (
        SchoolClass.objects.filter(pk=school_class.pk)
        .exclude(head_teacher_id=teacher_id)
        .update(head_teacher_id=teacher_id, updated_at=now)
    ):
        return False
    appointed = Letter.objects.filter(
        service__teacher_id=teacher_id, service__started_on__lte=day, service__ended_on__gte=day
    ).values_list("school_class_id", flat=True)
    left = list(
        SchoolClass.objects.filter(school_id=school_class.school_id, head_teacher_id=teacher_id)
        .exclude(pk__in=[school_class.pk, *appointed])
        .order_by("grade", "name")
    )
    if left:
        SchoolClass.objects.filter(pk__in=[c.pk for c in left]).update(head_teacher=None, updated_at=now)
        audit_record(
            actor=actor,
            action="corps.appointment.classes_left",
            target=letter,
            changes={"classes_left": [[str(c) for c in left], None], "class": [None, str(school_class)]},
        )
        # The school's office acts next: each class left needs its next head teacher on the class form.
        staff = _staff_of(letter.round.school)
        teacher = Teacher.objects.get(pk=teacher_id)
        for former in left:
            title = _("%(class)s has no head teacher: %(name)s took up %(appointed)s by appointment.") % {
                "class": former,
                "name": teacher.name,
                "appointed": school_class,
            }
            _notify(staff, letter.round, f"left:{former.uid}", title, reverse("org-class-edit", args=[former.uid]))
    return True


@transaction.atomic
def terms_start(today: dt.date | None = None) -> int:
    """The daily step: each accepted letter whose term has begun (and whose service still stands) makes
    its appointee the class's head teacher, if they are not already. A day the step did not run is
    caught up the next; of two letters on one class the later term wins. Returns the classes changed."""
    day = today or timezone.localdate()
    current = (
        Letter.objects.filter(service__isnull=False, service__started_on__lte=day)
        .filter(Q(service__ended_on__isnull=True) | Q(service__ended_on__gte=day))
        .order_by("school_class_id", "-service__started_on")
        .values_list("pk", "school_class_id", "service__teacher_id", "school_class__head_teacher_id")
    )
    changed = 0
    seen: set[int] = set()
    for pk, class_id, teacher_id, head_id in current:
        if class_id in seen:
            continue
        seen.add(class_id)
        if head_id == teacher_id:
            continue
        letter = Letter.objects.select_related("round__school", "school_class").get(pk=pk)
        if _take_office(letter.school_class, teacher_id, day, actor=None, letter=letter):
            changed += 1
            audit_record(
                actor=None,
                action="corps.appointment.term_started",
                target=letter,
                changes={"head_teacher": [head_id, teacher_id]},
            )
    return changed
