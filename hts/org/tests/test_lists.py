"""List pages: scope, search, filters, masking, pagination and query budgets."""

import datetime as dt
from typing import Any

from hts.org.models import School, SchoolClass
from testkit import World, client_for, make_teacher


def _many_schools(world: World, count: int) -> None:
    School.objects.bulk_create(
        School(name=f"福田第{n}小学", code=f"FT-X{n:03d}", region=world.district_a, has_primary=True)
        for n in range(count)
    )


def test_bureau_staff_see_their_subtree_only(world: World) -> None:
    body = client_for(world.district_staff).get("/org/schools/").content.decode()
    assert world.school_a.name in body and world.school_a2.name in body
    assert world.school_b.name not in body
    city_body = client_for(world.city_staff).get("/org/schools/").content.decode()
    assert world.school_b.name in city_body


def test_school_search_and_filters(world: World) -> None:
    client = client_for(world.city_staff)
    assert world.school_a.name not in client.get("/org/schools/", {"q": "南山"}).content.decode()
    assert world.school_b.name in client.get("/org/schools/", {"q": "南山"}).content.decode()
    by_region = client.get("/org/schools/", {"region": str(world.district_b.uid)}).content.decode()
    assert world.school_b.name in by_region and world.school_a.name not in by_region
    senior = client.get("/org/schools/", {"stage": "senior"}).content.decode()
    assert world.school_a2.name in senior and world.school_a.name not in senior


def test_school_list_is_paginated_within_a_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    _many_schools(world, 60)
    client = client_for(world.city_staff)
    client.get("/home/")  # warm the session
    # session, user, role assignments (+regions), count, page of schools with regions,
    # regions for the filter, savepoints: 10 at most whatever the number of schools.
    with django_assert_max_num_queries(10):
        response = client.get("/org/schools/", {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.num_pages == 4


def test_teacher_list_masks_mobiles_and_filters_head_teachers(world: World) -> None:
    make_teacher(world.school_a, "陈不任", mobile="13600000009")
    client = client_for(world.district_staff)
    body = client.get("/org/teachers/").content.decode()
    assert "138****0001" in body
    assert "13800000001" not in body
    heads = client.get("/org/teachers/", {"head": "1"}).content.decode()
    assert "李红" in heads and "陈不任" not in heads


def test_teacher_list_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(45):
        make_teacher(world.school_a, f"教师{n}", serving_since=dt.date(2020, 9, 1))
    client = client_for(world.district_staff)
    client.get("/home/")
    # session, user, roles, count, page (one query with school, region and the serving flag), regions.
    with django_assert_max_num_queries(10):
        response = client.get("/org/teachers/", {"stage": "primary"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 46


def test_class_list_and_region_list_budgets(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(30):
        SchoolClass.objects.create(school=world.school_a, stage="primary", grade=1 + n % 6, name=f"{n}班")
    client = client_for(world.admin)
    client.get("/home/")
    with django_assert_max_num_queries(10):
        assert client.get("/org/classes/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/org/regions/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/accounts/users/").status_code == 200


def test_navigation_shows_only_what_the_role_may_use(world: World) -> None:
    teacher_nav = [name for name, _ in client_for(world.teacher_user).get("/home/").context["nav_items"]]
    assert teacher_nav == [
        "core-home",
        "studios-studio-list",
        "studios-apply",
        "studios-directory",
        "activities-transcript",
        "research-my-achievements",
        "archives-mine",
        # 我的班主任工作, one menu: their own work archive, mentoring, applications, nominations.
        "corps-archive-home",
        "corps-structure-mine",
        "corps-appointment-mine",
        "corps-honours-mine",
        "classwork-classes",
        # Guardian consents (issue 16 point 8), beside the class work log: the teacher heads a class.
        "portal-consent-classes",
        # The portal's head-teacher forum and suggestion box (issue 16 points 5, 6).
        "portal-forum-boards",
        "portal-ideas-mine",
        "evaluation-mine",
        # The portal's essay contest (issue 16 point 7), in 我的班主任工作.
        "portal-contest-home",
    ]
    bar = client_for(world.teacher_user).get("/home/").context["nav_bar"]
    mine = next(entry for entry in bar if entry.get("group") == "my_corps")
    assert next(name for name, _ in mine["links"]) == "corps-archive-home"
    # The school's office keeps its classes' consents too; a bureau, which sees no pupil, has no entry.
    office_nav = [name for name, _ in client_for(world.school_staff).get("/home/").context["nav_items"]]
    assert "portal-consent-classes" in office_nav
    assert "portal-consent-classes" not in [
        name for name, _ in client_for(world.district_staff).get("/home/").context["nav_items"]
    ]
    legal_nav = [name for name, _ in client_for(world.legal_rep).get("/home/").context["nav_items"]]
    assert "org-roster-import" not in legal_nav and "org-school-list" in legal_nav
    bureau_nav = [name for name, _ in client_for(world.district_staff).get("/home/").context["nav_items"]]
    assert {"org-roster-import", "accounts-audit-log", "accounts-user-list"} <= set(bureau_nav)
    assert {"research-project-list", "research-verification", "research-weights-home"} <= set(bureau_nav)


def test_evaluation_pages_sit_in_one_menu_and_a_plain_teacher_keeps_a_short_bar(world: World) -> None:
    from testkit import make_running_studio

    def menu(user: object) -> list[str]:
        bar = client_for(user).get("/home/").context["nav_bar"]
        return next(([name for name, _ in entry["links"]] for entry in bar if entry.get("group") == "evaluation"), [])

    evaluation = [
        "evaluation-round-list",
        "evaluation-sheet-list",
        "evaluation-rubric-list",
        "evaluation-observation-list",
    ]
    assert menu(world.district_staff) == [*evaluation, "evaluation-failure-list"]
    assert menu(world.school_staff) == evaluation
    # A plain teacher: 我的考评 alone on the bar (their sheets are reached from it), no menu.
    bar = client_for(world.teacher_user).get("/home/").context["nav_bar"]
    assert menu(world.teacher_user) == []
    assert any(entry.get("name") == "evaluation-mine" for entry in bar)
    make_running_studio(world)  # world.teacher_user now hosts a studio: 我的考评 joins the menu
    assert menu(world.teacher_user) == ["evaluation-mine", *evaluation]


def test_teachers_filter_by_school(world: World) -> None:
    from testkit import make_teacher

    make_teacher(world.school_a2, "周中学", mobile="13600000011")
    client = client_for(world.district_staff)
    response = client.get("/org/teachers/", {"school": str(world.school_a2.uid)})
    names = [teacher.name for teacher in response.context["page"]]
    assert names == ["周中学"]
    assert [school.name for school in response.context["schools"]] == sorted(
        [world.school_a.name, world.school_a2.name]
    )
    # Another district's school in the filter finds nothing rather than leaking its teachers.
    assert client.get("/org/teachers/", {"school": str(world.school_b.uid)}).context["page"].paginator.count == 0
