"""A batch opened from a template has that template's rules in every part, created by the app that owns
the part (issue 12 point 4): composition and standards (studios), quotas and hours (activities),
funding (funds), level weights (research), rubric (evaluation). No template's numbers leak into
another's. This test lives in evaluation, the highest domain app, because it reads every part.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hts.activities.models import QuotaRule
from hts.evaluation.rubrics.models import Rubric
from hts.funds import selectors as funds_selectors
from hts.funds import services as funds_services
from hts.funds.models import FundingPolicy
from hts.research.models import WeightPolicy
from hts.research.weights import weights_for
from hts.studios import services as studio_services
from hts.studios.models import Batch, Studio
from testkit import World, client_for

SHENZHEN_QUOTAS = {
    "online_weekly", "offline_monthly", "publicity_monthly", "exchange_semester", "outreach_semester",
    "off_campus_yearly", "host_city_training_yearly", "planning_semester", "summary_semester",
}  # fmt: skip
ZAOZHUANG_QUOTAS = {"open_lesson_semester", "planning_semester", "stage_report_semester", "summary_semester"}


def open_batch(world: World, template: str, name: str | None = None) -> Batch:
    """Through the bureau's page, as a city's staff opens a batch."""
    name = name or f"{template} 批次"
    response = client_for(world.city_staff).post(
        "/studios/batches/new/",
        {
            "region": world.city.pk,
            "name": name,
            "tier": "city",
            "start_year": 2026,
            "cycle_years": "",
            "template": template,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Batch.objects.select_related("policy").get(name=name)


def a_studio(world: World, batch: Batch) -> Studio:
    return Studio.objects.create(
        batch=batch, name="试点工作室", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip


def quota_codes(batch: Batch) -> set[str]:
    return set(QuotaRule.objects.filter(policy__batch=batch).values_list("code", flat=True))


def region_rubrics(world: World) -> Any:
    return Rubric.objects.filter(region=world.city)


def test_a_zaozhuang_batch_has_the_rules_of_000_in_every_part_and_none_of_shenzhens(world: World) -> None:
    batch = open_batch(world, "zaozhuang")
    policy = batch.policy
    # Composition, 000 第三条: 1 名负责人, 3-5 名导师, 1 名工作联系人, 学员若干 (no count, no school limit).
    assert (policy.hosts_min, policy.hosts_max) == (1, 1)
    assert (policy.mentors_min, policy.mentors_max) == (3, 5)
    assert (policy.liaisons_min, policy.liaisons_max) == (1, 1)
    assert (policy.members_min, policy.members_max) == (0, None)
    assert policy.max_members_from_host_school is None
    # Standards, 000 第三条: trainees hold a city-level honour; no host record is required.
    assert policy.member_honour_min_level == "city"
    assert policy.host_min_service_years == 0 and policy.host_honour_min_level == ""
    # Cycle, 000 第五条 6: 两年内顺利结业; titles, 000 第三条.
    assert batch.cycle_years == 2
    assert policy.titles == ["优秀班主任", "骨干班主任"]
    # Hours, 000 第五条 3: 导师每学期指导不少于 10 学时.
    assert policy.mentor_guidance_hours == Decimal(10)
    # Quotas, 000 第五条 2 (each mentor's open lesson) and 002 三1: none of 003's.
    assert quota_codes(batch) == ZAOZHUANG_QUOTAS
    assert QuotaRule.objects.get(policy__batch=batch, code="open_lesson_semester").counts_for == "mentor"
    # Funding: 000 sets none, so the batch has none (never Shenzhen's 80,000 / 40,000).
    assert not FundingPolicy.objects.filter(batch=batch).exists()
    shown = funds_selectors.policy_of(batch)
    assert shown.city_direct_grant == 0 and shown.district_city_grant == 0 and shown.categories == []
    # Level weights and rubric: 000 sets none.
    assert not WeightPolicy.objects.filter(region=world.city).exists()
    assert not region_rubrics(world).exists()
    # Nothing of 003's standards either.
    assert policy.host_min_service_years != Decimal(6) and policy.excellent_eligibility == ""


def test_a_zaozhuang_studio_cannot_be_granted_shenzhens_money(world: World) -> None:
    batch = open_batch(world, "zaozhuang")
    studio = a_studio(world, batch)
    with pytest.raises(ValidationError, match="未规定经费"):
        funds_services.grant_record(
            actor=world.city_staff, studio=studio, year=2026, data={"city_amount": Decimal(40000), "district_match": 0}
        )
    assert not FundingPolicy.objects.filter(batch=batch).exists()


def test_the_bureau_sets_the_funding_a_zaozhuang_batch_lacks(world: World) -> None:
    batch = open_batch(world, "zaozhuang")
    data = {
        "city_direct_grant": Decimal("10000.00"),
        "district_city_grant": Decimal("5000.00"),
        "district_match_ratio": Decimal("0.50"),
        "categories": [{"code": "books", "label": "图书资料", "asset": False}],
        "forbidden": [{"code": "personal", "label": "个人消费", "rule": "不得用于个人消费", "keywords": ["购物卡"]}],
    }
    policy = funds_services.funding_policy_update(actor=world.city_staff, batch=batch, data=data)
    assert policy.pk and policy.city_direct_grant == Decimal("10000.00")
    assert funds_services.funding_policy_for(batch).pk == policy.pk


def test_a_shenzhen_batch_has_the_rules_of_003_in_every_part(world: World) -> None:
    batch = open_batch(world, "shenzhen")
    policy = batch.policy
    # 003 四(三): 导师 1 名, 主持人 1 人, 普通成员 6 到 8 人; 本校不得超过 2 人.
    assert (policy.mentors_min, policy.mentors_max, policy.hosts_min, policy.hosts_max) == (1, 1, 1, 1)
    assert (policy.members_min, policy.members_max, policy.max_members_from_host_school) == (6, 8, 2)
    # 003 四(三)2: 担任班主任 6 年以上; 四(一): 建设周期 3 年; 五(一): 黄牌 then revoked.
    assert policy.host_min_service_years == Decimal(6) and batch.cycle_years == 3
    assert (policy.yellow_card_after_fails, policy.revoke_after_fails) == (1, 2)
    # 003 组织保障(二): 半天 3 个学时.
    assert policy.hours_per_half_day == Decimal(3) and policy.mentor_guidance_hours == 0
    # 003 主要职责及任务(二).
    assert quota_codes(batch) == SHENZHEN_QUOTAS
    # 003 组织保障(四), 经费使用管理办法 第二条: 8 万 / 4 万, 1:1; created with the batch.
    funding = FundingPolicy.objects.get(batch=batch)
    assert funding.city_direct_grant == Decimal("80000.00")
    assert funding.district_city_grant == Decimal("40000.00")
    assert funding.district_match_ratio == Decimal("1.00")
    assert "公务接待" in funding.forbidden_labels.values()
    page = client_for(world.city_staff).get(f"/funds/batches/{batch.uid}/policy/")
    assert page.status_code == 200 and 'data-testid="policy-unset"' not in page.content.decode()
    # 003 sets no level weights or head-teacher rubric.
    assert not WeightPolicy.objects.filter(region=world.city).exists()
    assert not region_rubrics(world).exists()


def test_a_ganyu_batch_has_the_rules_of_001_in_every_part(world: World) -> None:
    batch = open_batch(world, "ganyu")
    policy = batch.policy
    # 001 二 7: a 模范班主任 (city-level honour) hosts; no counts of mentors or members.
    assert policy.host_honour_min_level == "city"
    assert (policy.hosts_min, policy.hosts_max, policy.members_max, policy.max_members_from_host_school) == (
        1,
        1,
        None,
        None,
    )
    assert policy.mentor_guidance_hours == 0 and policy.titles == []
    # 001 sets no studio quotas and no studio funding.
    assert quota_codes(batch) == set()
    assert not FundingPolicy.objects.filter(batch=batch).exists()
    # 001 附件2 items 17 and 23: 校级、乡级 0.6; 县级 0.8; 市级及以上 1: the region's own weights.
    weights = WeightPolicy.objects.get(region=world.city).weights()
    assert weights == {
        "school": Decimal("0.6"),
        "township": Decimal("0.6"),
        "county": Decimal("0.8"),
        "city": Decimal("1.0"),
        "province": Decimal("1.0"),
        "national": Decimal("1.0"),
    }
    assert weights_for(world.district_a) == weights  # its districts inherit them
    # 001 附件2: the region's own rubric, in force at once: 23 items, 100 points, 15 / 40 / 15 / 30.
    rubric = region_rubrics(world).get()
    version = rubric.versions.get()
    assert version.status == "active" and rubric.copied_from.rubric.builtin_code == "ganyu"
    assert [s.max_points for s in version.sections.order_by("position")] == [15, 40, 15, 30]
    items = {item.number: item for item in version.items.all()}
    assert len(items) == 23 and sum(item.max_points for item in items.values()) == 100
    # 001 附件2 item 3: 学习笔记 5000 字以上 (村小 3000 字).
    assert (items[3].params["chars"], items[3].params["village_chars"]) == (5000, 3000)


def test_a_region_keeps_its_own_weights_and_rubric_when_another_ganyu_batch_opens(world: World) -> None:
    open_batch(world, "ganyu", "第一批")
    WeightPolicy.objects.filter(region=world.city).update(county=Decimal("0.7"))
    open_batch(world, "ganyu", "第二批")
    assert WeightPolicy.objects.get(region=world.city).county == Decimal("0.7")
    assert region_rubrics(world).count() == 1


def test_a_region_policy_comes_from_a_template_without_a_batch(world: World) -> None:
    studio_services.region_policy_from_template(actor=world.district_staff, region=world.district_a, template="ganyu")
    assert WeightPolicy.objects.filter(region=world.district_a).exists()
    assert Rubric.objects.filter(region=world.district_a).count() == 1
    assert not Batch.objects.exists()


def test_a_region_policy_is_refused_outside_the_actors_region(world: World) -> None:
    with pytest.raises(PermissionDenied):
        studio_services.region_policy_from_template(
            actor=world.district_b_staff, region=world.district_a, template="ganyu"
        )
    assert not WeightPolicy.objects.exists()


def test_a_region_policy_is_refused_for_an_unknown_template(world: World) -> None:
    with pytest.raises(ValidationError):
        studio_services.region_policy_from_template(actor=world.city_staff, region=world.city, template="beijing")


def test_a_batch_is_refused_for_an_unknown_template(world: World) -> None:
    with pytest.raises(ValidationError):
        studio_services.batch_create(
            actor=world.city_staff, region=world.city, name="x", tier="city", start_year=2026, cycle_years=None,
            template="beijing",
        )  # fmt: skip
    assert not Batch.objects.exists()


def test_the_funds_pages_of_a_zaozhuang_studio_show_no_grant_and_refuse_one(world: World) -> None:
    batch = open_batch(world, "zaozhuang")
    studio = a_studio(world, batch)
    client = client_for(world.city_staff)
    assert client.get(f"/funds/studio/{studio.uid}/").status_code == 200
    page = client.get(f"/funds/batches/{batch.uid}/policy/")
    assert page.status_code == 200 and 'data-testid="policy-unset"' in page.content.decode()
    refused = client.post(
        f"/funds/studio/{studio.uid}/grant/", {"year": 2026, "city_amount": "40000", "district_match": "0"}
    )
    assert refused.status_code in (200, 400)
    assert "未规定经费" in refused.content.decode()
    assert not FundingPolicy.objects.filter(batch=batch).exists()
