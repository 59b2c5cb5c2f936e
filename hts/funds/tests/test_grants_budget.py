"""Grants with the district match (a match below the policy ratio is flagged), and the host's
yearly budget within the grant."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hts.core.models import AuditEntry
from hts.funds import selectors, services
from hts.funds.models import BudgetLine, Grant
from hts.funds.tests.conftest import YEAR, Money, booked, fresh
from hts.org.models import School
from hts.studios.models import Studio
from testkit import World, client_for


def test_the_bureau_records_a_grant_prefilled_from_the_policy(world: World, studio: Studio) -> None:
    client = client_for(world.district_staff)
    page = client.get(f"/funds/studio/{studio.uid}/grant/?year={YEAR}")
    assert page.status_code == 200
    assert page.context["form"].initial["city_amount"] == Decimal("40000.00")
    assert page.context["form"].initial["district_match"] == Decimal("40000.00")
    response = client.post(
        f"/funds/studio/{studio.uid}/grant/", {"year": YEAR, "city_amount": "40000", "district_match": "40000"}
    )
    assert response.status_code == 302
    grant = Grant.objects.get(studio=studio, year=YEAR)
    assert grant.total == Decimal("80000.00")
    assert AuditEntry.objects.get(action="funds.grant.recorded").changes["city_amount"] == [None, "40000.00"]
    assert grant.history.count() == 1


def test_a_grant_above_the_policy_standard_is_refused(world: World, studio: Studio) -> None:
    response = client_for(world.district_staff).post(
        f"/funds/studio/{studio.uid}/grant/", {"year": YEAR, "city_amount": "80000", "district_match": "80000"}
    )
    assert response.status_code == 400
    assert "40,000.00" in response.content.decode()
    assert not Grant.objects.exists()


def test_a_city_direct_school_gets_80000_and_needs_no_match(world: World, studio: Studio) -> None:
    School.objects.filter(pk=studio.host_school_id).update(city_direct=True)
    studio = Studio.objects.select_related("host_school__region", "batch").get(pk=studio.pk)
    services.grant_record(
        actor=fresh(world.district_staff), studio=studio, year=YEAR,
        data={"city_amount": Decimal(80000), "district_match": Decimal(0)},
    )  # fmt: skip
    summary = selectors.year_summary(studio, YEAR)
    assert summary.total == Decimal("80000.00") and summary.shortfall == 0


def test_a_match_below_one_to_one_is_flagged_on_the_studio_and_for_the_bureau(world: World, studio: Studio) -> None:
    services.grant_record(
        actor=fresh(world.district_staff), studio=studio, year=YEAR,
        data={"city_amount": Decimal(40000), "district_match": Decimal(25000)},
    )  # fmt: skip
    summary = selectors.year_summary(studio, YEAR)
    assert summary.match_required == Decimal("40000.00") and summary.shortfall == Decimal("15000.00")
    page = client_for(world.district_staff).get(f"/funds/studio/{studio.uid}/?year={YEAR}")
    assert "15,000.00" in page.content.decode()
    overview = client_for(world.district_staff).get(f"/funds/?year={YEAR}&short=1")
    rows = list(overview.context["page"])
    assert [s.pk for s in rows] == [studio.pk] and rows[0].is_short
    assert 'data-testid="short-' in overview.content.decode()


def test_a_match_of_exactly_one_to_one_is_not_flagged(world: World, studio: Studio) -> None:
    services.grant_record(
        actor=fresh(world.district_staff), studio=studio, year=YEAR,
        data={"city_amount": Decimal(40000), "district_match": Decimal(40000)},
    )  # fmt: skip
    assert selectors.year_summary(studio, YEAR).shortfall == 0
    assert list(client_for(world.district_staff).get(f"/funds/?year={YEAR}&short=1").context["page"]) == []


def test_the_match_ratio_is_read_from_the_policy(world: World, studio: Studio) -> None:
    services.funding_policy_update(
        actor=fresh(world.district_staff), batch=studio.batch, data={"district_match_ratio": Decimal("1.5")}
    )
    services.grant_record(
        actor=fresh(world.district_staff), studio=studio, year=YEAR,
        data={"city_amount": Decimal(40000), "district_match": Decimal(40000)},
    )  # fmt: skip
    studio = Studio.objects.select_related("batch__funding_policy", "host_school__region").get(pk=studio.pk)
    assert selectors.year_summary(studio, YEAR).shortfall == Decimal("20000.00")
    assert list(client_for(world.district_staff).get(f"/funds/?year={YEAR}&short=1").context["page"]) != []


def test_a_grant_cannot_be_cut_below_what_is_budgeted(world: World, money: Money) -> None:
    with pytest.raises(ValidationError, match=r"40,000\.00"):
        services.grant_record(
            actor=money.bureau, studio=money.studio, year=YEAR,
            data={"city_amount": Decimal(20000), "district_match": Decimal(10000)},
        )  # fmt: skip


def test_the_host_drafts_the_budget_within_the_grant(world: World, money: Money) -> None:
    client = client_for(money.host)
    page = client.get(f"/funds/studio/{money.studio.uid}/budget/?year={YEAR}")
    assert page.status_code == 200
    assert page.context["form"].fields["books"].initial == Decimal("10000.00")
    data = {code: "0" for code in page.context["form"].fields}
    response = client.post(f"/funds/studio/{money.studio.uid}/budget/", {**data, "year": YEAR, "research": "90000"})
    assert response.status_code == 400
    assert "80,000.00" in response.content.decode()
    response = client.post(
        f"/funds/studio/{money.studio.uid}/budget/", {**data, "year": YEAR, "research": "30000", "seminar": "20000"}
    )
    assert response.status_code == 302
    amounts = dict(BudgetLine.objects.filter(studio=money.studio, year=YEAR).values_list("category", "amount"))
    assert amounts["research"] == Decimal("30000.00") and amounts["books"] == Decimal("0.00")
    assert BudgetLine.objects.get(category="research").history.count() == 2


def test_a_budget_line_cannot_drop_below_what_is_booked(world: World, money: Money) -> None:
    booked(money, amount="3000")
    with pytest.raises(ValidationError) as error:
        services.budget_save(actor=money.host, studio=money.studio, year=YEAR, amounts={"books": Decimal(2000)})
    assert "books" in error.value.error_dict


def test_the_bureau_sees_the_budget_but_does_not_edit_it(world: World, money: Money) -> None:
    page = client_for(money.bureau).get(f"/funds/studio/{money.studio.uid}/?year={YEAR}")
    assert page.status_code == 200
    assert page.context["summary"].budget_total == Decimal("40000.00")
    assert client_for(money.bureau).get(f"/funds/studio/{money.studio.uid}/budget/").status_code == 403
