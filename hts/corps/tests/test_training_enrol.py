"""Enrolling trainees takes a bounded number of queries however many teachers are chosen (the check
that each is the organiser's own was one query per teacher), and still refuses a stranger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hts.activities.models import Activity, ActivityKind
from hts.corps.models import CorpsPolicy
from hts.corps.training import services
from hts.corps.training.models import Course, CourseKind, Enrolment
from hts.org.models import Teacher
from testkit import World, client_for, make_teacher


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    from hts.studios.policy_templates.ganyu import CORPS

    return CorpsPolicy.objects.create(region=world.city, **CORPS)


def _county_course(world: World, title: str) -> Course:
    course = Course.objects.create(kind=CourseKind.PRE_SERVICE, title=title, year=2026, region=world.district_a,
                                   pass_mark=Decimal(60))  # fmt: skip
    start = timezone.now() - dt.timedelta(days=1)
    for number in (1, 2):
        session = Activity.objects.create(kind=ActivityKind.TRAINING_SESSION, title=f"{title} 第{number}讲",
                                          region=world.district_a, starts_at=start, ends_at=start + dt.timedelta(hours=3),
                                          place="县教师发展中心", credit_half_days=1)  # fmt: skip
        course.sessions.add(session)
    return course


def _enrol_queries(world: World, course: Course, teachers: list[Any]) -> int:
    fresh = Course.objects.get(pk=course.pk)
    # Loaded as the enrol form loads them (with their school, not its region).
    teachers = list(Teacher.objects.filter(pk__in=[t.pk for t in teachers]).select_related("school"))
    with CaptureQueriesContext(connection) as queries:
        services.course_enrol(actor=world.district_staff, course=fresh, teachers=teachers)
    return len(queries)


def test_enrolling_many_teachers_takes_as_many_queries_as_a_few(world: World, policy: CorpsPolicy) -> None:
    schools = [world.school_a, world.school_a2]
    teachers = [make_teacher(schools[n % 2], f"学员{n}") for n in range(60)]
    few = _enrol_queries(world, _county_course(world, "甲"), teachers[:3])
    many = _enrol_queries(world, _county_course(world, "乙"), teachers)
    # (the first call also warms the access caches)
    assert many <= few <= 15
    course = Course.objects.get(title="乙")
    assert course.enrolments.count() == 60
    for session in course.sessions.all():
        assert session.invitees.count() == 60


def test_the_enrol_form_with_many_teachers_stays_within_budget(
    world: World, policy: CorpsPolicy, django_assert_max_num_queries: Any
) -> None:
    teachers = [make_teacher(world.school_a, f"学员{n}") for n in range(60)]
    course = _county_course(world, "丙")
    client = client_for(world.district_staff)
    url = f"/corps/training/courses/{course.uid}/"
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.post(url, {"form": "enrol", "enrol-teachers": [t.pk for t in teachers]})
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=course).count() == 60


def test_a_teacher_of_another_district_is_still_refused_by_name(world: World, policy: CorpsPolicy) -> None:
    course = _county_course(world, "丁")
    with pytest.raises(Exception, match=world.teacher_b.name):
        services.course_enrol(actor=world.district_staff, course=course, teachers=[world.teacher_a, world.teacher_b])
    assert not Enrolment.objects.exists()
