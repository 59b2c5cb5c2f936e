"""A revoked or expired studio is closed on every path (issue 13, points 5 and 8): its planned
activities are cancelled with a notice to the team, and check-in, attendance, archive filing, plans,
budgets and expenses are refused with the reason; grants and activities outside the cycle are
refused; a daily step moves a studio past its cycle to 期满."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from hts.accounts.models import User
from hts.activities import checkin
from hts.activities import services as activity_services
from hts.activities.models import Activity, Attendance
from hts.activities.plans import services as plan_services
from hts.archives import services as archive_services
from hts.core.workflow import TransitionRefused
from hts.funds import services as funds_services
from hts.funds.models import Grant
from hts.notifications.models import Notification
from hts.studios import services
from hts.studios.guards import studio_open_for
from hts.studios.models import Grade, Membership, Studio
from testkit import World, client_for, make_running_studio, make_teacher, make_user


def _messages(caught: pytest.ExceptionInfo[Any]) -> str:
    return " ".join(caught.value.messages)


@pytest.fixture
def studio(world: World) -> Studio:
    return make_running_studio(world)


@pytest.fixture
def member(world: World, studio: Studio) -> User:
    teacher = make_teacher(world.school_a2, "成员甲", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active", is_liaison=True)
    return make_user("member_a", teacher=teacher)


@pytest.fixture
def mentor(world: World, studio: Studio) -> User:
    teacher = make_teacher(world.school_b, "导师乙", serving_since=dt.date(2010, 9, 1))
    Membership.objects.create(studio=studio, role="mentor", teacher=teacher, status="active")
    return make_user("mentor_b", teacher=teacher)


def _activity(studio: Studio, starts: dt.datetime, title: str = "集体研修") -> Activity:
    return Activity.objects.create(
        studio=studio, kind="collective_study", title=title, starts_at=starts, ends_at=starts + dt.timedelta(hours=3)
    )


def _revoked(world: World, studio: Studio) -> Studio:
    studio.batch.start_year = 2024  # 2024–2026: 2024 and 2025 have ended
    studio.batch.save(update_fields=["start_year"])
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2024, grade=Grade.FAILED)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2025, grade=Grade.FAILED)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.REVOKED
    return studio


# Revocation ---------------------------------------------------------------------------------------


def test_revocation_cancels_planned_activities_and_tells_the_whole_team(
    world: World, studio: Studio, member: User, mentor: User, django_capture_on_commit_callbacks: Any
) -> None:
    held = _activity(studio, timezone.now() - dt.timedelta(days=3), "已开展的研修")
    planned = _activity(studio, timezone.now() + dt.timedelta(days=5), "计划中的研修")
    with django_capture_on_commit_callbacks(execute=True):
        _revoked(world, studio)
    planned.refresh_from_db()
    held.refresh_from_db()
    assert planned.cancelled_at is not None and planned.cancel_reason
    assert held.cancelled_at is None  # what took place stays as it was
    notified = set(
        Notification.objects.filter(title__contains=studio.name, dedupe_key__startswith="studios.closed").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"teacher", "member_a", "mentor_b"}  # host, member (the liaison) and mentor


def test_an_end_of_cycle_grade_in_the_last_year_closes_the_studio_as_revocation_does(
    world: World, studio: Studio, member: User, mentor: User, django_capture_on_commit_callbacks: Any
) -> None:
    studio.batch.start_year = 2024  # 2024–2026: the grade may be given in 2026, before the daily step expires it
    studio.batch.save(update_fields=["start_year"])
    planned = _activity(studio, timezone.now() + dt.timedelta(days=5), "计划中的研修")
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_record(actor=world.city_staff, studio=studio, kind="final", year=2026, grade="excellent")
    studio.refresh_from_db()
    planned.refresh_from_db()
    assert studio.status == Studio.Status.COMPLETED
    assert planned.cancelled_at is not None and planned.cancel_reason
    notified = set(
        Notification.objects.filter(dedupe_key__startswith="studios.closed").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"teacher", "member_a", "mentor_b"}
    assert Notification.objects.filter(title__contains="已完成建设周期").exists()


def test_an_earlier_years_pass_leaves_a_later_years_yellow_card(world: World, studio: Studio) -> None:
    studio.batch.start_year = 2024
    studio.batch.save(update_fields=["start_year"])
    client = client_for(world.city_staff)
    url = f"/studios/{studio.uid}/assess/"
    client.post(url, {"kind": "yearly", "year": 2025, "grade": "failed", "comments": "2025年度未达标"})
    studio.refresh_from_db()
    assert studio.status == Studio.Status.YELLOW_CARD
    # 2024 recorded afterwards, and passed: 2025's failure still stands.
    client.post(url, {"kind": "yearly", "year": 2024, "grade": "qualified", "comments": ""})
    studio.refresh_from_db()
    assert studio.assessments.filter(year=2024).exists()
    assert studio.status == Studio.Status.YELLOW_CARD


def test_a_yellow_card_is_told_to_the_whole_team(
    world: World, studio: Studio, member: User, mentor: User, django_capture_on_commit_callbacks: Any
) -> None:
    studio.batch.start_year = 2025
    studio.batch.save(update_fields=["start_year"])
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2025, grade="failed")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.YELLOW_CARD
    notified = set(
        Notification.objects.filter(dedupe_key__startswith="studios.yellow_card").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"teacher", "member_a", "mentor_b"}


def test_a_revoked_studio_refuses_a_check_in_by_code_and_credits_nothing(
    world: World, studio: Studio, member: User
) -> None:
    activity = _activity(studio, timezone.now() - dt.timedelta(minutes=5))
    _revoked(world, studio)
    token = checkin.make_token(str(activity.uid))
    with pytest.raises(TransitionRefused) as caught:
        activity_services.verify_code(activity, token)
    assert "已撤销" in _messages(caught) and "签到" in _messages(caught)
    with pytest.raises(TransitionRefused):
        activity_services.checkin(actor=member, activity=activity)
    response = client_for(member).get(f"/activities/{activity.uid}/checkin/?t={token}")
    assert response.status_code == 400
    assert "不再接受签到" in response.content.decode()
    assert not Attendance.objects.filter(activity=activity).exists()


def test_a_cancelled_activity_refuses_check_in_and_manual_attendance(
    world: World, studio: Studio, member: User
) -> None:
    activity = _activity(studio, timezone.now() - dt.timedelta(minutes=5))
    Activity.objects.filter(pk=activity.pk).update(cancelled_at=timezone.now(), cancel_reason="工作室已撤销")
    activity.refresh_from_db()
    with pytest.raises(TransitionRefused, match="已取消"):
        activity_services.verify_code(activity, checkin.make_token(str(activity.uid)))
    with pytest.raises(TransitionRefused, match="已取消"):
        activity_services.attendance_mark(
            actor=world.teacher_user, activity=activity, teacher=member.teacher, status="present", reason="补签"
        )
    assert not Attendance.objects.filter(activity=activity).exists()


def test_a_revoked_studio_refuses_manual_attendance(world: World, studio: Studio, member: User) -> None:
    activity = _activity(studio, timezone.now() - dt.timedelta(minutes=5))
    _revoked(world, studio)
    with pytest.raises(TransitionRefused, match="已撤销"):
        activity_services.attendance_mark(
            actor=world.teacher_user, activity=activity, teacher=member.teacher, status="present", reason="补签"
        )


def test_a_revoked_studio_refuses_archive_filing(world: World, studio: Studio, member: User) -> None:
    _revoked(world, studio)
    data = {"kind": "narrative", "title": "教育叙事", "body": "内容", "date": dt.date(2026, 11, 1), "studio": studio}
    with pytest.raises(ValidationError) as caught:
        archive_services.item_create(actor=member, owner=member.teacher, data=data)
    assert "档案条目" in _messages(caught)
    # The member still files in their own archive, under no studio.
    item = archive_services.item_create(actor=member, owner=member.teacher, data={**data, "studio": None})
    assert item.studio is None


def test_a_revoked_studio_refuses_plans_budgets_and_expenses(world: World, studio: Studio, member: User) -> None:
    _revoked(world, studio)
    host = User.objects.get(pk=world.teacher_user.pk)
    with pytest.raises(TransitionRefused, match="计划"):
        plan_services.plan_create(
            actor=host, studio=studio, kind="year", data={"title": "年度计划", "period_label": "2026", "body": "x"}
        )
    ok, reason = studio_open_for(studio, "expense")
    assert not ok and "经费支出" in reason
    with pytest.raises(Exception, match="经费支出"):
        funds_services.budget_save(actor=host, studio=studio, year=2026, amounts={})


# The cycle ---------------------------------------------------------------------------------------


@pytest.fixture
def old_studio(world: World) -> Studio:
    """A 2019–2021 studio still marked active (as the issue found it in 2026)."""
    return make_running_studio(world, start_year=2019, name="旧周期工作室")


def test_the_daily_step_expires_a_studio_past_its_cycle(
    world: World, old_studio: Studio, studio: Studio, django_capture_on_commit_callbacks: Any
) -> None:
    planned = _activity(old_studio, timezone.now() + dt.timedelta(days=2))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_studios", "--now", stdout=out)
    old_studio.refresh_from_db()
    studio.refresh_from_db()
    assert old_studio.status == Studio.Status.EXPIRED
    assert old_studio.get_status_display() == "期满"
    assert studio.status == Studio.Status.ACTIVE  # 2026–2028 runs on
    planned.refresh_from_db()
    assert planned.cancelled_at is not None
    assert Notification.objects.filter(recipient=world.teacher_user, dedupe_key__startswith="studios.closed").exists()
    assert "1" in out.getvalue()
    # Run again: nothing more happens.
    assert services.studios_expire() == []


def test_a_studio_past_its_cycle_takes_no_activity_even_before_the_daily_step(world: World, old_studio: Studio) -> None:
    starts = timezone.now() + dt.timedelta(days=1)
    data = {"kind": "collective_study", "title": "研修", "starts_at": starts, "ends_at": starts + dt.timedelta(hours=2)}
    with pytest.raises(TransitionRefused, match="2021"):
        activity_services.activity_create(actor=world.teacher_user, studio=old_studio, data=data)
    assert not Activity.objects.filter(studio=old_studio).exists()


def test_it_refuses_activity_dates_outside_the_cycle(world: World, studio: Studio) -> None:
    starts = timezone.make_aware(dt.datetime(2030, 3, 1, 9))
    data = {"kind": "collective_study", "title": "研修", "starts_at": starts, "ends_at": starts + dt.timedelta(hours=2)}
    with pytest.raises(ValidationError) as caught:
        activity_services.activity_create(actor=world.teacher_user, studio=studio, data=data)
    assert "2030" in _messages(caught) and "2026—2028" in _messages(caught)


def test_a_grant_for_a_year_outside_the_cycle_is_refused_and_overwrites_nothing(world: World, studio: Studio) -> None:
    year = timezone.localdate().year
    funds_services.grant_record(actor=world.city_staff, studio=studio, year=year, data={"city_amount": Decimal(1000)})
    client = client_for(world.city_staff)
    for typed in ("1900", "2030"):
        response = client.post(
            f"/funds/studio/{studio.uid}/grant/?year={typed}", {"city_amount": "2000", "district_match": "2000"}
        )
        assert response.status_code == 400, typed
        assert "建设周期" in response.content.decode()
    with pytest.raises(ValidationError, match="2030"):
        funds_services.grant_record(
            actor=world.city_staff, studio=studio, year=2030, data={"city_amount": Decimal(1000)}
        )
    assert list(Grant.objects.filter(studio=studio).values_list("year", "city_amount")) == [(year, Decimal(1000))]


def test_a_cancelled_activity_counts_for_no_quota_once_its_day_has_passed(world: World, studio: Studio) -> None:
    from hts.activities.quotas.selectors import held_by_studio

    day = timezone.localdate() - dt.timedelta(days=2)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    kept = _activity(studio, starts, "如期举行")
    cancelled = _activity(studio, starts + dt.timedelta(hours=4), "已取消")
    Activity.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now(), cancel_reason="工作室已撤销")
    held = held_by_studio([studio.pk], day, day)[studio.pk]
    assert len(held) == 1 and kept.kind == held[0].kind
