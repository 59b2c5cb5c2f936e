"""Creating a round, choosing its people and raters, and opening it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hts.accounts.models import Role
from hts.evaluation.rounds.models import EvaluationRound, Rater
from hts.evaluation.tests.conftest import RoundWorld, add_subject, ganyu_version, make_round
from hts.org.models import HeadTeacherService
from testkit import World, client_for, make_school_year, make_teacher, make_user

pytestmark = pytest.mark.django_db


def _post_round(world: World, client: Any, **extra: Any) -> Any:
    year = make_school_year(world.city, 2026)
    semester = year.semesters.get(kind="autumn")
    data = {
        "title": "十月考评",
        "period": "monthly",
        "school_year": year.pk,
        "semester": semester.pk,
        "month": "2026-10-15",
        "version": ganyu_version().pk,
        "combination": "trimmed",
        "objection_days": 5,
        "excellent_from": "90",
        "pass_from": "60",
        **extra,
    }
    return client.post("/evaluation/rounds/new/", data)


def test_school_staff_create_a_monthly_round_of_their_school(world: World) -> None:
    response = _post_round(world, client_for(world.school_staff))
    assert response.status_code == 302
    rnd = EvaluationRound.objects.get()
    assert rnd.school == world.school_a
    assert rnd.region_path == world.school_a.region.path
    assert rnd.month == dt.date(2026, 10, 1)
    assert rnd.status == "draft"
    assert response["Location"] == rnd.get_absolute_url()


def test_a_monthly_round_needs_its_month_and_the_input_comes_back(world: World) -> None:
    response = _post_round(world, client_for(world.school_staff), month="")
    assert response.status_code == 400
    assert "十月考评" in response.content.decode()
    assert not EvaluationRound.objects.exists()


def test_a_month_outside_the_semester_is_refused(world: World) -> None:
    response = _post_round(world, client_for(world.school_staff), month="2027-04-01")
    assert response.status_code == 400
    assert not EvaluationRound.objects.exists()


def test_bureau_staff_organise_for_their_region(world: World) -> None:
    response = _post_round(world, client_for(world.district_staff))
    assert response.status_code == 302
    rnd = EvaluationRound.objects.get()
    assert rnd.region == world.district_a and rnd.school is None


def test_a_teacher_may_not_create_rounds(world: World) -> None:
    assert client_for(world.teacher_user).get("/evaluation/rounds/new/").status_code == 403


def test_fill_adds_current_head_teachers_of_the_school_only(world: World) -> None:
    rnd = make_round(world)
    left = make_teacher(world.school_a, "已卸任", serving_since=dt.date(2010, 9, 1))
    HeadTeacherService.objects.filter(teacher=left).update(ended_on=dt.date(2020, 7, 1))
    recent = make_teacher(world.school_a, "十月卸任", serving_since=dt.date(2019, 9, 1))
    HeadTeacherService.objects.filter(teacher=recent).update(ended_on=dt.date(2026, 10, 20))
    client = client_for(world.school_staff)
    assert client.post(f"/evaluation/rounds/{rnd.uid}/subjects/fill/").status_code == 302
    names = set(rnd.subjects.values_list("teacher__name", flat=True))
    assert names == {"李红", "十月卸任"}
    # Filling twice adds nobody twice.
    client.post(f"/evaluation/rounds/{rnd.uid}/subjects/fill/")
    assert rnd.subjects.count() == 2


def test_a_bureau_round_fills_from_every_school_of_its_region(world: World) -> None:
    rnd = make_round(world, school=None, region=world.city, region_path=world.city.path)
    client_for(world.city_staff).post(f"/evaluation/rounds/{rnd.uid}/subjects/fill/")
    assert set(rnd.subjects.values_list("teacher__name", flat=True)) == {"李红", "王明"}


def test_add_a_person_and_a_rater_then_open(world: World) -> None:
    rnd = make_round(world)
    make_teacher(world.school_a, "周老师", mobile="13811112222")
    rater_teacher = make_teacher(world.school_a, "组长")
    make_user("zuzhang", teacher=rater_teacher)
    client = client_for(world.school_staff)
    url = f"/evaluation/rounds/{rnd.uid}/"
    refused = client.post(url + "open/", follow=True)
    assert "至少" in refused.content.decode() or "at least" in refused.content.decode()
    assert client.post(url + "subjects/add/", {"subject-query": "13811112222"}).status_code == 302
    assert client.post(url + "raters/add/", {"rater-query": "zuzhang"}).status_code == 302
    assert client.post(url + "open/").status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == "open"
    assert [s.teacher.name for s in rnd.subjects.all()] == ["周老师"]
    # No one changes the people after opening.
    assert client.post(url + "subjects/add/", {"subject-query": "李红"}).status_code == 400


def test_a_rater_outside_the_round_area_is_not_found(world: World) -> None:
    rnd = make_round(world)
    response = client_for(world.school_staff).post(
        f"/evaluation/rounds/{rnd.uid}/raters/add/", {"rater-query": "teacher_b"}
    )
    assert response.status_code == 400
    assert not Rater.objects.exists()


def test_outsiders_do_not_see_the_round(world: World) -> None:
    rnd = make_round(world)
    assert client_for(world.district_b_staff).get(rnd.get_absolute_url()).status_code == 404
    assert client_for(world.district_b_staff).post(f"/evaluation/rounds/{rnd.uid}/open/").status_code == 404
    assert client_for(world.teacher_user).get(rnd.get_absolute_url()).status_code == 403


def test_list_is_scoped_filtered_and_within_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    make_round(world, title="甲校十月")
    make_round(world, title="甲校期末", period="semester", month=None, status="open")
    other = make_teacher(world.school_b, "x")
    rnd_b = make_round(world, title="南山十月", school=world.school_b, region_path=world.school_b.region.path)
    add_subject(rnd_b, other)
    client = client_for(world.district_staff)
    # session, user, roles, studio grants, count, page of rounds, summary offers (the summaries that
    # exist, the latest monthly rounds), the months the page's summaries lack, savepoint + session save
    with django_assert_max_num_queries(12):
        body = client.get("/evaluation/rounds/").content.decode()
    assert "甲校十月" in body and "甲校期末" in body and "南山十月" not in body
    body = client.get("/evaluation/rounds/?period=semester").content.decode()
    assert "甲校期末" in body and "甲校十月" not in body
    body = client_for(world.city_staff).get("/evaluation/rounds/?status=draft").content.decode()
    assert "南山十月" in body and "甲校期末" not in body


def test_detail_within_its_query_budget(rounds: RoundWorld, django_assert_max_num_queries: Any) -> None:
    client = client_for(rounds.organiser)
    client.get(rounds.round.get_absolute_url())
    # session, user, roles; the round; the organiser's scope; the close guard's missing scores (people,
    # items, scores per rater, raters); raters with progress (people, items, raters); people (count and
    # page); sources; the organiser's democratic ratings; session save (savepoint, update, release)
    with django_assert_max_num_queries(19):
        response = client.get(rounds.round.get_absolute_url())
    body = response.content.decode()
    assert "赵老师" in body and "rater2" in body
    assert "0/69" in body  # 3 people × 23 items, nothing scored yet


def test_a_studio_host_opens_a_round_of_members(world: World) -> None:
    from hts.studios.models import Membership
    from testkit import make_running_studio

    studio = make_running_studio(world)
    member = make_teacher(world.school_a2, "成员")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    host = world.teacher_user
    year = make_school_year(world.city, 2026)
    from hts.evaluation.rubrics.models import RubricVersion

    version = RubricVersion.objects.filter(rubric__kind="studio_member", status="active").first()
    assert version is not None
    response = client_for(host).post(
        "/evaluation/rounds/new/",
        {
            "organiser": f"studio:{studio.pk}", "title": "学期考核", "period": "semester", "school_year": year.pk,
            "semester": year.semesters.get(kind="autumn").pk, "version": version.pk, "combination": "mean",
            "objection_days": 5, "excellent_from": "90", "pass_from": "60",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    rnd = EvaluationRound.objects.get()
    assert rnd.studio == studio
    client_for(host).post(f"/evaluation/rounds/{rnd.uid}/subjects/fill/")
    subject = rnd.subjects.get()
    assert subject.teacher == member and subject.membership is not None
    # Role check: a plain teacher holds no organiser grant.
    assert make_user("plain", Role.LEGAL_REP, school=world.school_a) is not None


def test_the_people_of_a_large_round_are_paged(rounds: RoundWorld, settings: Any) -> None:
    """A bureau's round can hold a whole city: the detail page and the ranking show one page at a time."""
    settings.PAGE_SIZE = 2
    client = client_for(rounds.organiser)
    first = client.get(rounds.round.get_absolute_url()).content.decode()
    second = client.get(rounds.round.get_absolute_url() + "?page=2").content.decode()
    names = [s.teacher.name for s in rounds.subjects]
    assert "1 / 2" in first and "2 / 2" in second
    assert sum(name in first for name in names) == 2
    assert sum(name in second for name in names) == 1


def test_the_round_form_names_its_title_field_as_a_round_name(world: World) -> None:
    """ "title" was translated 荣誉名称 everywhere; a round's name field is labelled with its own context."""
    page = client_for(world.school_staff).get("/evaluation/rounds/new/").content.decode()
    label = page.split('for="id_title"')[1].split("</label>")[0]
    assert "考评名称" in label and "荣誉名称" not in label
