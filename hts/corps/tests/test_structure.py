"""The school's own structure (001 二 3, 7): its 首席班主任 and its mentoring pairs with the mentor's
guidance sessions, through the pages each person uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from hts.core.models import AuditEntry
from hts.corps.models import CorpsPolicy
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
from hts.org.models import HeadTeacherService
from testkit import World, client_for, make_teacher, make_user

TODAY = dt.date.today()


def _school_url(world: World, school: Any = None) -> str:
    return f"/corps/structure/school/{(school or world.school_a).uid}/"


def _young(world: World, name: str = "赵青") -> Any:
    return make_teacher(world.school_a, name, serving_since=TODAY - dt.timedelta(days=200))


def _pair(world: World, mentee: Any = None) -> MentorPair:
    return MentorPair.objects.create(
        school=world.school_a,
        mentor=world.teacher_a,
        mentee=mentee or _young(world),
        started_on=TODAY - dt.timedelta(days=60),
    )


# The chief head teacher -------------------------------------------------------------------------


def test_school_staff_appoint_and_end_the_chief_and_the_history_keeps_both(world: World) -> None:
    client = client_for(world.school_staff)
    assert client.get("/corps/structure/").url == _school_url(world)
    response = client.post(
        _school_url(world), {"form": "chief", "chief-teacher": world.teacher_a.pk, "chief-started_on": "2025-09-01"}
    )
    assert response.status_code == 302
    chief = ChiefHeadTeacher.objects.get()
    assert (chief.teacher, chief.ended_on, chief.appointed_by) == (world.teacher_a, None, world.school_staff)
    assert "李红" in client.get(_school_url(world)).content.decode()
    # The profile shows it (org's profile facts registry).
    profile = client.get(f"/org/teachers/{world.teacher_a.uid}/").content.decode()
    assert 'data-testid="corps-chief"' in profile and "首席班主任" in profile
    ended = client.post(f"/corps/structure/chief/{chief.uid}/end/", {"ended_on": "2026-07-31"})
    assert ended.status_code == 302
    chief.refresh_from_db()
    assert chief.ended_on == dt.date(2026, 7, 31) and chief.ended_by == world.school_staff
    second = make_teacher(world.school_a, "周明")
    client.post(_school_url(world), {"form": "chief", "chief-teacher": second.pk, "chief-started_on": "2026-08-01"})
    assert ChiefHeadTeacher.objects.count() == 2
    history = client.get(_school_url(world)).content.decode()
    assert "李红" in history and "周明" in history and "2026-07-31" in history
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"corps.chief.appointed", "corps.chief.ended"} <= actions


def test_a_second_current_chief_is_refused_and_the_database_refuses_it_too(world: World) -> None:
    client = client_for(world.school_staff)
    ChiefHeadTeacher.objects.create(school=world.school_a, teacher=world.teacher_a, started_on=dt.date(2025, 9, 1))
    other = make_teacher(world.school_a, "周明")
    response = client.post(
        _school_url(world), {"form": "chief", "chief-teacher": other.pk, "chief-started_on": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "已有在任的首席班主任" in response.content.decode()
    assert ChiefHeadTeacher.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ChiefHeadTeacher.objects.create(school=world.school_a, teacher=other, started_on=dt.date(2026, 1, 1))


def test_the_chief_must_teach_at_the_school(world: World) -> None:
    response = client_for(world.school_staff).post(
        _school_url(world), {"form": "chief", "chief-teacher": world.teacher_b.pk, "chief-started_on": "2026-01-01"}
    )
    assert response.status_code == 400 and not ChiefHeadTeacher.objects.exists()


# Mentoring pairs ---------------------------------------------------------------------------------


def test_school_staff_create_a_pair_with_an_experienced_mentor(world: World) -> None:
    mentee = _young(world)
    client = client_for(world.school_staff)
    response = client.post(
        _school_url(world),
        {"form": "pair", "pair-mentor": world.teacher_a.pk, "pair-mentee": mentee.pk, "pair-started_on": "2026-09-01"},
    )
    assert response.status_code == 302
    pair = MentorPair.objects.get()
    assert (pair.mentor, pair.mentee, pair.created_by) == (world.teacher_a, mentee, world.school_staff)
    assert AuditEntry.objects.filter(action="corps.pair.created").exists()
    assert client.post(f"/corps/structure/pairs/{pair.uid}/end/", {"ended_on": "2026-10-01"}).status_code == 302
    pair.refresh_from_db()
    assert pair.ended_on == dt.date(2026, 10, 1)


def test_a_mentor_with_too_few_years_is_refused_with_the_number(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, mentor_min_service_years=3)
    mentor = make_teacher(world.school_a, "钱浅")
    # Two years and a half as head teacher: short of three.
    HeadTeacherService.objects.create(
        teacher=mentor, school=world.school_a, started_on=dt.date(2024, 3, 1), ended_on=dt.date(2026, 9, 1)
    )
    mentee = _young(world)
    response = client_for(world.school_staff).post(
        _school_url(world),
        {"form": "pair", "pair-mentor": mentor.pk, "pair-mentee": mentee.pk, "pair-started_on": "2026-09-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "至少3年" in body and "2.5" in body
    assert not MentorPair.objects.exists()


def test_without_the_policy_number_any_head_teacher_may_mentor(world: World) -> None:
    """The years before mentoring are the region's corps policy number; empty turns the rule off."""
    CorpsPolicy.objects.create(region=world.city, mentor_min_service_years=None)
    mentor = make_teacher(world.school_a, "钱浅", serving_since=TODAY - dt.timedelta(days=400))
    mentee = _young(world)
    client = client_for(world.school_staff)
    assert "年班主任" not in client.get(_school_url(world)).content.decode().split("corps-pair-form")[1][:400]
    response = client.post(
        _school_url(world),
        {"form": "pair", "pair-mentor": mentor.pk, "pair-mentee": mentee.pk, "pair-started_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert MentorPair.objects.filter(mentor=mentor, mentee=mentee).exists()


def test_a_mentee_with_as_many_years_as_the_mentor_is_refused(world: World) -> None:
    """001 二 3: the experienced guide the young, even where the region sets no minimum."""
    CorpsPolicy.objects.create(region=world.city, mentor_min_service_years=None)
    mentor = make_teacher(world.school_a, "吴昊", serving_since=TODAY - dt.timedelta(days=400))
    senior = make_teacher(world.school_a, "陈静", serving_since=TODAY - dt.timedelta(days=4000))
    response = client_for(world.school_staff).post(
        _school_url(world),
        {"form": "pair", "pair-mentor": mentor.pk, "pair-mentee": senior.pk, "pair-started_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "导师应指导比自己年轻的班主任" in response.content.decode()
    assert not MentorPair.objects.exists()


def test_a_teacher_cannot_mentor_themself_or_a_teacher_of_another_school(world: World) -> None:
    client = client_for(world.school_staff)
    for mentee in (world.teacher_a, world.teacher_b):
        response = client.post(
            _school_url(world),
            {
                "form": "pair",
                "pair-mentor": world.teacher_a.pk,
                "pair-mentee": mentee.pk,
                "pair-started_on": "2026-09-01",
            },
        )
        assert response.status_code == 400
    assert not MentorPair.objects.exists()


# Guidance sessions ----------------------------------------------------------------------------------


def test_the_mentor_records_guidance_and_the_mentee_and_staff_read_it(world: World) -> None:
    mentee = _young(world)
    pair = _pair(world, mentee)
    url = f"/corps/structure/pairs/{pair.uid}/"
    mentor_client = client_for(world.teacher_user)
    assert 'data-testid="corps-guidance-form"' in mentor_client.get(url).content.decode()
    held = (TODAY - dt.timedelta(days=3)).isoformat()
    response = mentor_client.post(url, {"held_on": held, "topic": "家长沟通", "hours": "1.5", "notes": "电话沟通要点"})
    assert response.status_code == 302
    session = GuidanceSession.objects.get()
    assert (session.hours, session.recorded_by) == (Decimal("1.5"), world.teacher_user)
    assert AuditEntry.objects.filter(action="corps.guidance.recorded").exists()
    assert "我的青蓝结对" in mentor_client.get("/corps/structure/mine/").content.decode()
    mentee_client = client_for(make_user("mentee", teacher=mentee))
    page = mentee_client.get(url).content.decode()
    assert "家长沟通" in page and "1.5" in page and 'data-testid="corps-guidance-form"' not in page
    assert "家长沟通" in client_for(world.school_staff).get(url).content.decode()
    assert "1.5" in client_for(world.school_staff).get(_school_url(world)).content.decode()


def test_a_session_outside_the_pairs_dates_or_in_the_future_is_refused(world: World) -> None:
    pair = _pair(world)
    url = f"/corps/structure/pairs/{pair.uid}/"
    client = client_for(world.teacher_user)
    for held in (pair.started_on - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)):
        response = client.post(url, {"held_on": held.isoformat(), "topic": "班会设计", "hours": "1"})
        assert response.status_code == 400
    assert client.post(url, {"held_on": TODAY.isoformat(), "topic": "班会设计", "hours": "0"}).status_code == 400
    assert not GuidanceSession.objects.exists()


# Refusals ------------------------------------------------------------------------------------------


def test_the_mentee_cannot_write_guidance(world: World) -> None:
    mentee = _young(world)
    pair = _pair(world, mentee)
    response = client_for(make_user("mentee", teacher=mentee)).post(
        f"/corps/structure/pairs/{pair.uid}/", {"held_on": TODAY.isoformat(), "topic": "自评", "hours": "2"}
    )
    assert response.status_code == 403 and not GuidanceSession.objects.exists()


def test_school_staff_cannot_write_guidance_either(world: World) -> None:
    pair = _pair(world)
    response = client_for(world.school_staff).post(
        f"/corps/structure/pairs/{pair.uid}/", {"held_on": TODAY.isoformat(), "topic": "代记", "hours": "2"}
    )
    assert response.status_code == 403 and not GuidanceSession.objects.exists()


def test_staff_of_another_school_and_other_people_are_refused(world: World) -> None:
    pair = _pair(world)
    chief = ChiefHeadTeacher.objects.create(school=world.school_a, teacher=world.teacher_a, started_on=TODAY)
    other_staff = make_user("school_b", "school_staff", school=world.school_b)
    pair_url = f"/corps/structure/pairs/{pair.uid}/"
    # Another school's staff: nothing of this school's exists for them.
    client = client_for(other_staff)
    assert client.get(_school_url(world)).status_code == 404
    assert client.get(pair_url).status_code == 404
    assert client.post(f"/corps/structure/chief/{chief.uid}/end/", {"ended_on": TODAY.isoformat()}).status_code == 404
    assert client.post(f"/corps/structure/pairs/{pair.uid}/end/", {"ended_on": TODAY.isoformat()}).status_code == 404
    # A bureau of another district, a plain teacher (not in the pair), the head teacher themself.
    plain = client_for(world.outsider_teacher_user)
    assert plain.get(pair_url).status_code == 404
    assert plain.post(pair_url, {"held_on": TODAY.isoformat(), "topic": "x", "hours": "1"}).status_code == 404
    for user in (world.district_b_staff, world.outsider_teacher_user, world.teacher_user):
        c = client_for(user)
        assert c.get(_school_url(world)).status_code == 403
        assert c.post(_school_url(world), {"form": "chief", "chief-teacher": world.teacher_a.pk}).status_code == 403
        assert c.post(f"/corps/structure/pairs/{pair.uid}/end/", {"ended_on": TODAY.isoformat()}).status_code == 403
    chief.refresh_from_db()
    pair.refresh_from_db()
    assert chief.ended_on is None and pair.ended_on is None and not GuidanceSession.objects.exists()


# Query budgets and pagination ------------------------------------------------------------------------


def test_school_page_query_budget_and_pagination(world: World, django_assert_max_num_queries: Any) -> None:
    ChiefHeadTeacher.objects.create(school=world.school_a, teacher=world.teacher_a, started_on=TODAY)
    for i in range(30):
        pair = _pair(world, _young(world, f"青年{i:02d}"))
        GuidanceSession.objects.create(pair=pair, held_on=TODAY, topic="t", hours=Decimal("1"))
    client = client_for(world.school_staff)
    client.get("/home/")
    with django_assert_max_num_queries(14):
        response = client.get(_school_url(world))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) < 30
    assert client.get(_school_url(world) + "?page=2").status_code == 200


def test_pair_and_mine_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    pair = _pair(world)
    for i in range(30):
        GuidanceSession.objects.create(pair=pair, held_on=TODAY - dt.timedelta(days=i), topic=f"主题{i}", hours=1)
    client = client_for(world.teacher_user)
    client.get("/home/")
    with django_assert_max_num_queries(12):
        response = client.get(f"/corps/structure/pairs/{pair.uid}/")
    assert response.status_code == 200 and "30" in response.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get("/corps/structure/mine/").status_code == 200
