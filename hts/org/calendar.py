"""The academic calendar and the periods every later computation counts in (weeks, months, semesters).

Two halves: queries that find a region's calendar (its own school years, or its nearest ancestor's),
and pure date arithmetic with no database at all. Periods are inclusive: (start, end) both count.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterator
from typing import Literal

from django.db.models import Exists, OuterRef

from hts.org.models import Region, SchoolYear, Semester

PeriodKind = Literal["week", "month"]


# Regions ---------------------------------------------------------------------------------------


def lineage_paths(path: str) -> list[str]:
    """The materialised paths of a region and of every region above it, root first.

    `/440000/440300/440304/` → `['/440000/', '/440000/440300/', '/440000/440300/440304/']`.
    """
    codes = [code for code in path.split("/") if code]
    return [f"/{'/'.join(codes[: n + 1])}/" for n in range(len(codes))]


def calendar_region(region: Region) -> Region | None:
    """The region whose school years govern `region`: itself, or its nearest ancestor with any (one query)."""
    return (
        Region.objects.filter(path__in=lineage_paths(region.path))
        .filter(Exists(SchoolYear.objects.filter(region=OuterRef("pk"))))
        .order_by("-depth")
        .first()
    )


def semester_on(region: Region, day: dt.date) -> Semester | None:
    """The semester `day` falls in for `region`; None in the winter and summer breaks, or without a calendar."""
    source = calendar_region(region)
    if source is None:
        return None
    return (
        Semester.objects.filter(school_year__region=source, starts_on__lte=day, ends_on__gte=day)
        .select_related("school_year")
        .first()
    )


def semesters_between(region: Region, start: dt.date, end: dt.date) -> list[Semester]:
    """The semesters of `region`'s calendar that share at least one day with [start, end], in order."""
    source = calendar_region(region)
    if source is None or end < start:
        return []
    return list(
        Semester.objects.filter(school_year__region=source, starts_on__lte=end, ends_on__gte=start)
        .select_related("school_year")
        .order_by("starts_on")
    )


# Pure periods ----------------------------------------------------------------------------------


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The ISO week of `day`: (Monday, Sunday)."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month of `day`: (first day, last day)."""
    return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])


_BOUNDS = {"week": week_bounds, "month": month_bounds}


def periods(kind: PeriodKind, start: dt.date, end: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """The weeks or months that [start, end] touches, in order, each clipped to [start, end].

    Together they tile the range: no day missed, none counted twice. A week that spans two months is
    one week. Nothing is yielded when `end` is before `start`.
    """
    bounds = _BOUNDS.get(kind)
    if bounds is None:
        raise ValueError(f"unknown period kind: {kind!r}")
    day = start
    while day <= end:
        period_start, period_end = bounds(day)
        clipped_end = min(period_end, end)
        yield max(period_start, start), clipped_end
        day = clipped_end + dt.timedelta(days=1)
