"""Property tests of the pure rules: team composition, host and member standards, yearly assessment.

No database: policies are unsaved BatchPolicy objects built from the templates, or plain objects with random limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from hts.org.models import Level
from hts.studios.models import BatchPolicy
from hts.studios.policy_templates import policy_values
from hts.studios.rules import (
    CompositionCounts,
    PersonFacts,
    all_met,
    composition_problems,
    host_standard,
    member_standard,
    status_after_yearly,
)

ROLES = ("hosts", "mentors", "members", "liaisons")
ROLE_LABELS = {"hosts": "Hosts", "mentors": "Mentors", "members": "Members", "liaisons": "Liaisons"}
LEVELS_OR_NONE = st.sampled_from(["", *Level.values])
YEARS = st.integers(min_value=0, max_value=400).map(lambda tenths: tenths / 10)


def _has_number(message: str, number: int | Decimal | float) -> bool:
    """The number appears on its own in the message (so 8 does not match inside 18)."""
    return re.search(rf"(?<![\d.]){re.escape(str(number))}(?![\d.])", message) is not None


def _rank_at_least(found: str, required: str) -> bool:
    return bool(found) and Level.values.index(found) >= Level.values.index(required)


# Composition -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """The composition fields of a policy (a plain object, so Hypothesis can print a failing example)."""

    hosts_min: int
    hosts_max: int | None
    mentors_min: int
    mentors_max: int | None
    members_min: int
    members_max: int | None
    liaisons_min: int
    liaisons_max: int | None
    max_members_from_host_school: int | None


@st.composite
def policies(draw: Any) -> Limits:
    values: dict[str, Any] = {}
    for role in ROLES:
        low = draw(st.integers(min_value=0, max_value=10))
        values[f"{role}_min"] = low
        values[f"{role}_max"] = draw(st.none() | st.integers(min_value=low, max_value=12))
    values["max_members_from_host_school"] = draw(st.none() | st.integers(min_value=0, max_value=10))
    return Limits(**values)


@st.composite
def team_counts(draw: Any) -> CompositionCounts:
    members = draw(st.integers(min_value=0, max_value=15))
    return CompositionCounts(
        hosts=draw(st.integers(min_value=0, max_value=15)),
        mentors=draw(st.integers(min_value=0, max_value=15)),
        members=members,
        liaisons=draw(st.integers(min_value=0, max_value=members)),
        members_from_host_school=draw(st.integers(min_value=0, max_value=members)),
    )


def _expected_breaches(policy: Limits, counts: CompositionCounts, *, complete: bool) -> list[tuple[str, int, int]]:
    """(label or "" for the host-school rule, count, limit) for every limit the team breaks."""
    breaches = []
    for role in ROLES:
        count, low, high = getattr(counts, role), getattr(policy, f"{role}_min"), getattr(policy, f"{role}_max")
        if high is not None and count > high:
            breaches.append((gettext(ROLE_LABELS[role]), count, high))
        if complete and count < low:
            breaches.append((gettext(ROLE_LABELS[role]), count, low))
    cap = policy.max_members_from_host_school
    if cap is not None and counts.members_from_host_school > cap:
        breaches.append(("", counts.members_from_host_school, cap))
    return breaches


def _fits(message: str, breach: tuple[str, int, int]) -> bool:
    label, count, limit = breach
    return label in message and _has_number(message, count) and _has_number(message, limit)


def _perfect_match(messages: list[str], breaches: list[tuple[str, int, int]]) -> bool:
    """Each breach has its own message naming its role, count and limit (a bipartite matching)."""
    if not breaches:
        return not messages
    first, rest = breaches[0], breaches[1:]
    return any(
        _fits(message, first) and _perfect_match(messages[:i] + messages[i + 1 :], rest)
        for i, message in enumerate(messages)
    )


@given(policy=policies(), counts=team_counts())
def test_it_reports_a_problem_for_each_upper_limit_exceeded_and_only_then(
    policy: Limits, counts: CompositionCounts
) -> None:
    problems = composition_problems(policy, counts)
    breaches = _expected_breaches(policy, counts, complete=False)
    assert len(problems) == len(breaches)
    assert _perfect_match(problems, breaches), (problems, breaches)


@given(policy=policies(), counts=team_counts())
def test_a_complete_team_is_also_checked_against_every_minimum(policy: Limits, counts: CompositionCounts) -> None:
    problems = composition_problems(policy, counts, complete=True)
    breaches = _expected_breaches(policy, counts, complete=True)
    assert len(problems) == len(breaches)
    assert _perfect_match(problems, breaches), (problems, breaches)


@given(policy=policies(), counts=team_counts())
def test_a_team_within_every_limit_has_no_problem(policy: Limits, counts: CompositionCounts) -> None:
    within = all(
        getattr(policy, f"{role}_min") <= getattr(counts, role)
        and (getattr(policy, f"{role}_max") is None or getattr(counts, role) <= getattr(policy, f"{role}_max"))
        for role in ROLES
    ) and (
        policy.max_members_from_host_school is None
        or counts.members_from_host_school <= policy.max_members_from_host_school
    )
    assert (composition_problems(policy, counts, complete=True) == []) == within


@given(counts=team_counts())
def test_no_upper_limit_means_any_number_of_members_is_accepted(counts: CompositionCounts) -> None:
    policy = BatchPolicy(**policy_values("zaozhuang"))
    problems = composition_problems(policy, counts)
    assert not any(gettext("Members") in problem for problem in problems)


def test_nine_members_over_a_limit_of_eight_names_both_numbers() -> None:
    policy = BatchPolicy(**policy_values("shenzhen"))
    problems = composition_problems(policy, CompositionCounts(hosts=1, mentors=1, members=9))
    assert len(problems) == 1
    assert _has_number(problems[0], 9)
    assert _has_number(problems[0], 8)


def test_three_members_from_the_host_school_over_a_cap_of_two_names_both_numbers() -> None:
    policy = BatchPolicy(**policy_values("shenzhen"))
    problems = composition_problems(
        policy, CompositionCounts(hosts=1, mentors=1, members=7, members_from_host_school=3)
    )
    assert len(problems) == 1
    assert _has_number(problems[0], 3)
    assert _has_number(problems[0], 2)


def test_the_composition_messages_are_in_chinese() -> None:
    policy = BatchPolicy(**policy_values("shenzhen"))
    with translation.override("zh-hans"):
        over = composition_problems(policy, CompositionCounts(hosts=1, mentors=1, members=9))
        host_school = composition_problems(
            policy, CompositionCounts(hosts=1, mentors=1, members=7, members_from_host_school=3)
        )
    assert over == ["成员 9 人，超过上限 8 人"]
    # The wording of the host-school rule is the translator's; it is Chinese and names both numbers.
    assert len(host_school) == 1
    assert not re.search(r"[A-Za-z]", host_school[0]), host_school[0]
    assert "3 人" in host_school[0]
    assert host_school[0].endswith("超过上限 2 人")


# Host and member standards -------------------------------------------------------------------

facts_strategy = st.builds(
    PersonFacts,
    service_years=YEARS,
    serving=st.booleans(),
    personal_honour_level=LEVELS_OR_NONE,
    class_honour_level=LEVELS_OR_NONE,
    research_level=LEVELS_OR_NONE,
    hosts_lower_studio=st.booleans(),
)


def _shenzhen() -> BatchPolicy:
    return BatchPolicy(**policy_values("shenzhen"))


def _zaozhuang() -> BatchPolicy:
    return BatchPolicy(**policy_values("zaozhuang"))


@given(facts=facts_strategy)
def test_a_shenzhen_host_qualifies_iff_six_years_serving_city_honour_county_class_honour_city_research(
    facts: PersonFacts,
) -> None:
    expected = (
        Decimal(str(facts.service_years)) >= 6
        and facts.serving
        and _rank_at_least(facts.personal_honour_level, "city")
        and _rank_at_least(facts.class_honour_level, "county")
        and _rank_at_least(facts.research_level, "city")
    )
    assert all_met(host_standard(_shenzhen(), facts)) == expected


@given(facts=facts_strategy)
def test_each_shenzhen_host_rule_is_reported_with_its_own_verdict(facts: PersonFacts) -> None:
    results = {result.code: result for result in host_standard(_shenzhen(), facts)}
    assert set(results) == {"host.service_years", "host.serving", "host.honour", "host.class_honour", "host.research"}
    assert results["host.service_years"].met == (Decimal(str(facts.service_years)) >= 6)
    assert results["host.serving"].met == facts.serving
    assert results["host.honour"].met == _rank_at_least(facts.personal_honour_level, "city")
    assert results["host.class_honour"].met == _rank_at_least(facts.class_honour_level, "county")
    assert results["host.research"].met == _rank_at_least(facts.research_level, "city")
    years = results["host.service_years"].detail
    assert _has_number(years, facts.service_years)
    assert _has_number(years, 6)
    assert all(result.label and result.detail for result in results.values())


@given(facts=facts_strategy)
def test_a_zaozhuang_host_needs_only_to_be_serving(facts: PersonFacts) -> None:
    assert all_met(host_standard(_zaozhuang(), facts)) == facts.serving


@given(facts=facts_strategy)
def test_a_shenzhen_member_qualifies_iff_serving_with_three_years_or_hosting_a_lower_studio(
    facts: PersonFacts,
) -> None:
    expected = facts.serving and (Decimal(str(facts.service_years)) >= 3 or facts.hosts_lower_studio)
    assert all_met(member_standard(_shenzhen(), facts)) == expected


@given(facts=facts_strategy)
def test_a_zaozhuang_member_needs_a_city_honour_and_to_be_serving(facts: PersonFacts) -> None:
    expected = facts.serving and _rank_at_least(facts.personal_honour_level, "city")
    results = member_standard(_zaozhuang(), facts)
    assert all_met(results) == expected
    honour = next(result for result in results if result.code == "member.honour")
    assert honour.met == _rank_at_least(facts.personal_honour_level, "city")


def test_a_missing_honour_says_none_is_on_record_and_what_is_required() -> None:
    facts = PersonFacts(service_years=10, serving=True)
    honour = next(result for result in host_standard(_shenzhen(), facts) if result.code == "host.honour")
    assert not honour.met
    assert gettext("none") in honour.detail
    assert str(Level.CITY.label) in honour.detail


# Yearly assessment ---------------------------------------------------------------------------


@given(current=st.sampled_from(["active", "yellow_card"]), failed_years=st.integers(min_value=0, max_value=5))
def test_a_passed_year_makes_the_studio_active(current: str, failed_years: int) -> None:
    assert status_after_yearly(_shenzhen(), failed_this_year=False, failed_years=failed_years, current=current) == (
        "active"
    )


def test_the_first_failed_year_brings_a_yellow_card() -> None:
    assert status_after_yearly(_shenzhen(), failed_this_year=True, failed_years=1, current="active") == "yellow_card"


def test_the_second_failed_year_revokes() -> None:
    assert status_after_yearly(_shenzhen(), failed_this_year=True, failed_years=2, current="yellow_card") == "revoked"
    assert status_after_yearly(_shenzhen(), failed_this_year=True, failed_years=2, current="active") == "revoked"


@given(
    yellow=st.integers(min_value=1, max_value=4),
    extra=st.integers(min_value=0, max_value=4),
    failed_years=st.integers(min_value=1, max_value=10),
    current=st.sampled_from(["active", "yellow_card"]),
)
def test_a_failed_year_follows_the_policy_thresholds(yellow: int, extra: int, failed_years: int, current: str) -> None:
    policy = BatchPolicy(
        **{**policy_values("shenzhen"), "yellow_card_after_fails": yellow, "revoke_after_fails": yellow + extra}
    )
    result = status_after_yearly(policy, failed_this_year=True, failed_years=failed_years, current=current)
    if failed_years >= yellow + extra:
        assert result == "revoked"
    elif failed_years >= yellow:
        assert result == "yellow_card"
    else:
        assert result == current
