"""Quotas of each host and each mentor (003: the host's yearly city training; 000 第五条: each
mentor's semester open lesson and ≥10 guidance hours), and who gave an activity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hts.activities import services
from hts.activities.models import Activity, Attendance
from hts.activities.quotas import selectors as quotas
from hts.core.models import AuditEntry
from hts.core.workflow import log_transition
from hts.org.models import Teacher
from hts.studios import services as studio_services
from hts.studios.models import Membership, Studio
from testkit import World, client_for, make_school_year, make_teacher, make_user


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _studio(world: World, template: str) -> Studio:
    make_school_year(world.city, 2025)  # autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10
    batch = studio_services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2025,
        cycle_years=None, template=template,
    )  # fmt: skip
    studio = Studio.objects.create(
        batch=batch, name="向阳花", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=_at(dt.date(2025, 9, 1)))
    return studio


def _mentor(studio: Studio, name: str) -> Teacher:
    teacher = make_teacher(studio.host_school, name)
    Membership.objects.create(studio=studio, role="mentor", teacher=teacher, status="active")
    return teacher


def _held(studio: Studio, day: dt.date, kind: str, *, given_by: list[Teacher] = (), half_days: int = 1) -> Activity:  # type: ignore[assignment]
    activity = Activity.objects.create(
        studio=studio, kind=kind, title=kind, mode="offline", starts_at=_at(day), ends_at=_at(day, 11),
        place="厅", credit_half_days=half_days,
    )  # fmt: skip
    activity.presenters.set(given_by)
    return activity


def _rule(studio: Studio, code: str, today: dt.date) -> quotas.RuleResult:
    return next(r for r in quotas.studio_compliance(studio, today=today) if r.rule.code == code)


def test_the_host_city_training_counts_only_when_the_host_attended(world: World) -> None:
    studio = _studio(world, "shenzhen")
    training = _held(studio, dt.date(2025, 11, 5), "city_training")
    during = dt.date(2025, 12, 1)
    current = _rule(studio, "host_city_training_yearly", during).current
    assert current is not None and current.count == 0 and current.behind == [world.teacher_a.name]

    Attendance.objects.create(activity=training, teacher=world.teacher_a, status="present", method="qr")
    result = _rule(studio, "host_city_training_yearly", during)
    assert result.periods[0].status == quotas.MET and result.periods[0].behind == []


def test_a_year_without_the_host_at_city_training_is_missed(world: World) -> None:
    studio = _studio(world, "shenzhen")
    training = _held(studio, dt.date(2025, 11, 5), "city_training")
    # Leave is not attendance: the host still owes the training.
    Attendance.objects.create(
        activity=training, teacher=world.teacher_a, status="leave", method="manual", reason="病假"
    )
    result = _rule(studio, "host_city_training_yearly", dt.date(2026, 9, 2))
    assert result.periods[0].status == quotas.MISSED


def test_each_mentor_gives_an_open_lesson_every_semester(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    li, wang = _mentor(studio, "李导师"), _mentor(studio, "王导师")
    _held(studio, dt.date(2025, 10, 10), "class_meeting", given_by=[li])
    _held(studio, dt.date(2025, 10, 17), "forum")  # given by nobody of the team: counts for no mentor
    during = dt.date(2025, 11, 1)
    current = _rule(studio, "open_lesson_semester", during).current
    assert current is not None and current.count == 0 and current.behind == ["王导师"]

    _held(studio, dt.date(2025, 11, 20), "forum", given_by=[wang])
    assert _rule(studio, "open_lesson_semester", dt.date(2025, 12, 1)).periods[0].status == quotas.MET
    # The spring semester starts owing again, and the autumn one stays met after it ended.
    spring = _rule(studio, "open_lesson_semester", dt.date(2026, 3, 1))
    assert [p.status for p in spring.periods] == [quotas.MET, quotas.PENDING]


def test_mentor_guidance_hours_are_counted_apart_from_attendance(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    assert studio.batch.policy.mentor_guidance_hours == Decimal(10)
    li = _mentor(studio, "李导师")
    observed = _held(studio, dt.date(2025, 10, 10), "lesson_observation", given_by=[li])  # 3 学时
    _held(studio, dt.date(2025, 11, 10), "research_seminar", given_by=[li], half_days=2)  # 6 学时
    # Attending someone else's activity earns hours on the transcript, not guidance hours.
    other = _held(studio, dt.date(2025, 11, 12), "collective_study")
    Attendance.objects.create(activity=other, teacher=li, status="present", method="qr")
    Attendance.objects.create(activity=observed, teacher=li, status="present", method="qr")

    rows = quotas.mentor_guidance(studio, today=dt.date(2026, 2, 1))
    autumn = rows[0]
    assert (autumn.mentor, autumn.hours, autumn.required, autumn.status) == (
        "李导师",
        Decimal(9),
        Decimal(10),
        "missed",
    )

    _held(studio, dt.date(2026, 3, 10), "lesson_observation", given_by=[li], half_days=4)  # 12 学时
    spring = quotas.mentor_guidance(studio, today=dt.date(2026, 3, 20))[1]
    assert (spring.hours, spring.status) == (Decimal(12), "met")


def test_the_quota_page_shows_who_is_behind_and_the_guidance_hours(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    li = _mentor(studio, "李导师")
    _held(studio, timezone.localdate() - dt.timedelta(days=1), "lesson_observation", given_by=[li])
    response = client_for(world.city_staff).get(f"/activities/studio/{studio.uid}/quotas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="guidance-table"' in html and "李导师" in html


# Who gave an activity -------------------------------------------------------------------------


def test_only_the_team_can_be_named_as_giving_an_activity(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    li = _mentor(studio, "李导师")
    data = {
        "kind": "lesson_observation", "title": "听评课", "mode": "offline", "starts_at": _at(dt.date(2025, 10, 9)),
        "ends_at": _at(dt.date(2025, 10, 9), 11), "place": "厅", "credit_half_days": 1,
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            actor=world.teacher_user, studio=studio, data={**data, "presenters": [world.teacher_b]}
        )
    assert world.teacher_b.name in str(refused.value)
    assert not Activity.objects.filter(title="听评课").exists()  # nothing half-saved

    activity = services.activity_create(actor=world.teacher_user, studio=studio, data={**data, "presenters": [li]})
    assert list(activity.presenters.all()) == [li]
    assert AuditEntry.objects.filter(action="activities.activity.presenters").exists()


def test_the_organiser_adds_minutes_and_who_gave_it_after_the_activity(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    li = _mentor(studio, "李导师")
    activity = _held(studio, dt.date(2025, 10, 9), "lesson_observation")
    host = client_for(world.teacher_user)
    page = host.get(f"/activities/{activity.uid}/edit/")
    assert page.status_code == 200 and "李导师" in page.content.decode()
    form = {
        "kind": "lesson_observation", "title": "听评课（二）", "mode": "offline", "starts_at": "2025-10-09T09:00",
        "ends_at": "2025-10-09T11:00", "place": "厅", "credit_half_days": "1", "invited_only": "on",
        "minutes": "李导师点评了三节课。", "presenters": [str(li.pk)],
    }  # fmt: skip
    response = host.post(f"/activities/{activity.uid}/edit/", form)
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert activity.title == "听评课（二）" and activity.minutes.startswith("李导师")
    assert list(activity.presenters.all()) == [li]
    entry = AuditEntry.objects.get(action="activities.activity.updated")
    assert entry.changes["title"] == ["lesson_observation", "听评课（二）"]

    # A bad end comes back with the typed text kept.
    bad = host.post(f"/activities/{activity.uid}/edit/", {**form, "ends_at": "2025-10-09T08:00"})
    assert bad.status_code == 400 and "李导师点评了三节课。" in bad.content.decode()


def test_only_the_organisers_edit_an_activity(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    activity = _held(studio, dt.date(2025, 10, 9), "forum")
    member_teacher = make_teacher(world.school_a, "成员甲")
    Membership.objects.create(studio=studio, role="member", teacher=member_teacher, status="active")
    member = make_user("member1", teacher=member_teacher)
    assert client_for(member).get(f"/activities/{activity.uid}/edit/").status_code == 403
    # Bureau staff organise their bureau's own activities; another district's is outside their scope: not found.
    assert client_for(world.district_b_staff).get(f"/activities/{activity.uid}/edit/").status_code == 404
    assert client_for(world.outsider_teacher_user).get(f"/activities/{activity.uid}/edit/").status_code == 403


def _professor(studio: Studio, name: str = "陈教授") -> Membership:
    """A mentor from outside the schools (a university professor): no teacher record."""
    return Membership.objects.create(
        studio=studio, role="mentor", external_name=name, external_affiliation="华南师范大学 教授", status="active"
    )


def test_an_outside_mentor_is_in_the_given_by_choice_and_their_guidance_hours_count(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    professor = _professor(studio)
    host = client_for(world.teacher_user)
    page = host.get(f"/activities/studio/{studio.uid}/new/").content.decode()
    assert "陈教授（华南师范大学 教授）" in page
    starts = _at(dt.date(2025, 10, 10))
    data = {"kind": "lesson_observation", "title": "观课指导", "mode": "offline", "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=3), "place": "厅", "credit_half_days": 2,
            "guiding_mentors": [professor]}  # fmt: skip
    activity = services.activity_create(actor=world.teacher_user, studio=studio, data=data)
    assert list(activity.guiding_mentors.all()) == [professor]
    rows = quotas.mentor_guidance(studio, today=dt.date(2025, 12, 1))
    assert [(r.mentor, r.hours) for r in rows] == [("陈教授", Decimal(6))]
    detail = host.get(f"/activities/{activity.uid}/").content.decode()
    assert "陈教授" in detail


def test_it_refuses_an_outside_mentor_of_another_studio(world: World) -> None:
    studio = _studio(world, "zaozhuang")
    other = Studio.objects.create(
        batch=studio.batch, name="别的工作室", stage="primary", theme="t", plan="p", host=world.teacher_b,
        host_school=world.school_b, status="active",
    )  # fmt: skip
    stranger = _professor(other, "外室教授")
    starts = _at(dt.date(2025, 10, 10))
    data = {"kind": "forum", "title": "论坛", "mode": "offline", "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=3), "place": "厅", "guiding_mentors": [stranger]}  # fmt: skip
    with pytest.raises(ValidationError, match="外室教授"):
        services.activity_create(actor=world.teacher_user, studio=studio, data=data)
    assert not Activity.objects.filter(studio=studio).exists()
