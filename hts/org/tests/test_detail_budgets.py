"""Detail pages stay within a fixed number of queries however much data there is."""

import datetime as dt
from typing import Any

from hts.org.models import HeadTeacherService, Honour, SchoolClass
from testkit import World, client_for, make_teacher


def _fill(world: World) -> None:
    for n in range(15):
        make_teacher(world.school_a, f"教师{n}", serving_since=dt.date(2019, 9, 1))
        SchoolClass.objects.create(school=world.school_a, stage="primary", grade=1 + n % 6, name=f"{n + 5}班")
    for n in range(8):
        Honour.objects.create(teacher=world.teacher_a, title=f"荣誉{n}", level="county", awarded_on=dt.date(2020, 1, 1))
        HeadTeacherService.objects.create(
            teacher=world.teacher_a,
            school=world.school_a,
            started_on=dt.date(2000 + n, 9, 1),
            ended_on=dt.date(2001 + n, 7, 1),
        )


def test_school_detail_budget(world: World, django_assert_max_num_queries: Any) -> None:
    _fill(world)
    client = client_for(world.district_staff)
    client.get("/home/")
    # session, user, roles, school, teacher count, head-teacher count, classes with people.
    with django_assert_max_num_queries(10):
        response = client.get(f"/org/schools/{world.school_a.uid}/")
    assert response.context["teacher_count"] == 16


def test_teacher_detail_budget(world: World, django_assert_max_num_queries: Any) -> None:
    _fill(world)
    client = client_for(world.school_staff)
    client.get("/home/")
    # session, user, roles, teacher, honours, service records, classes, edit-scope check,
    # schools and classes for the service form, the audit entry of the read; the profile facts:
    # studios hosted with an eligibility, confirmed yearly failures, corps certificates, the corps'
    # current chief appointment and current mentoring pairs, the gates (service periods and confirmed
    # failures): one or two queries a fact, whatever the teacher's records; the work archive's link
    # (whether the reader may open it: one scope check); the overrides kept on the service records
    # (with who decided).
    with django_assert_max_num_queries(26):
        response = client.get(f"/org/teachers/{world.teacher_a.uid}/")
    assert len(response.context["honours"]) == 8
