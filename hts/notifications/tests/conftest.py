"""A running city-tier studio on 深圳's calendar (Shenzhen quotas) with a team: host, liaison, member,
and people who must not be told (a member who left, a member whose account is disabled)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from hts.accounts.models import User
from hts.activities.models import Activity
from hts.core.workflow import log_transition
from hts.studios import services
from hts.studios.models import Batch, Membership, Studio
from testkit import World, make_school_year, make_teacher, make_user


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def make_studio(world: World, batch: Batch, name: str, host_user: User | None = None) -> Studio:
    host = host_user.teacher if host_user is not None else make_teacher(world.school_a, f"{name}主持")
    studio = Studio.objects.create(
        batch=batch, name=name, stage="primary", theme="t", plan="p", host=host,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    Membership.objects.create(studio=studio, role="host", teacher=host, status="active")
    if host_user is None:
        make_user(f"host-{studio.pk}", teacher=host)
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=at(dt.date(2025, 9, 1)))
    return studio


def held(studio: Studio, starts: dt.datetime, kind: str = "collective_study", **extra: object) -> Activity:
    mode = extra.pop("mode", "offline")
    return Activity.objects.create(
        studio=studio, kind=kind, title=extra.pop("title", "集体研修"), mode=mode, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="" if mode == "online" else "报告厅",
        link="https://m.example.cn/1" if mode == "online" else "", **extra,
    )  # fmt: skip


@dataclass
class Team:
    studio: Studio
    host: User
    liaison: User
    member: User
    left: User
    disabled: User


@pytest.fixture
def batch(world: World) -> Batch:
    make_school_year(world.city, 2025)  # autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10
    return services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2025,
        cycle_years=None, template="shenzhen",
    )  # fmt: skip


@pytest.fixture
def team(world: World, batch: Batch) -> Team:
    studio = make_studio(world, batch, "向阳花", host_user=world.teacher_user)
    people = {}
    for key, name, extra in [
        ("liaison", "联络员", {"is_liaison": True}),
        ("member", "成员甲", {}),
        ("left", "已退出", {"status": "left"}),
        ("disabled", "停用者", {}),
    ]:
        teacher = make_teacher(world.school_a, name)
        Membership.objects.create(
            studio=studio, role="member", teacher=teacher, status=extra.pop("status", "active"), **extra
        )
        people[key] = make_user(f"u-{key}", teacher=teacher)
    people["disabled"].is_active = False
    people["disabled"].save()
    Membership.objects.create(studio=studio, role="mentor", external_name="外聘导师", status="active")
    return Team(studio=studio, host=world.teacher_user, **people)
