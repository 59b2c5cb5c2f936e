"""Pure rules that turn raters' points into results: combination, rounding, ranking and grading.

No database here: services.py loads the points and writes the results.

- ``mean``: the plain mean of the raters' points.
- ``trimmed_mean``: the mean after dropping one highest and one lowest value. With fewer than three
  raters nothing would be left to average fairly, so it falls back to the plain mean.
- Results are rounded to 0.01 with ROUND_HALF_UP (the rounding people do by hand: 2.345 → 2.35).
- Ranks are standard competition ranks: equal totals share a rank and the next rank skips (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MEAN = "mean"
TRIMMED = "trimmed"
# Fewest raters for which the trimmed mean drops anything.
TRIM_FROM = 3


def to_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def mean(points: Sequence[Decimal]) -> Decimal:
    if not points:
        raise ValueError("no points to combine")
    return to_cent(sum(points, Decimal(0)) / len(points))


def trimmed_mean(points: Sequence[Decimal]) -> Decimal:
    """The mean without one highest and one lowest value; the plain mean below three raters."""
    if len(points) < TRIM_FROM:
        return mean(points)
    ordered = sorted(points)
    return mean(ordered[1:-1])


def combine(method: str, points: Sequence[Decimal]) -> Decimal:
    if method == TRIMMED:
        return trimmed_mean(points)
    if method == MEAN:
        return mean(points)
    raise ValueError(f"unknown combination {method!r}")


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """The rank of each total (highest first), in the order given: [90, 95, 90, 80] → [2, 1, 2, 4]."""
    ordered = sorted(totals, reverse=True)
    first_place: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first_place.setdefault(total, position)
    return [first_place[total] for total in totals]


def grade_for(total: Decimal, maximum: Decimal, *, excellent_from: Decimal, pass_from: Decimal) -> str:
    """excellent / qualified / failed, with the bounds as a percentage of the highest possible total."""
    if maximum <= 0:
        return ""
    share = total * 100 / maximum
    if share >= excellent_from:
        return "excellent"
    if share >= pass_from:
        return "qualified"
    return "failed"
