"""Issue 13, point 21: a batch's name is unique in its region and lists show its years; the team
header counts the active team only; the join directory leaves out the studios one is already in."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from hts.accounts.models import User
from hts.studios import services
from hts.studios.models import Batch, Membership, Studio, Tier
from testkit import World, client_for, make_running_studio, make_teacher, make_user

NEW_BATCH: dict[str, Any] = {
    "name": "深圳市第三批名班主任工作室",
    "tier": "city",
    "start_year": 2026,
    "template": "shenzhen",
}


def _open_batch(client: Any, region: Any, name: str = NEW_BATCH["name"]) -> Any:
    return client.post("/studios/batches/new/", {**NEW_BATCH, "region": region.pk, "name": name, "cycle_years": ""})


# Batches ---------------------------------------------------------------------------------------


def test_a_second_batch_of_the_same_name_in_a_region_is_refused_with_the_reason(world: World) -> None:
    client = client_for(world.city_staff)
    assert _open_batch(client, world.city).status_code == 302
    response = _open_batch(client, world.city, name=f"  {NEW_BATCH['name']} ")  # stray spaces do not make it new
    html = response.content.decode()
    assert response.status_code == 200
    assert "深圳市已有名为“深圳市第三批名班主任工作室”的批次" in html
    assert Batch.objects.filter(name=NEW_BATCH["name"]).count() == 1


def test_the_same_name_in_another_region_is_a_different_batch(world: World) -> None:
    client = client_for(world.city_staff)
    assert _open_batch(client, world.city).status_code == 302
    assert _open_batch(client, world.district_a).status_code == 302
    assert Batch.objects.filter(name=NEW_BATCH["name"]).count() == 2


def test_the_database_refuses_a_duplicate_the_form_did_not_see(world: World) -> None:
    Batch.objects.create(region=world.city, name="重名批次", tier="city", start_year=2026, cycle_years=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Batch.objects.create(region=world.city, name="重名批次", tier="city", start_year=2029, cycle_years=3)


def test_batch_lists_and_selects_show_the_years_of_the_cycle(world: World) -> None:
    batch = services.batch_create(
        actor=world.city_staff, region=world.city, name="深圳市第二批", tier=Tier.CITY,
        start_year=2024, cycle_years=3, template="shenzhen",
    )  # fmt: skip
    apply_page = client_for(world.teacher_user).get("/studios/apply/").content.decode()
    assert re.search(r"<option [^>]*>深圳市第二批（2024–2026）</option>", apply_page)
    assert "深圳市第二批（2024–2026）" in client_for(world.city_staff).get("/funds/").content.decode()
    batch_list = client_for(world.city_staff).get("/studios/batches/").content.decode()
    assert "2024–2026" in batch_list
    Studio.objects.create(
        batch=batch, name="年份工作室", stage="primary", theme="t", plan="p", host=world.teacher_b,
        host_school=world.school_b, status="active",
    )  # fmt: skip
    joiner = make_user("joiner", teacher=make_teacher(world.school_a2, "想加入"))
    assert "深圳市第二批（2024–2026）" in client_for(joiner).get("/studios/join/").content.decode()


# The team header ---------------------------------------------------------------------------------


def _member(studio: Studio, school: Any, name: str, status: str, role: str = "member") -> Membership:
    teacher = make_teacher(school, name, serving_since=dt.date(2016, 9, 1))
    return Membership.objects.create(studio=studio, role=role, teacher=teacher, status=status)


def test_the_team_header_counts_active_members_only(world: World) -> None:
    studio = make_running_studio(world)
    _member(studio, world.school_a, "在岗甲", "active")
    _member(studio, world.school_a2, "在岗乙", "active")
    _member(studio, world.school_a, "已录取", "admitted")
    _member(studio, world.school_a, "待审核", "applied")
    _member(studio, world.school_a, "已退出", "left")
    _member(studio, world.school_a2, "已流动", "rotated_out")
    _member(studio, world.school_a2, "未录取", "refused")
    _member(studio, world.school_b, "在岗导师", "active", role="mentor")
    _member(studio, world.school_b, "受邀导师", "invited", role="mentor")
    html = client_for(world.teacher_user).get(f"/studios/{studio.uid}/").content.decode()
    header = html[html.index('data-testid="composition"') :]
    header = header[: header.index("</span>")]
    assert "成员 2 人" in header and "导师 1 人" in header and "来自主持人所在学校 1 人" in header


# The join directory ------------------------------------------------------------------------------


@pytest.fixture
def joiner(world: World) -> User:
    return make_user("joiner", teacher=make_teacher(world.school_a2, "想加入", serving_since=dt.date(2016, 9, 1)))


@pytest.mark.parametrize("status", ["active", "applied", "admitted", "evaluated", "invited"])
def test_the_directory_leaves_out_a_studio_one_is_in_or_waiting_for(world: World, joiner: User, status: str) -> None:
    mine = make_running_studio(world, name="已加入工作室")
    make_running_studio(world, name="可加入工作室")
    role = "mentor" if status == "invited" else "member"
    Membership.objects.create(studio=mine, role=role, teacher=joiner.teacher, status=status)
    html = client_for(joiner).get("/studios/join/").content.decode()
    assert "可加入工作室" in html
    assert "已加入工作室" not in html


@pytest.mark.parametrize("status", ["left", "refused", "rotated_out", "graduated"])
def test_a_studio_one_has_left_or_was_refused_by_is_listed_again(world: World, joiner: User, status: str) -> None:
    studio = make_running_studio(world, name="曾经的工作室")
    Membership.objects.create(studio=studio, role="member", teacher=joiner.teacher, status=status)
    assert "曾经的工作室" in client_for(joiner).get("/studios/join/").content.decode()


def test_the_directory_still_marks_a_yellow_carded_studio(world: World, joiner: User) -> None:
    make_running_studio(world, name="黄牌工作室", status=Studio.Status.YELLOW_CARD)
    html = client_for(joiner).get("/studios/join/").content.decode()
    assert "黄牌工作室" in html and "黄牌警告" in html


def test_the_host_does_not_see_their_own_studio_to_join(world: World) -> None:
    make_running_studio(world, name="自己的工作室")
    assert "自己的工作室" not in client_for(world.teacher_user).get("/studios/join/").content.decode()


def test_the_directory_stays_in_budget_with_many_studios_and_memberships(
    world: World, joiner: User, django_assert_max_num_queries: Any
) -> None:
    for index in range(30):
        studio = make_running_studio(world, name=f"工作室{index:02d}")
        if index % 3 == 0:
            Membership.objects.create(studio=studio, role="member", teacher=joiner.teacher, status="applied")
    client = client_for(joiner)
    client.get("/studios/join/")
    with django_assert_max_num_queries(12):
        html = client.get("/studios/join/").content.decode()
    assert "工作室01" in html and "工作室00" not in html


# The migration ---------------------------------------------------------------------------------


def test_the_migration_renames_existing_duplicates_before_it_adds_the_constraint(transactional_db: Any) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("studios", "0006_research_check")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    region_model, batch_model = old.get_model("org", "Region"), old.get_model("studios", "Batch")
    region = region_model.objects.create(name="深圳市", code="440300", kind="city", depth=0, path="440300/")
    for start in (2019, 2022, 2022):
        batch_model.objects.create(region=region, name="第二批", tier="city", start_year=start, cycle_years=3)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    names = sorted(Batch.objects.filter(region_id=region.pk).values_list("name", flat=True))
    assert names == ["第二批", "第二批（2022–2024）", "第二批（2022–2024）-2"]
