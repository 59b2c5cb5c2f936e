"""Plan periods are chosen from the academic calendar within the studio's cycle, not typed (issue 13, 8):
"2030年度", "２０３０年度" and "2030 年度" made three annual plans. One plan of a kind a period, held by
the database too; the plans typed before are normalised by migration 0012."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction

from hts.accounts.models import User
from hts.activities.models import Plan
from hts.activities.tests.test_plans import _team_user, host_client, with_calendar
from hts.studios.models import Studio
from testkit import World, client_for, make_running_studio

pytestmark = pytest.mark.django_db

YEAR = {"title": "年度计划", "theme": "", "body": "全年安排。"}


@pytest.fixture
def studio(world: World) -> Studio:
    with_calendar(world)  # school years 2024—2025 … 2029—2030; the cycle is 2026–2028
    return make_running_studio(world)


def _new(client: object, studio: Studio, kind: str, data: dict[str, str]) -> object:
    return client.post(f"/activities/studio/{studio.uid}/plans/new/?kind={kind}", data)  # type: ignore[attr-defined]


def test_the_periods_are_a_select_of_the_calendars_years_within_the_cycle(world: World, studio: Studio) -> None:
    page = host_client(world).get(f"/activities/studio/{studio.uid}/plans/new/?kind=year").content.decode()
    assert '<select name="period_key"' in page and 'name="period_label"' not in page
    for label in ("2025—2026学年", "2026—2027学年", "2027—2028学年", "2028—2029学年"):
        assert f">{label}</option>" in page, label
    assert "2024—2025学年" not in page and "2029—2030学年" not in page  # no day in 2026–2028
    semester = host_client(world).get(f"/activities/studio/{studio.uid}/plans/new/?kind=semester").content.decode()
    assert 'value="2025-2026-spring"' in semester and ">2026—2027学年 秋季学期</option>" in semester
    assert 'value="2024-2025-spring"' not in semester and 'value="2029-2030-autumn"' not in semester
    assert "所属时段" in semester


def test_three_ways_of_typing_2030_make_no_plan(world: World, studio: Studio) -> None:
    host = host_client(world)
    for typed in ("2030年度", "２０３０年度", "2030 年度"):
        response = _new(host, studio, "year", {**YEAR, "period_key": typed})
        assert response.status_code == 400  # type: ignore[attr-defined]
        assert "请从列表中选择时段" in response.content.decode()  # type: ignore[attr-defined]
    assert not Plan.objects.exists()


def test_a_period_outside_the_cycle_is_refused_with_the_cycle_named(world: World, studio: Studio) -> None:
    from hts.activities.plans import services as plan_services

    with pytest.raises(Exception) as refused:
        plan_services.plan_create(
            actor=world.teacher_user, studio=studio, kind="year", data={**YEAR, "period_key": "2030-2031"}
        )
    assert "2030 年不在" in str(refused.value) and "2026—2028" in str(refused.value)
    assert not Plan.objects.exists()


def test_the_same_year_twice_is_refused_naming_the_first(world: World, studio: Studio) -> None:
    host = host_client(world)
    assert _new(host, studio, "year", {**YEAR, "period_key": "2026-2027"}).status_code == 302  # type: ignore[attr-defined]
    plan = Plan.objects.get()
    assert (plan.period_key, plan.period_label) == ("2026-2027", "2026—2027学年")
    again = _new(host, studio, "year", {**YEAR, "title": "另一份", "period_key": "2026-2027"})
    assert again.status_code == 400  # type: ignore[attr-defined]
    assert "年度计划" in again.content.decode() and "2026—2027学年" in again.content.decode()  # type: ignore[attr-defined]
    assert _new(host, studio, "year", {**YEAR, "period_key": "2027-2028"}).status_code == 302  # type: ignore[attr-defined]
    assert Plan.objects.count() == 2
    # Editing the second plan onto the first one's year is refused too.
    second = Plan.objects.get(period_key="2027-2028")
    moved = host.post(f"/activities/plans/{second.uid}/edit/", {**YEAR, "period_key": "2026-2027"})
    assert moved.status_code == 400 and "2026—2027学年" in moved.content.decode()


def test_the_database_holds_one_plan_a_period(world: World, studio: Studio) -> None:
    Plan.objects.create(studio=studio, kind="year", title="a", body="b", period_key="2026-2027")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(studio=studio, kind="year", title="c", body="d", period_key="2026-2027")
    Plan.objects.create(studio=studio, kind="cycle", title="e", body="f", period_key="cycle")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(studio=studio, kind="cycle", title="g", body="h", period_key="cycle")
    member = _team_user(studio, world, "member", "成员甲").teacher
    other = _team_user(studio, world, "member", "成员乙").teacher
    Plan.objects.create(studio=studio, kind="personal", owner_teacher=member, title="i", body="j", period_key="cycle")
    Plan.objects.create(studio=studio, kind="personal", owner_teacher=other, title="k", body="l", period_key="cycle")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            studio=studio, kind="personal", owner_teacher=member, title="m", body="n", period_key="cycle"
        )
    # Plans typed before, whose text named no period, are not held to it.
    Plan.objects.create(studio=studio, kind="year", title="o", body="p", period_label="2030年度")
    Plan.objects.create(studio=studio, kind="year", title="q", body="r", period_label="2030年度")


def test_a_member_chooses_the_cycle_or_a_year_for_a_personal_plan(world: World, studio: Studio) -> None:
    member: User = _team_user(studio, world, "member", "成员甲")
    me = client_for(member)
    page = me.get(f"/activities/studio/{studio.uid}/plans/new/?kind=personal").content.decode()
    assert "整个建设周期（2026—2028 年）" in page and ">2026—2027学年</option>" in page
    data = {"title": "我的规划", "period_key": "cycle", "body": "目标。"}
    assert me.post(f"/activities/studio/{studio.uid}/plans/new/?kind=personal", data).status_code == 302
    assert me.post(f"/activities/studio/{studio.uid}/plans/new/?kind=personal", data).status_code == 400
    assert Plan.objects.get().period_label == "整个建设周期（2026—2028 年）"


def test_a_plan_typed_before_is_asked_for_its_period_when_edited(world: World, studio: Studio) -> None:
    plan = Plan.objects.create(
        studio=studio, kind="year", title="旧计划", body="b", period_label="2030年度", author=world.teacher_user
    )
    page = host_client(world).get(f"/activities/plans/{plan.uid}/edit/").content.decode()
    assert "原先填写为“2030年度”" in page
    response = host_client(world).post(f"/activities/plans/{plan.uid}/edit/", {**YEAR, "period_key": "2027-2028"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.period_key, plan.period_label) == ("2027-2028", "2027—2028学年")


def test_without_a_calendar_the_form_says_so(world: World) -> None:
    studio = make_running_studio(world)  # no school years
    page = host_client(world).get(f"/activities/studio/{studio.uid}/plans/new/?kind=year").content.decode()
    assert "校历中还没有本工作室建设周期内的学年" in page


def test_the_migration_normalises_what_the_plans_typed(world: World, studio: Studio) -> None:
    module = importlib.import_module("hts.activities.migrations.0012_plan_periods")
    member = _team_user(studio, world, "member", "成员甲").teacher
    typed = [
        ("year", "2030年度", None),
        ("year", "２０３０年度", None),
        ("year", "2030 年度", None),
        ("year", "2026—2027 学年", None),
        ("year", "２０２６－２０２７学年", None),  # the same year again: the later keeps no key
        ("semester", "2026 年秋季学期", None),
        ("semester", "2026 年春季学期", None),
        ("cycle", "", None),
        ("personal", "2026—2029", member),
    ]
    plans = [
        Plan.objects.create(
            studio=studio, kind=kind, title=label or kind, body="b", period_label=label, owner_teacher=o
        )
        for kind, label, o in typed
    ]
    module.key_the_typed_periods(django_apps, None)
    rows = [Plan.objects.values_list("period_label", "period_key").get(pk=p.pk) for p in plans]
    assert rows == [
        ("2030年度", ""),
        ("2030年度", ""),
        ("2030年度", ""),
        ("2026—2027学年", "2026-2027"),
        ("2026－2027学年", ""),
        ("2026年秋季学期", "2026-2027-autumn"),
        ("2026年春季学期", "2025-2026-spring"),
        ("", "cycle"),
        ("2026—2029", "cycle"),
    ]
