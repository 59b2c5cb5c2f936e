"""The corps policy: 001's numbers arrive with the Ganyu template, a bureau sets its region's own,
subregions inherit them, and nobody outside the bureau's region changes them."""

from __future__ import annotations

from typing import Any

from hts.core.models import AuditEntry
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from testkit import World, client_for

POLICY = {
    "trainee_months": "12",
    "qualification_required": "on",
    "qualification_valid_years": "3",
    "expiring_within_days": "90",
    "county_course_every_years": "3",
    "school_course_yearly": "on",
    "title_min_service_years": "2",
    "promotion_min_service_years": "3",
    "failing_year_blocks_honours": "on",
    "failing_year_revokes_qualification": "on",
    "mentor_min_service_years": "3",
}


def _open_batch(world: World, template: str) -> Any:
    return client_for(world.city_staff).post(
        "/studios/batches/new/",
        {"region": world.city.pk, "name": f"{template}批次", "tier": "city", "start_year": 2026, "template": template,
         "cycle_years": ""},
    )  # fmt: skip


def test_a_ganyu_batch_gives_its_region_the_numbers_of_001(world: World) -> None:
    assert _open_batch(world, "ganyu").status_code == 302
    policy = CorpsPolicy.objects.get(region=world.city)
    # 二 4: a trainee year and both certificates; a county course every three years, a school course
    # yearly; 二 7: the qualification renewed every three years; 三 8: two years before a title
    # application, three before promotion, a failing year bars honours; 三 10: and revokes the certificate.
    assert (policy.trainee_months, policy.qualification_required, policy.qualification_valid_years) == (12, True, 3)
    assert (policy.county_course_every_years, policy.school_course_yearly) == (3, True)
    assert (policy.title_min_service_years, policy.promotion_min_service_years) == (2, 3)
    assert policy.failing_year_blocks_honours and policy.failing_year_revokes_qualification
    # 二 3: experienced head teachers mentor young ones; three years, the county schools' practice.
    assert policy.mentor_min_service_years == 3
    assert policy.template == "ganyu"
    assert AuditEntry.objects.filter(action="corps.policy.from_template").count() == 1
    # Every district of the city inherits it.
    assert policy_for(world.district_a) == policy


def test_a_template_without_corps_rules_creates_no_policy(world: World) -> None:
    assert _open_batch(world, "shenzhen").status_code == 302
    assert not CorpsPolicy.objects.exists()
    assert policy_for(world.district_a) is None


def test_a_bureau_sets_its_own_numbers_and_turns_a_rule_off(world: World) -> None:
    client = client_for(world.district_staff)
    page = client.get("/corps/policy/")
    assert page.status_code == 302 and page["Location"] == f"/corps/policy/{world.district_a.uid}/"
    first = client.get(page["Location"]).content.decode()
    assert "尚无适用的班主任队伍政策" in first
    saved = client.post(page["Location"], {**POLICY, "title_min_service_years": ""})
    assert saved.status_code == 302
    policy = CorpsPolicy.objects.get(region=world.district_a)
    assert policy.title_min_service_years is None and policy.trainee_months == 12
    assert policy.updated_by == world.district_staff
    entry = AuditEntry.objects.get(action="corps.policy.saved")
    assert entry.changes["trainee_months"] == [None, 12]
    again = client.get(page["Location"]).content.decode()
    assert "本区域设有自己的政策" in again and world.district_staff.display_name in again


def test_a_number_outside_its_range_is_refused_with_the_input_kept(world: World) -> None:
    client = client_for(world.district_staff)
    response = client.post(
        f"/corps/policy/{world.district_a.uid}/", {**POLICY, "qualification_valid_years": "0", "trainee_months": "18"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "1" in body and 'value="18"' in body  # the message beside the field, the typed months kept
    assert response.context["form"].errors["qualification_valid_years"]
    assert not CorpsPolicy.objects.exists()


def test_a_district_inherits_the_citys_policy_until_it_sets_its_own(world: World) -> None:
    client_for(world.city_staff).post(f"/corps/policy/{world.city.uid}/", POLICY)
    assert policy_for(world.district_b).region == world.city  # type: ignore[union-attr]
    page = client_for(world.district_staff).get(f"/corps/policy/{world.district_a.uid}/")
    assert "本区域沿用深圳市的班主任队伍政策" in page.content.decode()
    # The form starts from the inherited numbers, so a district changes one and keeps the rest.
    assert page.context["form"].initial["trainee_months"] == 12


def test_a_district_bureau_sees_its_parent_named_but_not_linked(world: World) -> None:
    """The district bureau may not open the city's policy, so the page must not offer a link to a 404."""
    page = client_for(world.district_staff).get(f"/corps/policy/{world.district_a.uid}/").content.decode()
    assert f"/corps/policy/{world.city.uid}/" not in page
    assert "上级区域：深圳市" in page
    city_page = client_for(world.city_staff).get(f"/corps/policy/{world.district_a.uid}/").content.decode()
    assert f"/corps/policy/{world.city.uid}/" in city_page


def test_only_the_bureau_of_the_region_changes_its_policy(world: World) -> None:
    url = f"/corps/policy/{world.district_b.uid}/"
    assert client_for(world.district_staff).get(url).status_code == 404
    assert client_for(world.district_staff).post(url, POLICY).status_code == 404
    for user in (world.school_staff, world.teacher_user):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, POLICY).status_code == 403
        assert client_for(user).get("/corps/policy/").status_code == 403
    assert not CorpsPolicy.objects.exists()


def test_policy_page_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    client_for(world.city_staff).post(f"/corps/policy/{world.city.uid}/", POLICY)
    client = client_for(world.city_staff)
    client.get("/home/")
    # session, user, roles, region, policy, its history with users, subregions, whether the parent opens.
    with django_assert_max_num_queries(11):
        assert client.get(f"/corps/policy/{world.city.uid}/").status_code == 200


def test_the_years_before_mentoring_are_a_policy_number_the_bureau_sets(world: World) -> None:
    client = client_for(world.district_staff)
    url = f"/corps/policy/{world.district_a.uid}/"
    assert "担任导师（青蓝结对）前须担任班主任的年限" in client.get(url).content.decode()
    assert client.post(url, {**POLICY, "mentor_min_service_years": "5"}).status_code == 302
    assert CorpsPolicy.objects.get(region=world.district_a).mentor_min_service_years == 5
    assert client.post(url, {**POLICY, "mentor_min_service_years": ""}).status_code == 302
    assert CorpsPolicy.objects.get(region=world.district_a).mentor_min_service_years is None
