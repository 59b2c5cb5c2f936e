"""The periods a plan may be for, from the academic calendar of the studio's region and within its cycle
(issue 13, 8): chosen, not typed, so "2030年度", "２０３０年度" and "2030 年度" are no longer three plans.

A period is stored as a key that does not depend on how it is written: "cycle" (the whole cycle),
"2026-2027" (a school year by its first and last calendar years) or "2026-2027-autumn" (a semester).
Migration 0012 holds a frozen copy of this form to key the plans typed before.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from hts.activities.models import Plan
from hts.org.calendar import calendar_region
from hts.org.models import SchoolYear
from hts.studios.guards import outside_cycle
from hts.studios.models import Studio

CYCLE = "cycle"
_KEY = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{4})(?:-(?P<kind>autumn|spring))?$")


def year_key(year: SchoolYear) -> str:
    return f"{year.starts_on.year}-{year.ends_on.year}"


def cycle_label(studio: Studio) -> str:
    batch = studio.batch
    return _("The whole cycle (%(start)d–%(end)d)") % {"start": batch.start_year, "end": batch.end_year}


def period_choices(studio: Studio, kind: str) -> list[tuple[str, str]]:
    """(key, label) of the periods a `kind` plan of the studio may be for, in order (two queries).

    The cycle plan is for the cycle; an annual plan for a school year, a semester plan for a semester
    of the calendar that share a day with the cycle's years; a personal plan for the cycle or a year."""
    if kind == Plan.Kind.CYCLE:
        return [(CYCLE, cycle_label(studio))]
    choices = [(CYCLE, cycle_label(studio))] if kind == Plan.Kind.PERSONAL else []
    source = calendar_region(studio.host_school.region)
    if source is None:
        return choices
    batch = studio.batch
    years = SchoolYear.objects.filter(
        region=source, starts_on__lte=dt.date(batch.end_year, 12, 31), ends_on__gte=dt.date(batch.start_year, 1, 1)
    ).prefetch_related("semesters")
    for year in years.order_by("starts_on"):
        if kind != Plan.Kind.SEMESTER:
            choices.append((year_key(year), year.label))
            continue
        for semester in sorted(year.semesters.all(), key=lambda s: s.starts_on):
            if semester.starts_on.year <= batch.end_year and semester.ends_on.year >= batch.start_year:
                choices.append((f"{year_key(year)}-{semester.kind}", f"{year.label} {semester.get_kind_display()}"))
    return choices


def why_not(studio: Studio, kind: str, key: str) -> str:
    """Why `key` is not a period a `kind` plan of the studio may be for: outside the cycle, or not one
    of the calendar's ("" should it be offered)."""
    offered = period_choices(studio, kind)
    if key in dict(offered):
        return ""
    found = _KEY.match(key)
    if found:
        for year in (int(found["start"]), int(found["end"])):
            reason = outside_cycle(studio, year)
            if reason:
                return reason
    if not offered:
        return _("The academic calendar has no school year in this studio's cycle yet: the bureau enters it first.")
    return _("Choose the period from the list.")
