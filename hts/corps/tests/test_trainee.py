"""Trainee and assistant posts (001 二 4) through the school office's page, the class's deputy kept
in step, and the months they add up to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hts.accounts.models import Role
from hts.core.models import AuditEntry
from hts.corps.archive.sections import archive_sections
from hts.corps.models import CorpsPolicy
from hts.corps.trainee.archive import trainee_section
from hts.corps.trainee.demo import months_before, seed
from hts.corps.trainee.models import TraineePost
from hts.corps.trainee.selectors import months_of, trainee_months
from hts.notifications.models import Notification
from hts.org.models import Region, School, SchoolClass
from testkit import World, client_for, make_region, make_teacher, make_user

TODAY = dt.date.today()
D = dt.date


def _url(world: World, school: Any = None) -> str:
    return f"/corps/trainee/school/{(school or world.school_a).uid}/"


def _young(world: World, name: str = "周新", **extra: Any) -> Any:
    return make_teacher(world.school_a, name, birth_year=2000, **extra)


def _form(school_class: Any, teacher: Any, kind: str = "assistant", **extra: str) -> dict[str, Any]:
    return {"school_class": school_class.pk, "teacher": teacher.pk, "kind": kind,
            "started_on": extra.get("started_on", TODAY.isoformat()), "ended_on": extra.get("ended_on", "")}  # fmt: skip


# Months ------------------------------------------------------------------------------------------


def test_months_count_calendar_months_and_overlaps_once() -> None:
    assert trainee_months([(D(2025, 9, 1), D(2026, 8, 31))], D(2027, 1, 1)) == 12
    assert trainee_months([(D(2025, 9, 1), D(2026, 7, 31))], D(2027, 1, 1)) == 11
    # A trainee post and an assistant post held at once: the months they share count once.
    both = [(D(2025, 9, 1), D(2026, 2, 28)), (D(2025, 12, 1), D(2026, 8, 31))]
    assert trainee_months(both, D(2027, 1, 1)) == 12
    # An open post counts up to the day asked; a post that starts later counts nothing.
    assert trainee_months([(D(2025, 9, 1), None)], D(2026, 7, 31)) == 11
    assert trainee_months([(D(2027, 9, 1), None)], D(2026, 7, 31)) == 0
    # Separate spans: the leftover days add up, thirty to a month.
    assert trainee_months([(D(2025, 9, 1), D(2025, 9, 15)), (D(2025, 10, 1), D(2025, 10, 15))], D(2026, 1, 1)) == 1


# The school office's page ------------------------------------------------------------------------


def test_school_staff_record_an_assistant_who_becomes_the_deputy(world: World) -> None:
    young = _young(world)
    make_user("young", teacher=young)
    client = client_for(world.school_staff)
    home = client.get("/corps/trainee/")
    assert home.status_code == 302 and home["Location"] == _url(world)
    response = client.post(_url(world), _form(world.class_a, young))
    assert response.status_code == 302
    post = TraineePost.objects.get()
    assert (post.teacher, post.kind, post.ended_on, post.recorded_by) == (young, "assistant", None, world.school_staff)
    world.class_a.refresh_from_db()
    assert world.class_a.deputy == young
    entry = AuditEntry.objects.get(action="corps.trainee.added")
    assert entry.changes["deputy"] == ["", young.name]
    assert Notification.objects.filter(recipient__teacher=young, title__contains="班主任助理").exists()
    page = client.get(_url(world)).content.decode()
    assert "周新" in page and "班主任助理" in page and "至少12个月" not in page  # no policy: no months asked


def test_ending_the_assistant_post_clears_the_deputy(world: World) -> None:
    young = _young(world)
    client = client_for(world.school_staff)
    client.post(_url(world), _form(world.class_a, young, started_on=(TODAY - dt.timedelta(days=40)).isoformat()))
    post = TraineePost.objects.get()
    response = client.post(f"/corps/trainee/posts/{post.uid}/end/", {"ended_on": TODAY.isoformat()})
    assert response.status_code == 302
    post.refresh_from_db()
    world.class_a.refresh_from_db()
    assert post.ended_on == TODAY and post.ended_by == world.school_staff
    assert world.class_a.deputy is None
    again = client.post(f"/corps/trainee/posts/{post.uid}/end/", {"ended_on": TODAY.isoformat()}, follow=True)
    assert "该任职已结束" in again.content.decode()


def test_a_class_has_one_current_assistant_and_posts_are_not_in_the_future(world: World) -> None:
    first, second = _young(world), _young(world, "吴新")
    client = client_for(world.school_staff)
    client.post(_url(world), _form(world.class_a, first))
    response = client.post(_url(world), _form(world.class_a, second))
    assert response.status_code == 400
    assert "周新是该班班主任助理（副班主任）：请先结束该任职" in response.content.decode()
    later = client.post(
        _url(world), _form(world.class_a, second, "trainee", started_on=(TODAY + dt.timedelta(days=3)).isoformat())
    )
    assert later.status_code == 400 and "任职开始后才能登记" in later.content.decode()
    head = client.post(_url(world), _form(world.class_a, world.teacher_a, "trainee"))
    assert head.status_code == 400 and "是该班班主任" in head.content.decode()
    # A trainee beside the assistant is fine; the deputy stays the assistant.
    assert client.post(_url(world), _form(world.class_a, second, "trainee")).status_code == 302
    world.class_a.refresh_from_db()
    assert world.class_a.deputy == first
    assert TraineePost.objects.count() == 2


def test_changing_the_deputy_on_the_class_form_moves_the_assistant_post(world: World) -> None:
    first, second = _young(world), _young(world, "吴新")
    client = client_for(world.school_staff)
    client.post(_url(world), _form(world.class_a, first, started_on=(TODAY - dt.timedelta(days=90)).isoformat()))
    data = {"stage": "primary", "grade": 3, "name": "1班", "head_teacher": world.teacher_a.pk, "deputy": second.pk}
    assert client.post(f"/org/classes/{world.class_a.uid}/edit/", data).status_code == 302
    old = TraineePost.objects.get(teacher=first)
    new = TraineePost.objects.get(teacher=second)
    assert old.ended_on == TODAY - dt.timedelta(days=1)
    assert (new.kind, new.started_on, new.ended_on) == ("assistant", TODAY, None)
    # Clearing the deputy ends the post; nobody is the assistant any more.
    client.post(f"/org/classes/{world.class_a.uid}/edit/", {**data, "deputy": ""})
    assert not TraineePost.objects.filter(school_class=world.class_a, ended_on__isnull=True).exists()


def test_the_page_shows_each_teachers_months_against_the_policy(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, trainee_months=12)
    young = _young(world)
    TraineePost.objects.create(school_class=world.class_a, teacher=young, kind="trainee",
                               started_on=months_before(TODAY, 11), ended_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    page = client_for(world.school_staff).get(_url(world)).content.decode()
    assert "至少12个月" in page and "11 / 12" in page
    assert months_of(young) == 11


@pytest.mark.parametrize("who", ["other_district", "same_district"])
def test_staff_outside_the_school_get_404(world: World, who: str) -> None:
    young = _young(world)
    post = TraineePost.objects.create(school_class=world.class_a, teacher=young, kind="assistant", started_on=TODAY)
    user = (
        make_user("other_school", Role.SCHOOL_STAFF, school=world.school_b)
        if who == "other_district"
        else make_user("other_bureau", Role.SCHOOL_STAFF, school=world.school_a2)
    )
    client = client_for(user)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), _form(world.class_a, young, "trainee")).status_code == 404
    assert client.post(f"/corps/trainee/posts/{post.uid}/end/", {"ended_on": TODAY.isoformat()}).status_code == 404
    post.refresh_from_db()
    assert post.ended_on is None


@pytest.mark.parametrize(
    "who", ["district_staff", "district_b_staff", "teacher_user", "outsider_teacher_user", "legal_rep"]
)
def test_bureaus_teachers_and_the_teacher_themself_are_refused(world: World, who: str) -> None:
    young = _young(world)
    client = client_for(getattr(world, who))
    assert client.get("/corps/trainee/").status_code == 403
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), _form(world.class_a, young)).status_code == 403
    assert not TraineePost.objects.exists()


def test_the_posts_page_within_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(30):
        school_class = SchoolClass.objects.create(
            school=world.school_a, stage="primary", grade=1 + n % 6, name=f"{n}班"
        )
        teacher = _young(world, f"新{n}")
        TraineePost.objects.create(school_class=school_class, teacher=teacher, kind="assistant", started_on=TODAY)
        TraineePost.objects.create(school_class=school_class, teacher=teacher, kind="trainee",
                                   started_on=months_before(TODAY, 6), ended_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    client = client_for(world.school_staff)
    client.get("/home/")
    # session, user, roles, school, form choices (classes, teachers), count, page, months, policy, …
    with django_assert_max_num_queries(16):
        response = client.get(_url(world))
    assert response.status_code == 200


# Archive and demo --------------------------------------------------------------------------------


def test_the_archive_section_names_each_post_and_the_months(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, trainee_months=12)
    young = _young(world)
    TraineePost.objects.create(school_class=world.class_a, teacher=young, kind="trainee",
                               started_on=D(2025, 9, 1), ended_on=D(2026, 2, 28))  # fmt: skip
    TraineePost.objects.create(school_class=world.class_a, teacher=young, kind="assistant",
                               started_on=D(2025, 12, 1), ended_on=D(2026, 8, 31))  # fmt: skip
    section = trainee_section(young, D(2026, 11, 1))
    assert section.key == "corps.trainee"
    assert "已满12个月（须12个月）" in section.title
    assert [row.cells[0] for row in section.rows] == ["见习班主任", "班主任助理"]
    assert [row.cells[3] for row in section.rows] == ["6", "9"]
    assert "2025-09-01" in section.rows[0].source and "见习班主任" in section.rows[0].source
    assert any(s.key == "corps.trainee" for s in archive_sections(young, D(2026, 11, 1)))
    empty = trainee_section(world.teacher_a, D(2026, 11, 1))
    assert not empty.rows and empty.empty_text


def test_the_demo_seed_builds_a_story_once(db: Any) -> None:
    city = make_region("连云港市", "320700", Region.Kind.CITY)
    county = make_region("赣榆县", "320721", Region.Kind.DISTRICT, city)
    for code in ("GY-01", "GY-02"):
        school = School.objects.create(name=f"赣榆{code}小学", code=code, region=county, has_primary=True)
        head = make_teacher(school, f"{code}班主任", serving_since=D(2015, 9, 1))
        for grade in (1, 2):
            SchoolClass.objects.create(school=school, stage="primary", grade=grade, name="1班", head_teacher=head)
        make_teacher(school, f"{code}青年甲", birth_year=2001)
        make_teacher(school, f"{code}青年乙", birth_year=2000)
    assert seed(county, TODAY) == 6
    assert seed(county, TODAY) == 0
    deputies = SchoolClass.objects.filter(deputy__isnull=False)
    assert deputies.count() == 2
    for school_class in deputies:
        post = TraineePost.objects.get(school_class=school_class, kind="assistant", ended_on__isnull=True)
        assert post.teacher_id == school_class.deputy_id and months_of(post.teacher) == 10
    trained = TraineePost.objects.filter(kind="trainee").first()
    assert trained is not None and months_of(trained.teacher) == 12
