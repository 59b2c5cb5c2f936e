"""Whoever must acknowledge a submitted plan is told, and its author when it is acknowledged (issue 13,
point 12)."""

from __future__ import annotations

from typing import Any

from hts.activities.models import Plan
from hts.activities.tests.test_plans import SEMESTER, _team_user, host_client, with_calendar
from hts.notifications.models import Notification
from hts.studios.models import Studio
from testkit import World, client_for, make_running_studio


def _titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_host_and_mentors_are_told_of_a_personal_plan_and_its_author_of_the_acknowledgement(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with_calendar(world)
    studio: Studio = make_running_studio(world)
    member = _team_user(studio, world, "member", "成员甲")
    mentor = _team_user(studio, world, "mentor", "导师乙")
    other_member = _team_user(studio, world, "member", "成员丙")
    me = client_for(member)
    data = {"title": "我的三年发展规划", "period_key": "cycle", "body": "目标：成为区级骨干班主任。"}
    me.post(f"/activities/studio/{studio.uid}/plans/new/?kind=personal", data)
    plan = Plan.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert me.post(f"/activities/plans/{plan.uid}/submit/").status_code == 302
    for guide in (world.teacher_user, mentor):
        notice = Notification.objects.get(recipient=guide)
        assert "等待您确认" in notice.title and notice.url == f"/activities/plans/{plan.uid}/"
    assert not _titles(member) and not _titles(other_member) and not _titles(world.district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert host_client(world).post(f"/activities/plans/{plan.uid}/acknowledge/").status_code == 302
    assert any("已确认" in title for title in _titles(member))


def test_the_studios_bureau_is_told_of_a_studio_plan(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with_calendar(world)
    studio = make_running_studio(world)
    host = host_client(world)
    host.post(f"/activities/studio/{studio.uid}/plans/new/?kind=semester", {**SEMESTER, "theme": "习惯养成"})
    plan = Plan.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert host.post(f"/activities/plans/{plan.uid}/submit/").status_code == 302
    assert any("等待您确认" in title for title in _titles(world.district_staff))
    assert not _titles(world.city_staff) and not _titles(world.district_b_staff)
