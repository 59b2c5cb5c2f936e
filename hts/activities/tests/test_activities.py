"""Organising activities, marking attendance by hand, and the hours each attendee earns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hts.accounts.models import User
from hts.activities.models import Activity, Attendance
from hts.activities.selectors import transcript
from hts.studios.models import Membership, Studio
from testkit import World, client_for, make_running_studio, make_teacher, make_user

FORM = {
    "kind": "collective_study",
    "title": "三月集体研修",
    "mode": "offline",
    "starts_at": "2026-03-14T08:30",
    "ends_at": "2026-03-14T11:30",
    "place": "福田实验小学报告厅",
    "credit_half_days": "1",
    "invited_only": "on",
}


@pytest.fixture
def studio(world: World) -> Studio:
    return make_running_studio(world)


def host_client(world: World) -> Any:
    return client_for(User.objects.get(pk=world.teacher_user.pk))


def test_the_host_creates_a_half_day_activity(world: World, studio: Studio) -> None:
    response = host_client(world).post(f"/activities/studio/{studio.uid}/new/", FORM)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.organiser == world.teacher_user and activity.credit_hours == Decimal(3)


def test_an_end_before_the_start_is_refused_and_the_form_kept(world: World, studio: Studio) -> None:
    response = host_client(world).post(f"/activities/studio/{studio.uid}/new/", {**FORM, "ends_at": "2026-03-14T07:00"})
    assert response.status_code == 200
    assert 'value="三月集体研修"' in response.content.decode()
    assert response.context["form"].errors["ends_at"]
    assert not Activity.objects.exists()


def test_an_offline_activity_needs_a_place_and_an_online_one_a_link(world: World, studio: Studio) -> None:
    client = host_client(world)
    assert client.post(f"/activities/studio/{studio.uid}/new/", {**FORM, "place": ""}).context["form"].errors["place"]
    online = {**FORM, "mode": "online", "place": ""}
    assert client.post(f"/activities/studio/{studio.uid}/new/", online).context["form"].errors["link"]
    assert (
        client.post(f"/activities/studio/{studio.uid}/new/", {**online, "link": "meeting.example.cn/123"}).status_code
        == 302
    )
    assert Activity.objects.get().link == "https://meeting.example.cn/123"


def test_a_revoked_studio_takes_no_new_activities(world: World, studio: Studio) -> None:
    studio.status = "revoked"
    studio.save()
    response = host_client(world).post(f"/activities/studio/{studio.uid}/new/", FORM)
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_members_cannot_organise_and_outsiders_see_nothing(world: World, studio: Studio) -> None:
    teacher = make_teacher(world.school_a2, "成员甲")
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    member = make_user("m", teacher=teacher)
    assert client_for(member).post(f"/activities/studio/{studio.uid}/new/", FORM).status_code == 403
    assert client_for(member).get(f"/activities/studio/{studio.uid}/").status_code == 200
    assert client_for(world.district_b_staff).get(f"/activities/studio/{studio.uid}/").status_code == 404


def _activity(studio: Studio, day: int, half_days: int = 1) -> Activity:
    starts = dt.datetime(2026, 3, day, 8, 30, tzinfo=dt.UTC)
    return Activity.objects.create(
        studio=studio,
        kind="collective_study",
        title=f"研修{day}",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="厅",
        credit_half_days=half_days,
    )


def test_marking_by_hand_needs_a_reason_and_someone_on_the_list(world: World, studio: Studio) -> None:
    activity = _activity(studio, 14)
    client = host_client(world)
    no_reason = client.post(
        f"/activities/{activity.uid}/attendance/", {"teacher": world.teacher_a.pk, "status": "present", "reason": ""}
    )
    assert no_reason.status_code == 400
    outsider = client.post(
        f"/activities/{activity.uid}/attendance/",
        {"teacher": world.teacher_b.pk, "status": "present", "reason": "补签"},
    )
    assert outsider.status_code == 400
    ok = client.post(
        f"/activities/{activity.uid}/attendance/", {"teacher": world.teacher_a.pk, "status": "leave", "reason": "病假"}
    )
    assert ok.status_code == 302
    assert Attendance.objects.get().status == "leave"


def test_the_transcript_counts_three_hours_per_half_day_attended(world: World, studio: Studio) -> None:
    teacher = world.teacher_a
    for day, half_days, status in [(7, 1, "present"), (14, 2, "late"), (21, 1, "leave"), (28, 0, "present")]:
        activity = _activity(studio, day, half_days)
        Attendance.objects.create(activity=activity, teacher=teacher, status=status, method="manual", reason="补录")
    result = transcript(teacher)
    assert result["total"] == Decimal(9)  # 3 + 6; leave earns nothing; a 0-credit meeting earns nothing
    assert result["by_year"] == [(2026, Decimal(9))]
    page = client_for(world.teacher_user).get("/activities/hours/")
    assert page.status_code == 200
    assert 'data-testid="hours-total"' in page.content.decode()


# Each example clears the studio's activities first, so sharing the fixture across examples is safe.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["present", "late", "leave", "absent"])), max_size=6))
def test_hours_are_half_days_times_the_policy_rate_over_attended_activities(
    world_for_hypothesis: Any, items: list[tuple[int, str]]
) -> None:
    studio, teacher, rate = world_for_hypothesis
    Attendance.objects.filter(teacher=teacher).delete()
    Activity.objects.filter(studio=studio).delete()
    for day, (half_days, status) in enumerate(items, start=1):
        activity = _activity(studio, day, half_days)
        Attendance.objects.create(activity=activity, teacher=teacher, status=status, method="manual", reason="补录")
    expected = sum((Decimal(h) * rate for h, status in items if status in {"present", "late"}), Decimal(0))
    assert transcript(teacher)["total"] == expected


@pytest.fixture
def world_for_hypothesis(world: World, studio: Studio) -> tuple[Studio, Any, Decimal]:
    studio.batch.policy.hours_per_half_day = Decimal("2.5")
    studio.batch.policy.save()
    return studio, world.teacher_a, Decimal("2.5")


def test_the_manual_attendance_form_asks_for_the_participant_not_an_operator(world: World, studio: Studio) -> None:
    activity = _activity(studio, 14)
    page = host_client(world).get(f"/activities/{activity.uid}/").content.decode()
    label = page.split('for="id_teacher"')[1].split("</label>")[0]
    assert "参加人" in label and "操作人" not in label


def test_the_transcript_page_lists_the_newest_first_a_page_at_a_time_and_totals_everything(
    world: World, studio: Studio
) -> None:
    for day in range(1, 29):
        for hour in (8, 14):
            starts = dt.datetime(2026, 3, day, hour, 0, tzinfo=dt.UTC)
            activity = Activity.objects.create(
                studio=studio,
                kind="collective_study",
                title=f"研修{day}-{hour}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                place="厅",
                credit_half_days=1,
            )
            Attendance.objects.create(
                activity=activity, teacher=world.teacher_a, status="present", method="manual", reason="补录"
            )
    client = client_for(world.teacher_user)
    first = client.get("/activities/hours/")
    assert first.context["total"] == Decimal(56 * 3)  # every activity counts, not only the page shown
    rows = first.context["page"].object_list
    assert len(rows) == 50 and rows[0]["activity"].title == "研修28-14"
    assert "共 56 条记录" in first.content.decode()
    second = client.get("/activities/hours/", {"page": 2})
    assert [row["activity"].title for row in second.context["page"].object_list][-1] == "研修1-8"
