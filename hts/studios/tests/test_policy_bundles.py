"""The built-in policy templates, one module per document: each number is the paragraph's number, and
a new batch's parts are created by the apps that registered them."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hts.studios import services, template_parts
from hts.studios.policy_templates import BUNDLES, DEFAULT_LEVEL_WEIGHTS, ganyu, policy_values, shenzhen, zaozhuang
from testkit import World

# (paragraph, its words, the template's value, the number the words set)
PARAGRAPHS: list[tuple[str, str, Any, Any]] = [
    ("003 四(一)", "建设周期:3 年", shenzhen.BUNDLE.cycle_years, 3),
    ("003 四(三)", "导师 1 名", shenzhen.BATCH["mentors_max"], 1),
    ("003 四(三)", "主持 人 1 人", shenzhen.BATCH["hosts_max"], 1),
    ("003 四(三)", "普通成员 6 到 8 人", (shenzhen.BATCH["members_min"], shenzhen.BATCH["members_max"]), (6, 8)),
    ("003 四(三)", "本校班主任不得超过 2 人", shenzhen.BATCH["max_members_from_host_school"], 2),
    ("003 四(三)2", "担任班主任 6 年以上", shenzhen.BATCH["host_min_service_years"], Decimal(6)),
    ("003 四(三)3", "3 年及以上班主任工作经验", shenzhen.BATCH["member_min_service_years"], Decimal(3)),
    ("003 五(一)", "第一年考核不合格黄牌警告", shenzhen.BATCH["yellow_card_after_fails"], 1),
    ("003 五(一)", "第二次不合格取消资格", shenzhen.BATCH["revoke_after_fails"], 2),
    ("003 组织保障(二)", "半天 3 个学时", shenzhen.BATCH["hours_per_half_day"], Decimal(3)),
    ("003 组织保障(四)", "每年给予 8 万元", shenzhen.FUNDING["city_direct_grant"], Decimal(80000)),
    ("003 组织保障(四)", "每年 4 万元", shenzhen.FUNDING["district_city_grant"], Decimal(40000)),
    ("003 组织保障(四)", "不低于 1:1", shenzhen.FUNDING["district_match_ratio"], Decimal(1)),
    ("000 第三条", "1名主管工作领导", (zaozhuang.BATCH["hosts_min"], zaozhuang.BATCH["hosts_max"]), (1, 1)),
    ("000 第三条", "3-5名导师", (zaozhuang.BATCH["mentors_min"], zaozhuang.BATCH["mentors_max"]), (3, 5)),
    ("000 第三条", "一名工作联系人", (zaozhuang.BATCH["liaisons_min"], zaozhuang.BATCH["liaisons_max"]), (1, 1)),
    ("000 第三条", "吸纳若干名", zaozhuang.BATCH["members_max"], None),
    ("000 第五条 3", "不少于10学时", zaozhuang.BATCH["mentor_guidance_hours"], Decimal(10)),
    ("000 第五条 6", "两年内顺利结业", zaozhuang.BUNDLE.cycle_years, 2),
    ("000", "(sets no funding)", zaozhuang.BUNDLE.funding, None),
    ("001 二 7", "“模范班主任”称号 (市级)", ganyu.BATCH["host_honour_min_level"], "city"),
    ("001 附件2 17、23", "校级、乡级:0.6", (ganyu.LEVEL_WEIGHTS["school"], ganyu.LEVEL_WEIGHTS["township"]),
     (Decimal("0.6"), Decimal("0.6"))),
    ("001 附件2 17、23", "县级:0.8", ganyu.LEVEL_WEIGHTS["county"], Decimal("0.8")),
    ("001 附件2 17、23", "市级及以上级别:1", {ganyu.LEVEL_WEIGHTS[k] for k in ("city", "province", "national")},
     {Decimal(1)}),
    ("001 附件2 3", "学习笔记5000字以上(村小班主任为3000字)",
     (ganyu.STUDY_NOTES_CHARS, ganyu.STUDY_NOTES_VILLAGE_CHARS), (5000, 3000)),
    ("001 附件2", "100 points in sections of 15 / 40 / 15 / 30",
     [int(s["points"]) for s in ganyu.RUBRIC["sections"]], [15, 40, 15, 30]),
    ("001", "(sets no studio funding)", ganyu.BUNDLE.funding, None),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "words", "value", "expected"), PARAGRAPHS, ids=[p[1] for p in PARAGRAPHS])
def test_each_number_is_the_paragraphs_number(paragraph: str, words: str, value: Any, expected: Any) -> None:
    assert value == expected, f"{paragraph}: {words}"


def test_every_template_sets_every_batch_policy_field() -> None:
    fields = set(services.POLICY_FIELDS)
    for code, bundle in BUNDLES.items():
        assert set(bundle.batch) == fields, code


def test_the_ganyu_rubric_sums_to_100_and_its_sections_to_their_points() -> None:
    total = Decimal(0)
    for section in ganyu.RUBRIC["sections"]:
        items = sum(Decimal(item[2]) for item in section["items"])
        assert items == Decimal(section["points"]), section["title"]
        total += items
    assert total == 100
    assert sum(len(section["items"]) for section in ganyu.RUBRIC["sections"]) == 23


def test_the_weights_a_region_without_its_own_uses_are_001s() -> None:
    assert DEFAULT_LEVEL_WEIGHTS == ganyu.LEVEL_WEIGHTS


def test_a_template_module_imports_no_app() -> None:
    folder = Path(shenzhen.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert all(not m.startswith("hts.") or m.startswith("hts.studios.policy_templates") for m in modules), path


def test_policy_values_are_a_copy() -> None:
    values = policy_values("shenzhen")
    values["members_max"] = 99
    assert shenzhen.BATCH["members_max"] == 8


def test_every_app_that_owns_a_part_has_registered_it() -> None:
    assert {"quotas", "funding"} <= set(template_parts.template_parts(template_parts.BATCH))
    assert {"level_weights", "rubric"} <= set(template_parts.template_parts(template_parts.REGION))


def test_a_new_batch_calls_each_registered_part_with_its_bundle(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any, str]] = []
    monkeypatch.setattr(template_parts, "_PARTS", {template_parts.BATCH: {}, template_parts.REGION: {}})
    template_parts.register_template_part(
        "probe", lambda **kw: calls.append(("batch", kw["policy"], kw["bundle"].code))
    )
    template_parts.register_template_part(
        "probe", lambda **kw: calls.append(("region", kw["region"], kw["bundle"].code)), scope=template_parts.REGION
    )
    batch = services.batch_create(
        actor=world.city_staff, region=world.city, name="探针", tier="city", start_year=2026, cycle_years=None,
        template="zaozhuang",
    )  # fmt: skip
    assert calls == [("batch", batch.policy, "zaozhuang"), ("region", world.city, "zaozhuang")]


def test_an_unknown_scope_is_refused() -> None:
    with pytest.raises(ValueError):
        template_parts.register_template_part("x", lambda **kw: None, scope="school")


def test_hours_are_converted_in_one_place_from_the_policy() -> None:
    from hts.studios.models import BatchPolicy

    assert BatchPolicy(hours_per_half_day=Decimal("2.5")).hours_for(2) == Decimal(5)
