"""Reminding who is behind on training says why when nothing is sent: nobody behind, nobody behind with
an account, everybody already reminded this week, or a policy with no training rule."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.corps.models import CorpsPolicy
from hts.notifications.models import Notification
from hts.org.models import School
from testkit import World, client_for, make_teacher


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    from hts.studios.policy_templates.ganyu import CORPS

    return CorpsPolicy.objects.create(region=world.city, **CORPS)


def _remind(world: World, school: School) -> str:
    url = f"/corps/training/behind/school/{school.uid}/remind/"
    response = client_for(world.district_staff).post(url, follow=True)
    assert response.status_code == 200
    return " ".join(str(m) for m in response.context["messages"])


def _school(world: World, code: str) -> School:
    return School.objects.create(name=f"新学校{code}", code=code, region=world.district_a, has_primary=True)


def test_nobody_behind_is_said(world: World, policy: CorpsPolicy) -> None:
    assert _remind(world, _school(world, "N-1")) == "未发送提醒：这里没有培训未完成的班主任。"


def test_head_teachers_without_an_account_are_counted(world: World, policy: CorpsPolicy) -> None:
    school = _school(world, "N-2")
    make_teacher(school, "周明", serving_since=dt.date(2020, 9, 1))
    make_teacher(school, "钱芳", serving_since=dt.date(2021, 9, 1))
    assert _remind(world, school) == "未发送提醒。 培训未完成的班主任中有 2 人没有可用的平台账号，无法提醒。"
    assert not Notification.objects.exists()


def test_already_reminded_this_week_is_said_and_a_mix_is_counted(world: World, policy: CorpsPolicy) -> None:
    make_teacher(world.school_a, "周明", serving_since=dt.date(2020, 9, 1))  # no account
    first = _remind(world, world.school_a)
    assert first == "已发送 2 条提醒。 培训未完成的班主任中有 1 人没有可用的平台账号，无法提醒。"
    again = _remind(world, world.school_a)
    assert again == (
        "未发送提醒。 培训未完成的班主任中有 1 人没有可用的平台账号，无法提醒。 "
        "1 人本周已提醒过（每项未完成内容每周最多提醒一次）。"
    )


def test_a_policy_without_training_rules_is_said(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, school_course_yearly=False, county_course_every_years=None)
    assert "未设定校本或县级培训要求" in _remind(world, world.school_a)


def test_the_page_says_who_cannot_be_reminded_before_the_button_is_pressed(world: World, policy: CorpsPolicy) -> None:
    """The button counts only whom it can reach; those without an account are named before it is pressed,
    and with nobody reachable it is not offered at all."""
    school = _school(world, "N-3")
    make_teacher(school, "周明", serving_since=dt.date(2020, 9, 1))
    url = f"/corps/training/behind/school/{school.uid}/"
    page = client_for(world.district_staff).get(url).content.decode()
    assert 'data-testid="behind-remind"' not in page and "提醒 1 名班主任" not in page
    assert 'data-testid="behind-no-account"' in page and "有 1 名班主任没有可用账号，无法在此提醒" in page
    assert "无账号" in page
    # The school a user heads: one reachable, one not.
    make_teacher(world.school_a, "钱芳", serving_since=dt.date(2021, 9, 1))
    page = client_for(world.district_staff).get(f"/corps/training/behind/school/{world.school_a.uid}/").content
    text = page.decode()
    assert "提醒 1 名班主任" in text and "有 1 名班主任没有可用账号" in text
