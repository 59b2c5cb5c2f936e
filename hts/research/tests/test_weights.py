"""Level weights come from the region's policy, inherited from the nearest ancestor, with the
policy's defaults (001 附件2 items 17 and 23) when no region sets any."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hts.org.models import Level
from hts.research.models import Achievement, WeightPolicy
from hts.research.weights import policy_for, weight_for, weighted_score
from testkit import World, client_for

SET = {"school": "0.5", "township": "0.5", "county": "0.7", "city": "0.9", "province": "1", "national": "1"}


def _achievement(teacher: Any, level: str, status: str = "verified") -> Achievement:
    return Achievement.objects.create(
        owner=teacher, kind="honour", title=f"{level}荣誉", level=level, achieved_on=dt.date(2026, 1, 1),
        issuer="教育局", status=status, reject_reason="证书不清晰" if status == "rejected" else "",
    )  # fmt: skip


def test_the_policys_defaults_apply_without_any_region_policy(world: World) -> None:
    assert weight_for(world.district_a, Level.SCHOOL) == Decimal("0.6")
    assert weight_for(world.district_a, Level.TOWNSHIP) == Decimal("0.6")
    assert weight_for(world.district_a, Level.COUNTY) == Decimal("0.8")
    assert weight_for(world.district_a, Level.CITY) == Decimal("1.0")
    assert weight_for(world.district_a, Level.NATIONAL) == Decimal("1.0")


def test_a_city_policy_is_inherited_and_a_district_may_override_it(world: World) -> None:
    client_for(world.city_staff).post(f"/research/weights/{world.city.uid}/", SET)
    assert weight_for(world.district_a, Level.COUNTY) == Decimal("0.7")
    assert policy_for(world.district_b).region == world.city  # type: ignore[union-attr]
    client_for(world.district_staff).post(
        f"/research/weights/{world.district_a.uid}/", {**SET, "county": "0.75", "city": "0.95"}
    )
    assert weight_for(world.district_a, Level.COUNTY) == Decimal("0.75")
    assert weight_for(world.district_b, Level.COUNTY) == Decimal("0.7")
    page = client_for(world.district_staff).get(f"/research/weights/{world.district_b.uid}/")
    assert page.status_code == 404  # district A's staff do not reach district B


def test_weighted_score_counts_only_verified_achievements_with_the_owners_region_weights(world: World) -> None:
    _achievement(world.teacher_a, Level.COUNTY)
    _achievement(world.teacher_a, Level.CITY)
    _achievement(world.teacher_a, Level.SCHOOL)
    _achievement(world.teacher_a, Level.NATIONAL, status="pending")
    _achievement(world.teacher_a, Level.PROVINCE, status="rejected")
    _achievement(world.teacher_b, Level.COUNTY)
    rows = list(Achievement.objects.select_related("owner__school__region"))
    assert weighted_score(rows) == Decimal("0.8") + Decimal("1.0") + Decimal("0.6") + Decimal("0.8")
    WeightPolicy.objects.create(region=world.district_a, **{k: Decimal(v) for k, v in SET.items()})
    rows = list(Achievement.objects.select_related("owner__school__region"))
    # district A's teacher by A's policy; district B's by the defaults.
    assert weighted_score(rows) == Decimal("0.7") + Decimal("0.9") + Decimal("0.5") + Decimal("0.8")
    assert Achievement.objects.get(level=Level.NATIONAL).counts is False


def test_bad_weights_are_refused_with_the_reason_and_the_input_kept(world: World) -> None:
    client = client_for(world.district_staff)
    url = f"/research/weights/{world.district_a.uid}/"
    over = client.post(url, {**SET, "national": "1.2"})
    assert over.status_code == 400
    decreasing = client.post(url, {**SET, "city": "0.6"})
    assert decreasing.status_code == 400
    assert "0.6" in decreasing.content.decode()
    assert "不能" in decreasing.content.decode() or "may not" in decreasing.content.decode()
    negative = client.post(url, {**SET, "school": "-0.1"})
    assert negative.status_code == 400
    assert not WeightPolicy.objects.exists()


def test_changes_are_kept_in_history_and_audited(world: World) -> None:
    client = client_for(world.district_staff)
    url = f"/research/weights/{world.district_a.uid}/"
    client.post(url, SET)
    client.post(url, {**SET, "county": "0.8"})
    policy = WeightPolicy.objects.get(region=world.district_a)
    assert policy.history.count() == 2
    from hts.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="research.weights.saved").count() == 2
    page = client.get(url)
    assert page.status_code == 200
    assert "0.70/" in page.content.decode()


def test_only_bureau_staff_edit_weights(world: World, django_assert_max_num_queries: Any) -> None:
    url = f"/research/weights/{world.district_a.uid}/"
    for user in (world.teacher_user, world.school_staff, world.legal_rep, world.nobody):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, SET).status_code == 403
    assert not WeightPolicy.objects.exists()
    client = client_for(world.district_staff)
    assert client.get("/research/weights/").url == url
    # session, user, roles, region, policy lookup, children, nav (notifications) ...
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
