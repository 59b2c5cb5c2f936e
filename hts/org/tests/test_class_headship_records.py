"""The class's head teacher and the head-teacher service records (what years, gates, ranks and the
allowance count) stay in step when a school office changes a class's head teacher on the class form."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.core.models import AuditEntry
from hts.org.models import HeadTeacherService, SchoolClass
from testkit import World, client_for, make_teacher


def _edit(world: World, school_class: SchoolClass, head: int | str) -> int:
    response = client_for(world.district_staff).post(
        f"/org/classes/{school_class.uid}/edit/",
        {"stage": "primary", "grade": school_class.grade, "name": school_class.name, "head_teacher": head},
    )
    return response.status_code


def test_a_new_head_teacher_starts_a_period_and_the_previous_ones_ends(world: World) -> None:
    today = timezone.localdate()
    before = make_teacher(world.school_a, "钱前任", serving_since=today - dt.timedelta(days=900))
    after = make_teacher(world.school_a, "孙新任")
    school_class = SchoolClass.objects.create(
        school=world.school_a, stage="primary", grade=3, name="9班", head_teacher=before
    )
    assert _edit(world, school_class, after.pk) == 302

    started = HeadTeacherService.objects.get(teacher=after)
    assert (started.school_class, started.started_on, started.ended_on) == (school_class, today, None)
    ended = HeadTeacherService.objects.get(teacher=before)
    assert ended.ended_on == today - dt.timedelta(days=1)
    assert AuditEntry.objects.filter(action="org.service_record.added").exists()
    assert AuditEntry.objects.filter(action="org.service_record.closed").exists()


def test_a_head_teacher_of_a_second_class_keeps_one_period(world: World) -> None:
    today = timezone.localdate()
    head = make_teacher(world.school_a, "周两班", serving_since=today - dt.timedelta(days=400))
    first = SchoolClass.objects.create(school=world.school_a, stage="primary", grade=2, name="8班", head_teacher=head)
    second = SchoolClass.objects.create(school=world.school_a, stage="primary", grade=2, name="9班")
    assert _edit(world, second, head.pk) == 302
    assert HeadTeacherService.objects.filter(teacher=head).count() == 1
    # Leaving one of the two classes keeps the period running: they still head the other.
    assert _edit(world, second, "") == 302
    assert HeadTeacherService.objects.get(teacher=head).ended_on is None
    assert SchoolClass.objects.get(pk=first.pk).head_teacher == head
