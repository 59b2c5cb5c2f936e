"""The home page: figures scoped to the user's roles, the teacher's own record, and a fixed query budget."""

import datetime as dt
from typing import Any

from hts.org.models import HeadTeacherService, Honour, SchoolClass
from testkit import World, client_for, make_teacher


def _fill(world: World) -> None:
    """More of everything than a page should ever load row by row."""
    for n in range(15):
        make_teacher(world.school_a, f"教师{n}", serving_since=dt.date(2019, 9, 1))
        SchoolClass.objects.create(school=world.school_a, stage="primary", grade=1 + n % 6, name=f"{n + 5}班")
    for n in range(8):
        Honour.objects.create(teacher=world.teacher_a, title=f"荣誉{n}", level="county", awarded_on=dt.date(2020, 1, 1))
        HeadTeacherService.objects.create(
            teacher=world.teacher_a,
            school=world.school_a,
            started_on=dt.date(2000 + n, 9, 1),
            ended_on=dt.date(2001 + n, 7, 1),
        )


def test_home_shows_real_figures_for_the_scope(world: World) -> None:
    district = client_for(world.district_staff).get("/home/")
    assert district.context["figures"] == {"schools": 2, "teachers": 1, "head_teachers": 1, "classes": 1, "studios": 0}
    city = client_for(world.city_staff).get("/home/")
    assert city.context["figures"]["schools"] == 3
    teacher = client_for(world.teacher_user).get("/home/")
    assert teacher.context["figures"]["teachers"] is None
    assert teacher.context["me"]["teacher"] == world.teacher_a


def test_home_budget(world: World, django_assert_max_num_queries: Any) -> None:
    _fill(world)
    client = client_for(world.teacher_user)
    client.get("/home/")
    # session, user, roles (for the principal and again with scope names), studio memberships, own
    # teacher record (twice: the account's link, then scoped), school, honours, service with the
    # overrides kept on it, classes, studios hosted and joined (2), session save (3), and the registered to-dos
    # (hts/core/todos.py): honours panels to score, forum places (school, boards moderated), contests to judge.
    with django_assert_max_num_queries(21):
        assert client.get("/home/").status_code == 200
    bureau = client_for(world.city_staff)
    bureau.get("/home/")
    # session, user, roles, five counts (schools, teachers, head teachers, classes, studios), roles
    # with scope names, session save (3), and one summary query per registered to-do: honours calls organised
    # and panels to score, contests organised, comments to moderate, suggestions to answer, forum boards
    # moderated and their reports.
    with django_assert_max_num_queries(19):
        assert bureau.get("/home/").status_code == 200
