"""Data migrations install frozen copies of their data: editing a policy template today changes no
migration's result (issue 12 point 4). Lives in evaluation, above every app whose migrations it runs."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from hts.activities.models import QuotaRule
from hts.evaluation.models import Rubric, RubricSection
from hts.studios.models import Batch, BatchPolicy
from hts.studios.policy_templates import ganyu, policy_values, shenzhen, zaozhuang
from testkit import World

HTS = Path(__file__).resolve().parents[2]


def migration(app: str, name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"hts.{app}.migrations.{name}")


# Django serialises a FileField's `upload_to` callable as a reference to its module: a storage path
# rule, not data a migration installs, so that one import is allowed beside RunPython.
UPLOAD_PATHS = re.compile(r"^import hts\.core\.models$", re.MULTILINE)


def test_no_data_migration_imports_a_live_module() -> None:
    offenders = []
    for path in sorted(HTS.glob("*/migrations/0*.py")):
        text = UPLOAD_PATHS.sub("", path.read_text(encoding="utf-8"))
        if "RunPython" in text and re.search(r"^\s*(from hts[.\w]* import|import hts)", text, re.MULTILINE):
            offenders.append(str(path.relative_to(HTS)))
    assert offenders == []
    for path in sorted(HTS.glob("*/migrations/0*.py")):
        code = re.sub(r"#.*", "", path.read_text(encoding="utf-8"))
        uses = set(re.findall(r"hts\.core\.models\.(\w+)", code))
        assert uses <= {"stored_file_path", "stored_thumbnail_path", "export_path"}, (path, uses)


def a_policy(world: World, template: str) -> BatchPolicy:
    batch = Batch.objects.create(region=world.city, name=template, tier="city", start_year=2026, cycle_years=2)
    return BatchPolicy.objects.create(batch=batch, template=template, **policy_values(template))


def test_the_quota_migration_installs_its_frozen_rules_whatever_the_template_says_today(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(zaozhuang.QUOTAS[0], "minimum", 7)
    monkeypatch.setattr(zaozhuang, "QUOTAS", (*zaozhuang.QUOTAS, {**zaozhuang.QUOTAS[1], "code": "new_rule"}))
    policy = a_policy(world, "zaozhuang")
    migration("activities", "0003_default_quota_rules").add_rules(django_apps, None)
    rules = {rule.code: rule for rule in QuotaRule.objects.filter(policy=policy)}
    assert set(rules) == {"open_lesson_semester", "planning_semester", "stage_report_semester", "summary_semester"}
    assert rules["open_lesson_semester"].minimum == 1
    # 0003 was written before counts_for: its frozen rule counts for the studio, as it then did.
    assert rules["open_lesson_semester"].counts_for == "studio"


def test_the_people_quota_migration_uses_its_frozen_hours_and_rules(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(shenzhen.BATCH, "mentor_guidance_hours", Decimal(5))
    monkeypatch.setitem(zaozhuang.BATCH, "mentor_guidance_hours", Decimal(20))
    monkeypatch.setitem(shenzhen.QUOTAS[6], "counts_for", "mentor")
    sz, zz = a_policy(world, "shenzhen"), a_policy(world, "zaozhuang")
    QuotaRule.objects.create(policy=sz, code="online_weekly", label="x", kinds=[], period="week", minimum=1)
    migration("activities", "0008_people_quota_rules").update_rules(django_apps, None)
    sz.refresh_from_db()
    zz.refresh_from_db()
    assert (sz.mentor_guidance_hours, zz.mentor_guidance_hours) == (Decimal(0), Decimal(10))
    assert QuotaRule.objects.get(policy=sz, code="host_city_training_yearly").counts_for == "host"


@pytest.mark.django_db
def test_the_rubric_migration_installs_001_annex_2_as_written_whatever_the_template_says_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(ganyu.RUBRIC["sections"][0], "points", "99")
    monkeypatch.setitem(ganyu.RUBRIC, "name", "改过的细则")
    Rubric.objects.exclude(builtin_code="").delete()
    migration("evaluation", "0002_builtin_rubrics").install(django_apps, None)
    rubric = Rubric.objects.get(builtin_code="ganyu")
    assert rubric.name == "赣榆县中小学班主任工作评估细则"
    sections = RubricSection.objects.filter(version__rubric=rubric).order_by("position")
    assert [s.max_points for s in sections] == [Decimal(15), Decimal(40), Decimal(15), Decimal(30)]
    assert rubric.versions.get().items.count() == 23
