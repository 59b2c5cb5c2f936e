"""The funding policy: Shenzhen defaults as data, validated when saved, edited by the bureau, in history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hts.core.models import AuditEntry
from hts.funds import services
from hts.funds.models import FundingPolicy
from hts.funds.tests.conftest import Money, draft, fresh
from hts.studios.models import Studio
from testkit import World, client_for


def test_a_batch_gets_the_shenzhen_defaults_when_first_asked(studio: Studio) -> None:
    policy = services.funding_policy_for(studio.batch)
    assert policy.city_direct_grant == Decimal("80000.00")
    assert policy.district_city_grant == Decimal("40000.00")
    assert policy.district_match_ratio == Decimal("1.00")
    assert "公务接待" in policy.forbidden_labels.values()
    assert policy.is_asset("equipment") and not policy.is_asset("books")
    assert FundingPolicy.objects.count() == 1
    assert services.funding_policy_for(studio.batch).pk == policy.pk


def test_the_match_required_is_one_to_one_for_a_district_school_and_none_for_a_city_direct_one(studio: Studio) -> None:
    policy = services.funding_policy_for(studio.batch)
    assert policy.match_required(city_direct=False, city_amount=Decimal(40000)) == Decimal("40000.00")
    assert policy.match_required(city_direct=True, city_amount=Decimal(80000)) == Decimal("0.00")


def test_the_bureau_edits_the_policy_and_the_change_is_in_history(world: World, studio: Studio) -> None:
    client = client_for(world.district_staff)
    page = client.get(f"/funds/batches/{studio.batch.uid}/policy/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial[name] for name in form.fields}
    data["district_match_ratio"] = "1.5"
    response = client.post(f"/funds/batches/{studio.batch.uid}/policy/", data)
    assert response.status_code == 302
    policy = FundingPolicy.objects.get(batch=studio.batch)
    assert policy.district_match_ratio == Decimal("1.50")
    assert policy.categories[0]["code"] == "research"
    assert policy.is_asset("equipment")
    assert policy.forbidden[0]["keywords"][:2] == ["公务接待", "接待费"]
    assert policy.history.count() >= 2
    entry = AuditEntry.objects.get(action="funds.policy.updated")
    assert entry.changes["district_match_ratio"] == ["1.00", "1.50"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("city_direct_grant", "-1"),
        ("categories", "research | 教育研究\nresearch | 重复"),
        ("categories", "研究 | 教育研究"),
        ("forbidden", "official_reception"),
    ],
)
def test_an_invalid_policy_is_refused_with_the_form_kept(world: World, studio: Studio, field: str, value: str) -> None:
    client = client_for(world.district_staff)
    form = client.get(f"/funds/batches/{studio.batch.uid}/policy/").context["form"]
    data = {**{name: form.initial[name] for name in form.fields}, field: value}
    response = client.post(f"/funds/batches/{studio.batch.uid}/policy/", data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not AuditEntry.objects.filter(action="funds.policy.updated").exists()


def test_a_category_in_use_cannot_be_removed(world: World, money: Money) -> None:
    draft(money)
    batch = money.studio.batch
    policy = services.funding_policy_for(batch)
    remaining = [item for item in policy.categories if item["code"] != "books"]
    with pytest.raises(Exception, match="books"):
        services.funding_policy_update(actor=fresh(world.district_staff), batch=batch, data={"categories": remaining})


def test_only_the_bureau_of_the_region_edits_the_policy(world: World, studio: Studio) -> None:
    assert client_for(world.district_b_staff).get(f"/funds/batches/{studio.batch.uid}/policy/").status_code == 404
    assert client_for(world.teacher_user).get(f"/funds/batches/{studio.batch.uid}/policy/").status_code == 403
    assert client_for(world.legal_rep).get(f"/funds/batches/{studio.batch.uid}/policy/").status_code == 403
