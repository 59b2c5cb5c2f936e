"""A batch's policy: its validation, its copy from a template, and audited edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hts.core.models import AuditEntry
from hts.studios import services
from hts.studios.models import Batch, BatchPolicy, Tier
from hts.studios.policy_templates import policy_values
from hts.studios.rules import CompositionCounts, composition_problems
from testkit import World


def _policy(template: str = "shenzhen", **changes: Any) -> BatchPolicy:
    return BatchPolicy(**{**policy_values(template), **changes})


def _errors(policy: BatchPolicy) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        policy.clean()
    return caught.value.message_dict


def _city_batch(world: World, template: str = "shenzhen") -> Batch:
    return services.batch_create(
        actor=world.city_staff,
        region=world.city,
        name="深圳市第三批中小学名班主任工作室",
        tier=Tier.CITY,
        start_year=2026,
        cycle_years=None,
        template=template,
    )


# Validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "full_team", "one_too_many"),
    [
        # 003 四(三): 主持人 1 人, 导师 1 名, 普通成员 6 到 8 人, 本校班主任不得超过 2 人.
        (
            "shenzhen",
            CompositionCounts(hosts=1, mentors=1, members=8, liaisons=1, members_from_host_school=2),
            CompositionCounts(hosts=1, mentors=1, members=9, liaisons=1, members_from_host_school=2),
        ),
        # 000 第三条: 1 名主管工作领导和 3-5 名导师, 配备一名工作联系人; 学员若干 (no maximum).
        (
            "zaozhuang",
            CompositionCounts(hosts=1, mentors=5, members=40, liaisons=1, members_from_host_school=40),
            CompositionCounts(hosts=1, mentors=6, members=40, liaisons=1, members_from_host_school=40),
        ),
    ],
)
def test_both_templates_are_valid_policies(
    template: str, full_team: CompositionCounts, one_too_many: CompositionCounts
) -> None:
    policy = _policy(template)
    assert policy.clean() is None
    # The policy admits the fullest team its paragraph allows, and refuses one more.
    assert composition_problems(policy, full_team, complete=True) == []
    assert len(composition_problems(policy, one_too_many, complete=True)) == 1


@pytest.mark.parametrize("role", ["mentors", "hosts", "liaisons", "members"])
def test_it_refuses_a_minimum_above_the_maximum(role: str) -> None:
    errors = _errors(_policy(**{f"{role}_min": 5, f"{role}_max": 3, "max_members_from_host_school": None}))
    assert f"{role}_min" in errors
    assert "5" in errors[f"{role}_min"][0] and "3" in errors[f"{role}_min"][0]


def test_it_accepts_any_minimum_when_there_is_no_maximum() -> None:
    policy = _policy(members_min=50, members_max=None, max_members_from_host_school=None)
    assert policy.clean() is None
    team = {"hosts": 1, "mentors": 1}
    # The minimum binds when the team is declared complete; without a maximum no size is too large.
    assert composition_problems(policy, CompositionCounts(**team, members=500), complete=True) == []
    short = composition_problems(policy, CompositionCounts(**team, members=49), complete=True)
    assert len(short) == 1 and "49" in short[0] and "50" in short[0]


def test_it_refuses_revocation_before_the_yellow_card() -> None:
    errors = _errors(_policy(yellow_card_after_fails=2, revoke_after_fails=1))
    assert "revoke_after_fails" in errors


@pytest.mark.parametrize("field", ["host_min_service_years", "member_min_service_years"])
def test_it_refuses_negative_years(field: str) -> None:
    errors = _errors(_policy(**{field: Decimal("-1")}))
    assert field in errors


def test_it_refuses_a_host_school_cap_above_the_members_maximum() -> None:
    errors = _errors(_policy(members_max=8, max_members_from_host_school=9))
    assert "max_members_from_host_school" in errors


def test_it_accepts_a_host_school_cap_equal_to_the_members_maximum() -> None:
    policy = _policy(members_max=8, max_members_from_host_school=8)
    assert policy.clean() is None
    # Every member may then come from the host's school.
    full = CompositionCounts(hosts=1, mentors=1, members=8, members_from_host_school=8)
    assert composition_problems(policy, full, complete=True) == []


def test_it_refuses_a_studio_without_a_host() -> None:
    errors = _errors(_policy(hosts_min=0))
    assert "hosts_min" in errors


# Creating a batch ------------------------------------------------------------------------------


def test_a_shenzhen_batch_copies_the_shenzhen_template(world: World) -> None:
    batch = _city_batch(world, "shenzhen")
    policy = BatchPolicy.objects.get(batch=batch)
    assert batch.cycle_years == 3
    assert batch.end_year == 2028
    assert batch.created_by == world.city_staff
    assert policy.template == "shenzhen"
    assert (policy.mentors_min, policy.mentors_max) == (1, 1)
    assert (policy.hosts_min, policy.hosts_max) == (1, 1)
    assert (policy.members_min, policy.members_max) == (6, 8)
    assert policy.max_members_from_host_school == 2
    assert policy.host_min_service_years == 6
    assert policy.member_min_service_years == 3
    assert policy.titles == []
    assert AuditEntry.objects.filter(action="studios.batch.created", target_id=str(batch.uid)).exists()


def test_a_zaozhuang_batch_copies_the_zaozhuang_template(world: World) -> None:
    batch = _city_batch(world, "zaozhuang")
    policy = BatchPolicy.objects.get(batch=batch)
    assert batch.cycle_years == 2
    assert (policy.mentors_min, policy.mentors_max) == (3, 5)
    assert (policy.liaisons_min, policy.liaisons_max) == (1, 1)
    assert policy.members_max is None
    assert policy.max_members_from_host_school is None
    assert policy.member_honour_min_level == "city"
    assert policy.titles == ["优秀班主任", "骨干班主任"]


def test_an_explicit_cycle_length_wins_over_the_template(world: World) -> None:
    batch = services.batch_create(
        actor=world.city_staff,
        region=world.city,
        name="五年周期",
        tier=Tier.CITY,
        start_year=2026,
        cycle_years=5,
        template="shenzhen",
    )
    assert batch.cycle_years == 5


def test_it_refuses_an_unknown_template(world: World) -> None:
    with pytest.raises(ValidationError):
        services.batch_create(
            actor=world.city_staff,
            region=world.city,
            name="未知模板",
            tier=Tier.CITY,
            start_year=2026,
            cycle_years=None,
            template="beijing",
        )
    assert not Batch.objects.exists()


def test_district_staff_may_open_a_batch_in_their_district(world: World) -> None:
    batch = services.batch_create(
        actor=world.district_staff,
        region=world.district_a,
        name="福田区第一批",
        tier=Tier.DISTRICT,
        start_year=2026,
        cycle_years=None,
        template="shenzhen",
    )
    assert batch.region == world.district_a


def test_it_refuses_district_staff_a_batch_for_the_whole_city(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.batch_create(
            actor=world.district_staff,
            region=world.city,
            name="越权",
            tier=Tier.CITY,
            start_year=2026,
            cycle_years=None,
            template="shenzhen",
        )
    assert not Batch.objects.exists()


def test_it_refuses_school_staff_any_batch(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.batch_create(
            actor=world.school_staff,
            region=world.district_a,
            name="学校不能开批次",
            tier=Tier.SCHOOL,
            start_year=2026,
            cycle_years=None,
            template="shenzhen",
        )
    assert not Batch.objects.exists()


# Editing the policy ----------------------------------------------------------------------------


def test_a_policy_update_is_audited_and_kept_in_history(world: World) -> None:
    batch = _city_batch(world)
    before = BatchPolicy.history.filter(batch_id=batch.pk).count()
    policy = services.batch_policy_update(actor=world.city_staff, batch=batch, data={"members_max": 10})
    assert policy.members_max == 10
    assert BatchPolicy.objects.get(batch=batch).members_max == 10
    assert BatchPolicy.history.filter(batch_id=batch.pk).count() == before + 1
    entry = AuditEntry.objects.get(action="studios.policy.updated")
    assert entry.actor == world.city_staff
    assert entry.changes == {"members_max": [8, 10]}


def test_it_refuses_an_invalid_policy_update_and_keeps_the_old_values(world: World) -> None:
    batch = _city_batch(world)
    before = BatchPolicy.history.filter(batch_id=batch.pk).count()
    with pytest.raises(ValidationError):
        services.batch_policy_update(actor=world.city_staff, batch=batch, data={"members_min": 9})
    assert BatchPolicy.objects.get(batch=batch).members_min == 6
    assert BatchPolicy.history.filter(batch_id=batch.pk).count() == before
    assert not AuditEntry.objects.filter(action="studios.policy.updated").exists()


def test_it_refuses_a_policy_update_from_staff_outside_the_region(world: World) -> None:
    batch = services.batch_create(
        actor=world.district_staff,
        region=world.district_a,
        name="福田区第一批",
        tier=Tier.DISTRICT,
        start_year=2026,
        cycle_years=None,
        template="shenzhen",
    )
    with pytest.raises(PermissionDenied):
        services.batch_policy_update(actor=world.district_b_staff, batch=batch, data={"members_max": 10})
    assert BatchPolicy.objects.get(batch=batch).members_max == 8
