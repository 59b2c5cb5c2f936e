"""The academic calendar: pure periods (property tests), which region's calendar governs, the model's
invariants and the services that write it."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hts.core.models import AuditEntry
from hts.org import services
from hts.org.calendar import (
    calendar_region,
    lineage_paths,
    month_bounds,
    periods,
    semester_on,
    semesters_between,
    week_bounds,
)
from hts.org.models import SchoolYear, Semester
from testkit import World, make_school_year

DAY = dt.timedelta(days=1)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
# Ranges of up to about three years, the span later period counts work over.
ranges = st.tuples(dates, st.integers(min_value=0, max_value=1200)).map(lambda r: (r[0], r[0] + r[1] * DAY))
# Read-only data built once per test by the `world` fixture; examples only read it.
DB_EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# Pure periods ----------------------------------------------------------------------------------


@given(dates)
def test_week_bounds_are_the_iso_week_of_the_date(day: dt.date) -> None:
    monday, sunday = week_bounds(day)
    assert monday <= day <= sunday
    assert monday.weekday() == 0 and sunday - monday == 6 * DAY
    assert monday.isocalendar()[:2] == day.isocalendar()[:2] == sunday.isocalendar()[:2]


@given(dates)
def test_month_bounds_contain_the_date(day: dt.date) -> None:
    first, last = month_bounds(day)
    assert first <= day <= last
    assert first.day == 1 and (first.year, first.month) == (day.year, day.month) == (last.year, last.month)
    assert (last + DAY).day == 1


@pytest.mark.parametrize("kind", ["week", "month"])
@given(span=ranges)
def test_periods_tile_the_range_without_gaps_or_overlaps(kind: Any, span: tuple[dt.date, dt.date]) -> None:
    start, end = span
    bounds = week_bounds if kind == "week" else month_bounds
    found = list(periods(kind, start, end))
    assert found[0][0] == start and found[-1][1] == end
    for (_a, a_end), (b_start, _b) in pairwise(found):
        assert b_start == a_end + DAY  # no gap, no overlap
    for period_start, period_end in found:
        assert period_start <= period_end
        assert bounds(period_start) == bounds(period_end)  # each lies within one week or month
    # Only the first and last periods are clipped.
    for period_start, period_end in found[1:-1]:
        assert (period_start, period_end) == bounds(period_start)
    assert sum((b - a).days + 1 for a, b in found) == (end - start).days + 1


@given(dates)
def test_a_week_spanning_two_months_is_one_week_period(day: dt.date) -> None:
    monday, sunday = week_bounds(day)
    assume(monday.month != sunday.month)
    start, end = month_bounds(monday)[0], month_bounds(sunday)[1]
    holding = [p for p in periods("week", start, end) if p[0] <= day <= p[1]]
    assert holding == [(monday, sunday)]
    # Month by month, the same week is split at the month's end: the two halves are months, not weeks.
    assert [p for p in periods("month", monday, sunday)] == [
        (monday, month_bounds(monday)[1]),
        (month_bounds(sunday)[0], sunday),
    ]


@given(dates, st.integers(min_value=1, max_value=400))
def test_nothing_when_the_range_is_reversed(day: dt.date, back: int) -> None:
    assert list(periods("week", day, day - back * DAY)) == []
    assert list(periods("month", day, day - back * DAY)) == []


def test_an_unknown_period_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="fortnight"):
        list(periods("fortnight", dt.date(2025, 9, 1), dt.date(2025, 9, 30)))  # type: ignore[arg-type]


def test_lineage_paths_list_the_region_and_those_above_it_root_first() -> None:
    assert lineage_paths("/440000/440300/440304/") == ["/440000/", "/440000/440300/", "/440000/440300/440304/"]
    assert lineage_paths("/440000/") == ["/440000/"]


# Which calendar governs a region ---------------------------------------------------------------


def _shenzhen_semester(day: dt.date) -> str | None:
    """What the seeded calendar (autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10) says, by month and day."""
    month_day = (day.month, day.day)
    if month_day >= (9, 1) or month_day <= (1, 20):
        return "autumn"
    if (2, 20) <= month_day <= (7, 10):
        return "spring"
    return None


@pytest.fixture
def city_calendar(world: World) -> list[SchoolYear]:
    return [make_school_year(world.city, year) for year in (2024, 2025, 2026)]


@DB_EXAMPLES
@given(day=st.dates(min_value=dt.date(2024, 9, 1), max_value=dt.date(2027, 8, 31)))
def test_semester_on_is_the_right_semester_inside_and_none_in_the_breaks(
    world: World, city_calendar: list[SchoolYear], day: dt.date
) -> None:
    semester = semester_on(world.district_a, day)
    expected = _shenzhen_semester(day)
    if expected is None:
        assert semester is None
        return
    assert semester is not None and semester.kind == expected
    assert semester.starts_on <= day <= semester.ends_on
    assert semester.school_year.starts_on <= day <= semester.school_year.ends_on


def test_semester_on_names_the_breaks(world: World, city_calendar: list[SchoolYear]) -> None:
    assert semester_on(world.city, dt.date(2025, 2, 1)) is None  # winter break
    assert semester_on(world.city, dt.date(2025, 8, 1)) is None  # summer break
    autumn = semester_on(world.city, dt.date(2025, 1, 20))
    assert autumn is not None and autumn.kind == "autumn" and autumn.school_year.label == "2024—2025学年"
    spring = semester_on(world.city, dt.date(2025, 2, 20))
    assert spring is not None and spring.kind == "spring" and spring.school_year.label == "2024—2025学年"
    assert semester_on(world.city, dt.date(2030, 3, 1)) is None  # beyond the calendar


def test_a_district_inherits_the_citys_calendar(world: World, city_calendar: list[SchoolYear]) -> None:
    assert calendar_region(world.city) == world.city
    assert calendar_region(world.district_a) == world.city
    assert calendar_region(world.district_b) == world.city
    semester = semester_on(world.district_a, dt.date(2025, 10, 8))
    assert semester is not None and semester.school_year.region == world.city


def test_a_district_with_its_own_calendar_overrides_the_citys(world: World, city_calendar: list[SchoolYear]) -> None:
    own = SchoolYear.objects.create(
        region=world.district_b, label="2025—2026学年", starts_on=dt.date(2025, 8, 25), ends_on=dt.date(2026, 8, 20)
    )
    Semester.objects.create(
        school_year=own, kind="autumn", starts_on=dt.date(2025, 8, 25), ends_on=dt.date(2026, 1, 31)
    )
    assert calendar_region(world.district_b) == world.district_b
    assert calendar_region(world.district_a) == world.city
    # 2025-08-28: district B's own autumn semester, still the summer break in the city and district A.
    own_term = semester_on(world.district_b, dt.date(2025, 8, 28))
    assert own_term is not None and own_term.school_year == own
    assert semester_on(world.district_a, dt.date(2025, 8, 28)) is None
    # Its own calendar replaces the city's wholly: no spring semester was defined, so none applies.
    assert semester_on(world.district_b, dt.date(2026, 3, 2)) is None
    assert semester_on(world.district_a, dt.date(2026, 3, 2)) is not None


def test_no_calendar_anywhere_above(world: World) -> None:
    assert calendar_region(world.district_a) is None
    assert semester_on(world.district_a, dt.date(2025, 10, 1)) is None
    assert semesters_between(world.district_a, dt.date(2025, 1, 1), dt.date(2026, 1, 1)) == []


def test_semesters_between_lists_those_sharing_a_day_in_order(world: World, city_calendar: list[SchoolYear]) -> None:
    found = semesters_between(world.district_a, dt.date(2025, 1, 20), dt.date(2025, 9, 1))
    assert [(s.school_year.label, s.kind) for s in found] == [
        ("2024—2025学年", "autumn"),
        ("2024—2025学年", "spring"),
        ("2025—2026学年", "autumn"),
    ]
    assert semesters_between(world.district_a, dt.date(2025, 7, 11), dt.date(2025, 8, 31)) == []
    assert semesters_between(world.district_a, dt.date(2026, 1, 1), dt.date(2025, 1, 1)) == []


# The model's invariants ------------------------------------------------------------------------


def _errors(obj: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_a_year_ends_after_it_starts_and_never_overlaps_another_of_its_region(world: World) -> None:
    year = make_school_year(world.city, 2025)
    backwards = SchoolYear(region=world.city, label="x", starts_on=dt.date(2030, 9, 1), ends_on=dt.date(2030, 8, 1))
    assert set(_errors(backwards)) == {"ends_on"}
    overlapping = SchoolYear(region=world.city, label="x", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2027, 2, 1))
    assert "2025—2026学年" in _errors(overlapping)["starts_on"][0]
    same_start = SchoolYear(region=world.city, label="x", starts_on=year.starts_on, ends_on=dt.date(2026, 6, 1))
    assert set(_errors(same_start)) == {"starts_on"}
    # Another region may have its own year over the same dates.
    SchoolYear(region=world.district_a, label="x", starts_on=year.starts_on, ends_on=year.ends_on).full_clean()


def test_a_semester_stays_inside_its_year_and_apart_from_the_other(world: World) -> None:
    year = make_school_year(world.city, 2025)
    autumn = year.semesters.get(kind="autumn")
    again = Semester(school_year=year, kind="autumn", starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 2, 10))
    assert set(_errors(again)) >= {"kind"}
    year.semesters.filter(kind="spring").delete()
    before = Semester(school_year=year, kind="spring", starts_on=dt.date(2025, 8, 1), ends_on=dt.date(2025, 8, 20))
    assert set(_errors(before)) == {"starts_on"}
    after = Semester(school_year=year, kind="spring", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 9, 30))
    assert set(_errors(after)) == {"ends_on"}
    backwards = Semester(school_year=year, kind="spring", starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 3, 1))
    assert set(_errors(backwards)) == {"ends_on"}
    overlapping = Semester(
        school_year=year, kind="spring", starts_on=dt.date(2026, 1, 10), ends_on=dt.date(2026, 7, 10)
    )
    assert set(_errors(overlapping)) == {"starts_on"}
    swapped = Semester(school_year=year, kind="spring", starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 12, 1))
    assert "starts_on" in _errors(swapped)
    autumn.ends_on = dt.date(2026, 1, 25)
    autumn.full_clean()  # moving a semester within its year, alone in it, is fine


@DB_EXAMPLES
@given(
    a=st.tuples(st.integers(0, 360), st.integers(1, 200)),
    b=st.tuples(st.integers(0, 360), st.integers(1, 200)),
)
def test_two_semesters_of_a_year_never_overlap(world: World, a: tuple[int, int], b: tuple[int, int]) -> None:
    """Whatever dates are offered, what is accepted never overlaps, and what is refused does or spills out."""
    year = SchoolYear.objects.get_or_create(
        region=world.city,
        starts_on=dt.date(2025, 9, 1),
        defaults={"label": "2025—2026学年", "ends_on": dt.date(2026, 8, 31)},
    )[0]
    year.semesters.all().delete()
    first_start = year.starts_on + a[0] * DAY
    first = Semester.objects.create(
        school_year=year, kind="autumn", starts_on=first_start, ends_on=min(first_start + a[1] * DAY, year.ends_on)
    ) if first_start < year.ends_on else None  # fmt: skip
    second_start = year.starts_on + b[0] * DAY
    second = Semester(school_year=year, kind="spring", starts_on=second_start, ends_on=second_start + b[1] * DAY)
    try:
        second.full_clean()
    except ValidationError:
        spills = second.ends_on > year.ends_on
        overlaps = first is not None and second.starts_on <= first.ends_on and first.starts_on <= second.ends_on
        before_autumn = first is not None and second.starts_on < first.starts_on
        assert spills or overlaps or before_autumn
    else:
        assert second.ends_on <= year.ends_on
        assert first is None or second.starts_on > first.ends_on


# Services --------------------------------------------------------------------------------------

SEMESTERS = [
    ("autumn", dt.date(2025, 9, 1), dt.date(2026, 1, 20)),
    ("spring", dt.date(2026, 2, 20), dt.date(2026, 7, 10)),
]
YEAR = {"label": "2025—2026学年", "starts_on": dt.date(2025, 9, 1), "ends_on": dt.date(2026, 8, 31)}


def test_school_year_create_writes_the_year_and_its_semesters_with_audit(world: World) -> None:
    year = services.school_year_create(actor=world.city_staff, region=world.city, **YEAR, semesters=SEMESTERS)
    assert [(s.kind, s.starts_on, s.ends_on) for s in year.semesters.all()] == SEMESTERS
    entry = AuditEntry.objects.get(action="org.school_year.created")
    assert entry.actor == world.city_staff and entry.region_path == world.city.path
    assert entry.changes["label"] == [None, "2025—2026学年"]
    assert AuditEntry.objects.filter(action="org.semester.created", region_path=world.city.path).count() == 2


def test_district_staff_define_their_own_district_only(world: World) -> None:
    services.school_year_create(actor=world.district_staff, region=world.district_a, **YEAR, semesters=SEMESTERS)
    for region in (world.district_b, world.city):
        with pytest.raises(PermissionDenied):
            services.school_year_create(actor=world.district_staff, region=region, **YEAR, semesters=SEMESTERS)
    with pytest.raises(PermissionDenied):
        services.school_year_create(actor=world.school_staff, region=world.district_a, **YEAR, semesters=SEMESTERS)
    assert list(SchoolYear.objects.values_list("region", flat=True)) == [world.district_a.pk]


def test_every_problem_is_reported_at_once_under_its_field_and_nothing_is_saved(world: World) -> None:
    bad = [
        ("autumn", dt.date(2025, 8, 1), dt.date(2026, 1, 20)),  # starts before the year
        ("spring", dt.date(2026, 1, 10), dt.date(2026, 1, 5)),  # ends before it starts
    ]
    with pytest.raises(ValidationError) as caught:
        services.school_year_create(actor=world.city_staff, region=world.city, **YEAR, semesters=bad)
    assert set(caught.value.message_dict) == {"autumn_starts_on", "spring_ends_on"}
    overlapping = [SEMESTERS[0], ("spring", dt.date(2026, 1, 15), dt.date(2026, 7, 10))]
    with pytest.raises(ValidationError) as caught:
        services.school_year_create(actor=world.city_staff, region=world.city, **YEAR, semesters=overlapping)
    assert "spring_starts_on" in caught.value.message_dict
    backwards_year = {**YEAR, "ends_on": dt.date(2025, 6, 30)}
    with pytest.raises(ValidationError) as caught:
        services.school_year_create(actor=world.city_staff, region=world.city, **backwards_year, semesters=SEMESTERS)
    assert set(caught.value.message_dict) == {"ends_on"}  # the semesters are not blamed for the year's dates
    assert not SchoolYear.objects.exists() and not Semester.objects.exists() and not AuditEntry.objects.exists()


def test_semester_update_moves_the_dates_and_logs_them(world: World) -> None:
    year = services.school_year_create(actor=world.city_staff, region=world.city, **YEAR, semesters=SEMESTERS)
    autumn = year.semesters.get(kind="autumn")
    services.semester_update(actor=world.city_staff, semester=autumn, data={"ends_on": dt.date(2026, 1, 25)})
    entry = AuditEntry.objects.get(action="org.semester.updated")
    assert entry.changes == {"ends_on": ["2026-01-20", "2026-01-25"]}
    with pytest.raises(ValidationError) as caught:
        services.semester_update(actor=world.city_staff, semester=autumn, data={"ends_on": dt.date(2026, 3, 1)})
    assert "2026-02-20" in caught.value.message_dict["ends_on"][0]  # autumn now runs into spring
    with pytest.raises(PermissionDenied):
        services.semester_update(actor=world.district_staff, semester=autumn, data={"ends_on": dt.date(2026, 1, 22)})
    autumn.refresh_from_db()
    assert autumn.ends_on == dt.date(2026, 1, 25)
