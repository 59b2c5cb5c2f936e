"""The combination rules: mean, trimmed mean (falling back to the mean below three raters), rounding
half up to 0.01, standard competition ranks and grades from the bounds."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hts.evaluation.rounds import combine

D = Decimal
points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def test_mean_rounds_half_up_to_the_cent() -> None:
    assert combine.mean([D("1.00"), D("2.01")]) == D("1.51")  # 1.505 → 1.51, not banker's 1.50
    assert combine.mean([D("2.345")]) == D("2.35")


def test_trimmed_mean_drops_one_highest_and_one_lowest() -> None:
    assert combine.trimmed_mean([D(10), D(2), D(8), D(9)]) == D("8.50")
    assert combine.trimmed_mean([D(5), D(5), D(5), D(0), D(10)]) == D("5.00")


def test_trimmed_mean_with_fewer_than_three_raters_is_the_mean() -> None:
    assert combine.trimmed_mean([D(4), D(7)]) == D("5.50")
    assert combine.trimmed_mean([D(3)]) == D("3.00")


def test_combine_refuses_an_unknown_method_and_no_points() -> None:
    with pytest.raises(ValueError):
        combine.combine("median", [D(1)])
    with pytest.raises(ValueError):
        combine.mean([])


def test_competition_ranks_share_and_skip() -> None:
    assert combine.competition_ranks([D(90), D(95), D(90), D(80)]) == [2, 1, 2, 4]


def test_grades_follow_the_bounds_as_a_share_of_the_maximum() -> None:
    kw = {"excellent_from": D(90), "pass_from": D(60)}
    assert combine.grade_for(D(90), D(100), **kw) == "excellent"
    assert combine.grade_for(D("89.99"), D(100), **kw) == "qualified"
    assert combine.grade_for(D(120), D(200), **kw) == "qualified"
    assert combine.grade_for(D("59.99"), D(100), **kw) == "failed"


@given(st.lists(points, min_size=1, max_size=9))
def test_results_lie_between_the_lowest_and_highest_rater(values: list[Decimal]) -> None:
    for method in (combine.MEAN, combine.TRIMMED):
        result = combine.combine(method, values)
        assert min(values) <= result <= max(values)
        assert result == result.quantize(D("0.01"))


@given(st.lists(points, min_size=3, max_size=9))
def test_trimmed_mean_ignores_one_extreme_rater(values: list[Decimal]) -> None:
    assert combine.trimmed_mean([*values, D(0)]) == combine.trimmed_mean([*values, D(0)][::-1])
    raised = [*values[:-1], max(values) + 1000]
    if values[-1] == max(values) and values.count(max(values)) == 1:
        assert combine.trimmed_mean(raised) == combine.trimmed_mean(values)


@given(st.lists(points, min_size=1, max_size=12))
def test_ranks_are_competition_ranks(totals: list[Decimal]) -> None:
    ranks = combine.competition_ranks(totals)
    for total, rank in zip(totals, ranks, strict=True):
        assert rank == 1 + sum(1 for other in totals if other > total)
