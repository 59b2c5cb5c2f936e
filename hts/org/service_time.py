"""Years as head teacher: the one count every page shows and every rule reads.

`served_days` is the source: the union of the periods (overlaps counted once; a period's last day
counts, so a year ending 08-31 and the next starting 09-01 join; an open period runs on) up to the
day before `on`. `years_figure` turns days into the figure people read, and `reached_on` says when a
whole number of years is reached.

The figure is days / 365, rounded down to one decimal. A calendar year holds 365 days (366 with a
29 February), so on the n-th anniversary of unbroken service the figure reads at least n.0 (days /
365.25 would read 1.9 on the second anniversary, and 17.9 after 18 years with four leap days), and
rounding down never shows a year before it is served (rounding half up showed 2.0 eighteen days
before a two-year gate opened). Whole-year rules (001 8's gates, a rank's or an honours call's years)
open on the calendar anniversary, `reached_on`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal

Span = tuple[dt.date, dt.date | None]

DAYS_PER_YEAR = 365
_TENTH = Decimal("0.1")


def _half_open(spans: Iterable[Span]) -> list[tuple[dt.date, dt.date]]:
    """[start, day after the last) with an open period going on for ever."""
    return [(start, end + dt.timedelta(days=1) if end else dt.date.max) for start, end in spans]


def _merged(spans: Iterable[tuple[dt.date, dt.date]]) -> list[list[dt.date]]:
    merged: list[list[dt.date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def served_days(spans: Iterable[Span], on: dt.date) -> int:
    """Days of the union of `spans` before `on`."""
    cut = [(start, min(end, on)) for start, end in _half_open(spans) if start <= on]
    return sum((end - start).days for start, end in _merged(cut))


def years_figure(days: int) -> Decimal:
    """The years `days` make, as shown: days / 365 rounded down to one decimal (see the module)."""
    return (Decimal(days) / DAYS_PER_YEAR).quantize(_TENTH, rounding=ROUND_FLOOR)


def years_text(days: int) -> str:
    return f"{years_figure(days):f}"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` years earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def reached_on(spans: Iterable[Span], years: int) -> dt.date | None:
    """The first day by which the union of `spans` (open ones going on) holds `years` calendar years
    of days (one served from 2024-09-01 reaches two years on 2026-09-01); None if never."""
    counted = 0
    for start, end in _merged(_half_open(spans)):
        day = start + dt.timedelta(days=max(DAYS_PER_YEAR * years - counted, 0))
        # The days `years` years hold depend on the leap days inside them: settle in a step or two.
        for _step in range(3):
            settled = start + dt.timedelta(days=max((day - years_before(day, years)).days - counted, 0))
            if settled == day:
                break
            day = settled
        if day <= end:
            return day
        counted += (end - start).days
    return None


def has_served(spans: Iterable[Span], years: Decimal | int, on: dt.date) -> bool:
    """Whether `years` as head teacher are served by `on`: a whole number on its calendar
    anniversary (`reached_on`), a fraction once the days reach years × 365 (what the figure reads)."""
    spans = list(spans)
    if years <= 0:
        return True
    if Decimal(years) == int(years):
        reached = reached_on(spans, int(years))
        return reached is not None and reached <= on
    return served_days(spans, on) >= math.ceil(Decimal(years) * DAYS_PER_YEAR)
