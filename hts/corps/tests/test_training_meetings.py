"""Activities organised by a school or a bureau (issue 14 point 2, with 001 二 3's 例会): the database
holds one organiser; a school's head-teacher meeting invites its head teachers, who check in by the
QR code or are marked by hand, earn the corps policy's hours, and every activity page works for it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hts.accounts.models import Role
from hts.activities.models import Activity, ActivityKind, Attendance
from hts.corps.models import CorpsPolicy
from hts.notifications.models import Notification
from testkit import World, client_for, make_teacher, make_user


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    return CorpsPolicy.objects.create(
        region=world.city, county_course_every_years=3, school_course_yearly=True,
        course_pass_mark=Decimal(60), training_hours_per_half_day=Decimal(3),
    )  # fmt: skip


def _meeting_data(**extra: Any) -> dict[str, Any]:
    start = timezone.localtime() + dt.timedelta(minutes=5)
    return {
        "title": "十一月班主任例会", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "place": "三楼会议室",
        "credit_half_days": "1", **extra,
    }  # fmt: skip


def _call(world: World) -> Activity:
    response = client_for(world.school_staff).post(f"/corps/training/meetings/{world.school_a.uid}/", _meeting_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    return Activity.objects.filter(kind=ActivityKind.HEAD_TEACHER_MEETING).latest("created_at", "pk")


def test_the_database_holds_exactly_one_organiser(world: World) -> None:
    now = timezone.now()
    base = {"kind": "forum", "title": "t", "starts_at": now, "ends_at": now + dt.timedelta(hours=1)}
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(**base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(**base, school=world.school_a, region=world.district_a)
    assert Activity.objects.create(**base, region=world.district_a).organised_by == "福田区教育局"


def test_school_staff_call_a_meeting_its_head_teachers_are_invited_and_told(world: World, policy: CorpsPolicy) -> None:
    not_heading = make_teacher(world.school_a, "钱多")  # no head-teacher record: not invited
    meeting = _call(world)
    assert meeting.school == world.school_a and meeting.studio is None
    assert list(meeting.invitees.all()) == [world.teacher_a]
    assert not_heading not in meeting.invitees.all()
    assert meeting.credit_hours == Decimal(3)  # 1 half-day × the corps policy's 3 hours
    assert Notification.objects.filter(recipient=world.teacher_user, title__contains="十一月班主任例会").exists()
    # Every activity page works for it: detail (organiser shown), edit, screen.
    staff = client_for(world.school_staff)
    detail = staff.get(f"/activities/{meeting.uid}/").content.decode()
    assert 'data-testid="organised-by"' in detail and world.school_a.name in detail
    assert staff.get(f"/activities/{meeting.uid}/edit/").status_code == 200
    saved = staff.post(f"/activities/{meeting.uid}/edit/", {**_meeting_data(), "kind": "ht_meeting", "mode": "offline",
                                                             "minutes": "布置期末工作", "invited_only": "on"})  # fmt: skip
    assert saved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "布置期末工作" and meeting.school == world.school_a


def test_a_head_teacher_checks_in_by_the_code_and_earns_the_hours(world: World, policy: CorpsPolicy) -> None:
    meeting = _call(world)
    screen = client_for(world.school_staff).get(f"/activities/{meeting.uid}/screen/")
    assert screen.status_code == 200 and "<svg" in screen.content.decode()
    url = re.sub(r"^https?://[^/]+", "", screen.context["checkin_url"])
    phone = client_for(world.teacher_user)
    assert phone.get(url, follow=True).status_code == 200
    assert phone.post(f"/activities/{meeting.uid}/checkin/").status_code == 200
    assert Attendance.objects.get(activity=meeting).teacher == world.teacher_a
    hours = phone.get("/activities/hours/").content.decode()
    assert "十一月班主任例会" in hours and world.school_a.name in hours
    # Someone not invited may not check in to an invitation-only meeting.
    other = make_user("stranger", teacher=make_teacher(world.school_a2, "路人"))
    stranger = client_for(other)
    stranger.get(url, follow=True)
    refused = stranger.post(f"/activities/{meeting.uid}/checkin/")
    assert refused.status_code == 400 and "受邀" in refused.content.decode()


def test_attendance_by_hand_the_rate_and_absences_per_teacher(world: World, policy: CorpsPolicy) -> None:
    second = make_teacher(world.school_a, "周明", serving_since=dt.date(2020, 9, 1))
    meeting = _call(world)
    Activity.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    staff = client_for(world.school_staff)
    marked = staff.post(
        f"/activities/{meeting.uid}/attendance/",
        {"teacher": world.teacher_a.pk, "status": "present", "reason": "手机没电"},
    )
    assert marked.status_code == 302
    page = staff.get(f"/corps/training/meetings/{world.school_a.uid}/")
    body = page.content.decode()
    assert "50%" in body  # one of two invited
    absences = {row["name"]: row for row in page.context["absences"]}
    assert absences["周明"]["attended"] == 0 and [m.pk for m in absences["周明"]["missed"]] == [meeting.pk]
    assert absences["李红"]["attended"] == 1 and not absences["李红"]["missed"]
    assert second in meeting.invitees.all()


def test_refusals(world: World, policy: CorpsPolicy) -> None:
    meeting = _call(world)
    url = f"/corps/training/meetings/{world.school_a.uid}/"
    other_school_staff = make_user("school_a2", Role.SCHOOL_STAFF, school=world.school_a2)
    assert client_for(other_school_staff).get(url).status_code == 404
    assert client_for(other_school_staff).post(url, _meeting_data()).status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.district_b_staff).get(f"/activities/{meeting.uid}/").status_code == 404
    assert client_for(world.district_b_staff).get(f"/activities/{meeting.uid}/screen/").status_code == 404
    assert client_for(world.teacher_user).get(url).status_code == 403  # the head teacher themself
    assert client_for(world.teacher_user).get(f"/activities/{meeting.uid}/screen/").status_code == 403
    plain = make_user("plain", teacher=make_teacher(world.school_a, "普通"))
    assert client_for(plain).get(url).status_code == 403
    assert client_for(plain).post(f"/activities/{meeting.uid}/attendance/", {}).status_code == 403
    assert Activity.objects.count() == 1
    # The district's bureau sees it.
    assert client_for(world.district_staff).get(f"/activities/{meeting.uid}/").status_code == 200


def test_a_studio_closing_leaves_school_activities_alone(world: World, policy: CorpsPolicy) -> None:
    from hts.activities.guards import can_check_in

    meeting = _call(world)
    assert can_check_in(meeting) == (True, "")


def test_meetings_page_query_budget(world: World, policy: CorpsPolicy, django_assert_max_num_queries: Any) -> None:
    for n in range(3):
        make_teacher(world.school_a, f"班主任{n}", serving_since=dt.date(2020, 9, 1))
    for _n in range(4):
        _call(world)
    client = client_for(world.school_staff)
    client.get(f"/corps/training/meetings/{world.school_a.uid}/")
    with django_assert_max_num_queries(14):
        assert client.get(f"/corps/training/meetings/{world.school_a.uid}/").status_code == 200


def test_the_daily_reminder_tells_the_invited_of_tomorrows_meeting(world: World, policy: CorpsPolicy) -> None:
    from hts.activities.reminders import activity_reminders

    meeting = _call(world)
    tomorrow = timezone.localtime(meeting.starts_at) + dt.timedelta(days=1)
    Activity.objects.filter(pk=meeting.pk).update(starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=1))
    messages = activity_reminders(timezone.localdate())
    mine = [m for m in messages if m.recipient == world.teacher_user]
    assert len(mine) == 1 and "十一月班主任例会" in mine[0].title and world.school_a.name in mine[0].body
