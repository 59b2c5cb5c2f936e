"""The daily reminders: activities starting tomorrow (the team), quotas about to be missed (host and
liaison), never twice, bounded in queries, and run by the task and the cron command.

The world: a running city-tier studio on 深圳's calendar (Shenzhen quotas) with a team: host, liaison,
member, and people who must not be told (a member who left, a member whose account is disabled)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hts.accounts.models import User
from hts.activities.models import Activity
from hts.activities.reminders import DAYS_LEFT, reminders_compute
from hts.activities.tasks import send_daily_reminders
from hts.core.models import AuditEntry
from hts.core.workflow import log_transition
from hts.notifications.models import Notification
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


WEDNESDAY = dt.date(2025, 10, 29)  # October has 2 days left; its ISO week (Oct 27 – Nov 2) 4 days


def _titles(user: Any, kind: str) -> list[str]:
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("title", flat=True))


def test_the_team_is_told_of_tomorrows_activity_once(team: Team) -> None:
    activity = held(team.studio, at(WEDNESDAY + dt.timedelta(days=1), 14, 30), title="主题班会观摩")
    held(team.studio, at(WEDNESDAY + dt.timedelta(days=2), 9))  # the day after tomorrow: not yet
    reminders_compute(today=WEDNESDAY)
    told = Notification.objects.filter(kind=Notification.Kind.ACTIVITY_UPCOMING)
    assert {n.recipient for n in told} == {team.host, team.liaison, team.member}
    reminder = told.get(recipient=team.member)
    assert "主题班会观摩" in reminder.title and "10-30 14:30" in reminder.title
    assert "2025-10-30 14:30" in reminder.body and "报告厅" in reminder.body and "向阳花" in reminder.body
    assert reminder.url == activity.get_absolute_url()
    reminders_compute(today=WEDNESDAY)  # the cron ran twice: nobody is told twice
    assert Notification.objects.filter(kind=Notification.Kind.ACTIVITY_UPCOMING).count() == 3


def test_a_rescheduled_activity_is_announced_again(team: Team) -> None:
    activity = held(team.studio, at(WEDNESDAY + dt.timedelta(days=1), 14))
    reminders_compute(today=WEDNESDAY)
    activity.starts_at = at(WEDNESDAY + dt.timedelta(days=2), 14)
    activity.ends_at = activity.starts_at + dt.timedelta(hours=2)
    activity.save()
    reminders_compute(today=WEDNESDAY + dt.timedelta(days=1))
    assert len(_titles(team.member, Notification.Kind.ACTIVITY_UPCOMING)) == 2


def test_host_and_liaison_are_told_of_a_month_about_to_be_missed(team: Team) -> None:
    held(team.studio, at(dt.date(2025, 10, 6)), kind="online_training", mode="online")
    reminders_compute(today=WEDNESDAY)
    due = Notification.objects.filter(kind=Notification.Kind.QUOTA_DUE)
    assert {n.recipient for n in due} == {team.host, team.liaison}
    keys = set(due.filter(recipient=team.host).values_list("dedupe_key", flat=True))
    # October has 2 days left (≤ 7): the monthly quotas; the week has 4 (> 2): not yet.
    assert keys == {
        f"quota:{team.studio.uid}:offline_monthly:20251001",
        f"quota:{team.studio.uid}:publicity_monthly:20251001",
    }
    offline = due.get(recipient=team.host, dedupe_key__contains="offline_monthly")
    assert "2" in offline.title and offline.url == f"/activities/studio/{team.studio.uid}/quotas/"
    assert "2025-10-01" in offline.body and "2025-10-31" in offline.body


def test_a_week_with_two_days_left_is_due_and_a_met_one_is_not(team: Team) -> None:
    friday = dt.date(2025, 10, 31)
    reminders_compute(today=friday)
    assert Notification.objects.filter(dedupe_key__contains="online_weekly:20251027").count() == 2
    held(team.studio, at(dt.date(2025, 11, 4)), kind="online_training", mode="online")
    reminders_compute(today=dt.date(2025, 11, 8))  # Saturday, week of Nov 3 met on Tuesday
    assert not Notification.objects.filter(dedupe_key__contains="online_weekly:20251103").exists()


def test_a_quota_with_a_matching_activity_planned_is_not_due(team: Team) -> None:
    held(team.studio, at(WEDNESDAY + dt.timedelta(days=2)))  # offline study on Friday the 31st
    reminders_compute(today=WEDNESDAY)
    keys = set(Notification.objects.filter(recipient=team.host).values_list("dedupe_key", flat=True))
    assert not any("offline_monthly" in key for key in keys)
    assert any("publicity_monthly" in key for key in keys)  # the planned one has no publicity post yet


def test_semester_and_year_thresholds(team: Team) -> None:
    assert DAYS_LEFT == {"week": 2, "month": 7, "semester": 21, "year": 30}
    reminders_compute(today=dt.date(2025, 12, 31))  # autumn ends Jan 20: 20 days left
    keys = set(Notification.objects.filter(recipient=team.host).values_list("dedupe_key", flat=True))
    assert f"quota:{team.studio.uid}:exchange_semester:20250901" in keys
    assert not any("off_campus_yearly" in key for key in keys)  # the school year has months left
    reminders_compute(today=dt.date(2026, 8, 2))  # the school year ends Aug 31: 29 days left
    assert Notification.objects.filter(dedupe_key=f"quota:{team.studio.uid}:off_campus_yearly:20250901").exists()


def test_a_studio_that_is_not_running_is_not_reminded(team: Team) -> None:
    team.studio.status = "revoked"
    team.studio.save()
    held(team.studio, at(WEDNESDAY + dt.timedelta(days=1)))
    reminders_compute(today=WEDNESDAY)
    assert not Notification.objects.exists()


def test_queries_do_not_grow_with_activities_or_studios(world: World, batch: Batch, team: Team) -> None:
    held(team.studio, at(WEDNESDAY + dt.timedelta(days=1)))
    with CaptureQueriesContext(connection) as few:
        reminders_compute(today=WEDNESDAY)
    thursday = WEDNESDAY + dt.timedelta(days=1)
    for number in range(4):
        studio = make_studio(world, batch, f"工作室{number}")
        for person in range(3):
            teacher = make_teacher(world.school_a, f"成员{number}{person}")
            Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
            make_user(f"m-{number}-{person}", teacher=teacher)
        for hour in (9, 14, 19):
            held(studio, at(thursday + dt.timedelta(days=1), hour))
    for hour in (8, 10, 15, 20):
        held(team.studio, at(thursday + dt.timedelta(days=1), hour))
    with CaptureQueriesContext(connection) as many:
        reminders_compute(today=thursday)
    assert Notification.objects.filter(kind="activity_upcoming").count() > 40
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]


def test_the_task_runs_the_day_and_records_it(team: Team) -> None:
    held(team.studio, at(WEDNESDAY + dt.timedelta(days=1)))
    result = send_daily_reminders.enqueue(WEDNESDAY.isoformat())  # the immediate backend in tests
    assert result.status == "SUCCESSFUL"
    # Thursday's offline study will meet October's offline quota; its publicity is still due.
    assert result.return_value == {"activities": 3, "quotas": 2}
    entry = AuditEntry.objects.get(action="notifications.reminders.sent")
    assert entry.changes["day"] == WEDNESDAY.isoformat()


def test_the_command_queues_or_runs_now(team: Team) -> None:
    held(team.studio, at(WEDNESDAY + dt.timedelta(days=1)))
    out = StringIO()
    call_command("send_reminders", "--date", WEDNESDAY.isoformat(), stdout=out)
    assert "Queued" in out.getvalue()
    assert Notification.objects.filter(kind="activity_upcoming").count() == 3
    out = StringIO()
    call_command("send_reminders", "--now", "--date", WEDNESDAY.isoformat(), stdout=out)
    assert "Sent 0 activity and 0 quota reminders" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "29/10/2025")


def test_a_quota_of_each_host_names_who_is_behind_even_with_an_activity_planned(team: Team) -> None:
    # The school year ends Aug 31 (make_school_year): with 30 days left the host's city training is due.
    august = dt.date(2026, 8, 5)
    held(team.studio, at(dt.date(2026, 8, 20), 9), kind="city_training")  # planned; who goes is not known yet
    reminders_compute(today=august)
    due = Notification.objects.get(
        recipient=team.host, kind=Notification.Kind.QUOTA_DUE, dedupe_key__contains="host_city_training_yearly"
    )
    assert "主持人每年参加市级培训" in due.title
    assert team.host.teacher.name in due.body
