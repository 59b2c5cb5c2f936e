"""The gates of 001 8 and 10 for a head teacher, computed from the records on a given day.

- 职称: under `title_min_service_years` years as head teacher (with the club and society work the
  school credits), no professional-title application;
- 中层: under `promotion_min_service_years` years, no promotion to middle management;
- 评优晋级: a confirmed failing yearly grade, no honours or promotion that school year.

Years are counted by hts.org.service_time, the one count every page shows: the union of the periods
(overlaps counted once; a period's last day counts, so a year ending 08-31 and the next starting
09-01 join). A period still open counts as going on, so the date a gate opens is the day the years
will be reached if the teacher keeps serving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import get_scoped_or_404, scoped
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from hts.evaluation.models import YearlyFailure
from hts.org.calendar import calendar_region
from hts.org.models import HeadTeacherService, School, SchoolYear, Teacher
from hts.org.selectors import serving_now
from hts.org.service_time import reached_on, served_days, years_text

TITLE, PROMOTION, HONOURS = "title", "promotion", "honours"

Span = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class Gate:
    code: str
    label: str
    open: bool
    reason: str
    opens_on: dt.date | None  # None with `open` False: more service must be recorded first
    counted_days: int | None = None  # the service gates' days (hts.org.service_time), for the export


def _service_gate(
    code: str, label: str, years: int | None, service: Sequence[Span], credited: Sequence[Span], on: dt.date
) -> Gate | None:
    """The head-teacher figure is the one every page shows; credited work is added after it, named."""
    if years is None:
        return None
    spans = [*service, *credited]
    opens_on = reached_on(spans, years)
    counted = served_days(spans, on)
    numbers = {"years": years, "served": years_text(served_days(service, on)), "counted": years_text(counted)}
    if opens_on is not None and opens_on <= on:
        reason = (
            _("%(served)s years as head teacher, %(counted)s with the credited work; %(years)d are required.")
            if credited
            else _("%(served)s years as head teacher; %(years)d are required.")
        )
        return Gate(code, label, True, reason % numbers, None, counted)
    reason = (
        _("Only %(served)s years as head teacher, %(counted)s with the credited work; %(years)d are required (001 8).")
        if credited
        else _("Only %(served)s years as head teacher; %(years)d are required (001 8).")
    )
    return Gate(code, label, False, reason % numbers, opens_on, counted)


def _failure_gate(failures: Sequence[YearlyFailure], years: Sequence[SchoolYear], on: dt.date) -> Gate:
    label = _("Honours and promotion this school year")
    for failure in failures:
        year = failure.school_year
        if year.starts_on <= on <= year.ends_on:
            following = [other.starts_on for other in years if other.starts_on > year.starts_on]
            opens_on = min(following) if following else year.ends_on + dt.timedelta(days=1)
            reason = _(
                "The yearly grade of %(year)s failed, confirmed by the bureau: no honours or promotion that year (001 8)."
            )
            return Gate(HONOURS, label, False, reason % {"year": year.label}, opens_on)
    return Gate(HONOURS, label, True, _("No confirmed failing yearly grade this school year."), None)


def gates_of(
    policy: CorpsPolicy | None,
    *,
    service: Sequence[Span],
    credited: Sequence[Span],
    failures: Sequence[YearlyFailure],
    years: Sequence[SchoolYear],
    on: dt.date,
) -> list[Gate]:
    """The gates the policy turns on, from records already loaded (no query)."""
    if policy is None:
        return []
    gates = [
        _service_gate(
            TITLE,
            _("Professional-title application"),
            policy.title_min_service_years,
            service,
            credited,
            on,
        ),
        _service_gate(
            PROMOTION,
            _("Promotion to middle management"),
            policy.promotion_min_service_years,
            service,
            [],
            on,
        ),
        _failure_gate(failures, years, on) if policy.failing_year_blocks_honours else None,
    ]
    return [gate for gate in gates if gate is not None]


def calendar_years(school: School) -> list[SchoolYear]:
    source = calendar_region(school.region)
    return list(SchoolYear.objects.filter(region=source).order_by("starts_on")) if source else []


def _confirmed_failures() -> QuerySet[YearlyFailure]:
    return YearlyFailure.objects.filter(status=YearlyFailure.Status.CONFIRMED).select_related("school_year")


def with_gate_records(teachers: QuerySet[Teacher]) -> QuerySet[Teacher]:
    """Teachers with what their gates read, in three queries for any number of them."""
    return teachers.prefetch_related(
        Prefetch("service_records", queryset=HeadTeacherService.objects.only("teacher_id", "started_on", "ended_on")),
        Prefetch("credited_services", queryset=CreditedService.objects.all()),
        Prefetch("yearly_failures", queryset=_confirmed_failures(), to_attr="confirmed_failures"),
    )


def gates_for_loaded(
    teacher: Teacher, policy: CorpsPolicy | None, years: Sequence[SchoolYear], on: dt.date
) -> list[Gate]:
    """`gates_of` for a teacher loaded with `with_gate_records`."""
    return gates_of(
        policy,
        service=[(record.started_on, record.ended_on) for record in teacher.service_records.all()],
        credited=[(record.started_on, record.ended_on) for record in teacher.credited_services.all()],
        failures=teacher.confirmed_failures,  # type: ignore[attr-defined]
        years=years,
        on=on,
    )


def teacher_gates(teacher: Teacher, on: dt.date | None = None) -> list[Gate]:
    on = on or timezone.localdate()
    policy = policy_for(teacher.school.region)
    if policy is None:
        return []
    loaded = with_gate_records(Teacher.objects.filter(pk=teacher.pk)).get()
    return gates_for_loaded(loaded, policy, calendar_years(teacher.school), on)


# School pages ----------------------------------------------------------------------------------


def school_get(user: Any, uid: Any, action: str = "corps.gates.view") -> School:
    return get_scoped_or_404(user, action, School.objects.select_related("region"), uid=uid)


def gate_schools(user: Any) -> QuerySet[School]:
    return scoped(user, "corps.gates.view", School.objects.select_related("region")).order_by("name")


def head_teachers(school: School) -> QuerySet[Teacher]:
    """The school's teachers heading a class today."""
    teachers = Teacher.objects.filter(school=school).filter(serving_now()).order_by("name", "pk")
    return with_gate_records(teachers)


@dataclass(frozen=True)
class ShareStatus:
    share: ExcellentShare | None
    count: ExcellentCount | None
    year: SchoolYear | None
    met: bool | None  # None: nothing to compare yet
    needed: int | None  # head teachers the share asks for, with the year's total


def share_status(school: School, years: Sequence[SchoolYear], on: dt.date) -> ShareStatus:
    """Whether the year's 优秀 list gives head teachers the share the school reserves (001 8)."""
    year = next((y for y in years if y.starts_on <= on <= y.ends_on), None)
    share = ExcellentShare.objects.filter(school=school).first()
    count = ExcellentCount.objects.filter(school=school, school_year=year).first() if year else None
    if share is None or count is None:
        return ShareStatus(share, count, year, None, None)
    # Ceiling of total × percent / 100 in integers: a share of 30 % of 7 asks for 3 head teachers.
    needed = -(-count.total * share.percent // 100)
    return ShareStatus(share, count, year, count.head_teachers >= needed, needed)


def credited_of_school(school: School) -> QuerySet[CreditedService]:
    return CreditedService.objects.filter(school=school).select_related("teacher").order_by("-started_on", "pk")
