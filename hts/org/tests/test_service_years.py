"""Years of head-teacher service from dated records: property tests of the union arithmetic."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hts.org.models import service_years

TODAY = dt.date(2026, 9, 1)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1))
periods = st.lists(
    st.tuples(dates, st.one_of(st.none(), dates)).map(lambda p: (p[0], p[1] if p[1] is None or p[1] >= p[0] else p[0])),
    max_size=6,
)


@given(periods)
def test_order_does_not_matter(items: list) -> None:
    assert service_years(items, today=TODAY) == service_years(list(reversed(items)), today=TODAY)


@given(periods)
def test_repeating_a_period_adds_nothing(items: list) -> None:
    assert service_years(items + items, today=TODAY) == service_years(items, today=TODAY)


@given(periods)
def test_never_more_than_the_span_nor_less_than_the_longest_period(items: list) -> None:
    years = service_years(items, today=TODAY)
    started = [start for start, _ in items if start <= TODAY]
    if not started:
        assert years == 0
        return
    # The figure is days / 365 rounded down to a tenth (hts.org.service_time); a period's last day counts.
    span = (TODAY - min(started)).days / 365
    longest = max(((min(end or TODAY, TODAY) - start).days for start, end in items if start <= TODAY), default=0)
    assert years <= span + 1e-9
    assert years >= longest / 365 - 0.1


def test_a_future_period_does_not_count() -> None:
    assert service_years([(dt.date(2027, 9, 1), None)], today=TODAY) == 0
