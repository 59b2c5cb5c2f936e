"""Quota compliance: which of a policy's task quotas a studio met, in which period.

Weekly and monthly quotas count only inside semesters (a winter or summer break owes nothing); a week
that spans two months is one week. Semester and school-year periods come from the region's academic
calendar; without one, calendar years stand in and weeks and months run through the year.

The computation reads activities once (one query for any number of studios, plus one for who gave
them and one for the hosts' attendance when a rule needs people) and works in memory.

A rule that counts for each host or each mentor (QuotaRule.counts_for) is met in a period only when
every person in that role met it; the period's count is the lowest person's, and `behind` names
those still short.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.activities.models import Activity, Attendance, QuotaRule
from hts.core.models import WorkflowTransition
from hts.org.calendar import lineage_paths
from hts.org.calendar import periods as tile
from hts.org.models import Region, SchoolYear, Semester
from hts.studios.models import CLOSED_STATES, Membership, Studio

MET, PENDING, MISSED = "met", "pending", "missed"


@dataclass(frozen=True)
class Held:
    """What a quota looks at in one activity."""

    day: dt.date
    kind: str
    mode: str
    has_publicity: bool
    half_days: int = 0
    presenters: frozenset[int] = frozenset()  # teacher ids of those who gave it
    hosts_present: frozenset[int] = frozenset()  # teacher ids of the studio's hosts who attended with credit
    # Publicity that is no activity (a published archive item or achievement): counts for publicity rules only.
    publicity_only: bool = False

    def taken_part(self, teacher_id: int, counts_for: str) -> bool:
        if counts_for == QuotaRule.CountsFor.HOST:
            return teacher_id in self.presenters or teacher_id in self.hosts_present
        return teacher_id in self.presenters


@dataclass
class PeriodResult:
    start: dt.date
    end: dt.date
    count: int
    required: int
    status: str
    days_left: int = 0
    behind: list[str] = field(default_factory=list)  # for a rule of each host or mentor: who is short


@dataclass
class RuleResult:
    rule: QuotaRule
    periods: list[PeriodResult] = field(default_factory=list)
    # Why the pages show "—" for it (a short sentence; "" when they show a result): see blank_reason.
    blank: str = ""

    @property
    def current(self) -> PeriodResult | None:
        return next((p for p in self.periods if p.status == PENDING), None)

    @property
    def missed(self) -> list[PeriodResult]:
        return [p for p in self.periods if p.status == MISSED]

    @property
    def status(self) -> str:
        if self.missed:
            return MISSED
        return PENDING if self.current else (MET if self.periods else "")


class Calendar:
    """Semesters and school years per region: two queries for any number of regions (`prime`)."""

    def __init__(self) -> None:
        self._source: dict[int, int | None] = {}  # region id -> id of the region whose calendar it uses
        self._semesters: dict[int, list[Semester]] = {}  # calendar region id -> its semesters

    def prime(self, regions: Iterable[Region]) -> None:
        todo = {region.pk: region for region in regions if region.pk not in self._source}
        if not todo:
            return
        paths = {path for region in todo.values() for path in lineage_paths(region.path)}
        with_years = dict(
            Region.objects.filter(path__in=paths)
            .filter(Exists(SchoolYear.objects.filter(region=OuterRef("pk"))))
            .values_list("path", "pk")
        )
        for region in todo.values():
            found = [with_years[path] for path in lineage_paths(region.path) if path in with_years]
            self._source[region.pk] = found[-1] if found else None
        sources = {pk for pk in self._source.values() if pk is not None} - set(self._semesters)
        for source in sources:
            self._semesters[source] = []
        for semester in (
            Semester.objects.filter(school_year__region_id__in=sources)
            .select_related("school_year")
            .order_by("starts_on")
        ):
            self._semesters[semester.school_year.region_id].append(semester)

    def _of(self, region: Region) -> list[Semester]:
        self.prime([region])
        source = self._source[region.pk]
        return self._semesters.get(source, []) if source is not None else []

    def semesters(self, region: Region, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
        found = [(s.starts_on, s.ends_on) for s in self._of(region) if s.starts_on <= end and s.ends_on >= start]
        return found or [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(start.year, end.year + 1)]

    def years(self, region: Region, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
        years = sorted({(s.school_year.starts_on, s.school_year.ends_on) for s in self._of(region)})
        found = [(a, b) for a, b in years if a <= end and b >= start]
        return found or [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(start.year, end.year + 1)]


# A week or month cut short by the start or end of a semester (or of the studio's cycle) owes its
# quota only if this many days of it remain: a term that ends on a Monday owes no online session.
MIN_DAYS = {"week": 3, "month": 7}


def rule_periods(
    rule: QuotaRule, region: Region, start: dt.date, end: dt.date, calendar: Calendar
) -> list[tuple[dt.date, dt.date]]:
    """The periods of `rule` that [start, end] touches, clipped to it."""
    if rule.period in {QuotaRule.Period.WEEK, QuotaRule.Period.MONTH}:
        spans = []
        for sem_start, sem_end in calendar.semesters(region, start, end):
            for a, b in tile(rule.period, max(sem_start, start), min(sem_end, end)):  # type: ignore[arg-type]
                if (b - a).days + 1 >= MIN_DAYS[rule.period]:
                    spans.append((a, b))
        return spans
    if rule.period == QuotaRule.Period.SEMESTER:
        return [(max(a, start), min(b, end)) for a, b in calendar.semesters(region, start, end)]
    if rule.period == QuotaRule.Period.YEAR:
        return [(max(a, start), min(b, end)) for a, b in calendar.years(region, start, end)]
    return [(start, end)]


def evaluate(
    rule: QuotaRule,
    held: Iterable[Held],
    spans: list[tuple[dt.date, dt.date]],
    today: dt.date,
    people: dict[int, str] | None = None,
) -> RuleResult:
    """`people` (teacher id -> name) are the studio's hosts or mentors when the rule counts for them."""
    matching = [
        h
        for h in held
        if rule.matches(h.kind, h.mode, h.has_publicity)
        and (rule.needs_publicity or not h.publicity_only)
        and h.day <= today
    ]
    personal = rule.counts_for != QuotaRule.CountsFor.STUDIO
    result = RuleResult(rule=rule)
    if personal and not people:
        result.blank = str(NOBODY[rule.counts_for])
    for start, end in spans:
        inside = [h for h in matching if start <= h.day <= end]
        behind: list[str] = []
        if not personal:
            count = len(inside)
        elif not people:
            count = rule.minimum  # nobody holds the role: nobody owes it
        else:
            counts = {pk: sum(1 for h in inside if h.taken_part(pk, rule.counts_for)) for pk in sorted(people)}
            count = min(counts.values())
            behind = [people[pk] for pk, n in counts.items() if n < rule.minimum]
        if count >= rule.minimum:
            status = MET
        elif end < today:
            status = MISSED
        else:
            status = PENDING
        result.periods.append(
            PeriodResult(start, end, count, rule.minimum, status, days_left=max((end - today).days, 0), behind=behind)
        )
    return result


# The reasons a page gives for "—", short enough for a table cell's title and its footnote.
NOBODY: dict[str, Any] = {
    QuotaRule.CountsFor.HOST: gettext_lazy("The studio has no host: nobody owes this quota."),
    QuotaRule.CountsFor.MENTOR: gettext_lazy("The studio has no mentor: nobody owes this quota."),
}
NOT_IN_POLICY = gettext_lazy("Not a quota of this studio's batch.")


def blank_reason(
    studio: Studio, rule: QuotaRule, first: dt.date, last: dt.date, today: dt.date, cycle_start: dt.date
) -> str:
    """Why `rule` has no period of the studio in [first, last] (a month of the matrix; today on the
    studio's page): the studio is closed, the time is outside its cycle or not yet come, or falls in
    no semester (weekly and monthly quotas count inside semesters only)."""
    batch = studio.batch
    cycle = {"start": batch.start_year, "end": batch.end_year}
    if studio.status in CLOSED_STATES:
        return _("The studio is %(status)s: it owes no quota.") % {"status": studio.get_status_display()}
    if last < cycle_start:
        if cycle_start > dt.date(batch.start_year, 1, 1):
            return _("Before the studio started its cycle (授牌) on %(date)s.") % {"date": cycle_start.isoformat()}
        return _("Before the studio's cycle (%(start)d–%(end)d).") % cycle
    if first > dt.date(batch.end_year, 12, 31):
        return _("After the studio's cycle (%(start)d–%(end)d).") % cycle
    if first > today:
        return _("This time has not come yet.")
    if rule.period in {QuotaRule.Period.WEEK, QuotaRule.Period.MONTH}:
        return _("A school break: weekly and monthly quotas count inside semesters only.")
    return _("No semester or school year of the academic calendar falls in this time.")


def started_on(studios: list[Studio]) -> dict[int, dt.date]:
    """When each studio started its cycle (授牌): its first move to "active" (one query)."""
    uids = {studio.uid: studio.pk for studio in studios}
    found: dict[int, dt.date] = {}
    for target_id, at in (
        WorkflowTransition.objects.filter(
            target_type="studios.studio", to_state="active", target_id__in=[str(u) for u in uids]
        )
        .order_by("at")
        .values_list("target_id", "at")
    ):
        found.setdefault(uids[uuid.UUID(target_id)], timezone.localtime(at).date())
    return found


def cycle_span(studio: Studio, today: dt.date, started: dt.date | None) -> tuple[dt.date, dt.date]:
    """Quotas run from the studio's start (授牌; no earlier than its cycle) to today or the cycle's end."""
    start = dt.date(studio.batch.start_year, 1, 1)
    if started and started > start:
        start = started
    return start, min(today, dt.date(studio.batch.end_year, 12, 31))


def team_by_studio(studio_ids: list[int]) -> dict[int, dict[str, dict[int, str]]]:
    """Active hosts and mentors of each studio: studio id -> role -> {teacher id: name} (one query)."""
    found: dict[int, dict[str, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    for studio_id, role, teacher_id, name in Membership.objects.filter(
        studio_id__in=studio_ids,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.HOST, Membership.Role.MENTOR],
    ).values_list("studio_id", "role", "teacher_id", "teacher__name"):
        found[studio_id][role][teacher_id] = name
    return found


# Where publicity that is not an activity's own post comes from (issue 16: a studio's website, which
# portal registers from its AppConfig.ready): each source gives the days a studio published something
# in [start, end], per studio id (one query).
PublicitySource = Callable[[list[int], dt.date, dt.date], dict[int, list[dt.date]]]
PUBLICITY_SOURCES: list[PublicitySource] = []


def register_publicity_source(source: PublicitySource) -> None:
    if source not in PUBLICITY_SOURCES:
        PUBLICITY_SOURCES.append(source)


def held_by_studio(
    studio_ids: list[int],
    start: dt.date,
    end: dt.date,
    *,
    hosts: Iterable[int] = (),
    people: bool = False,
    people_kinds: Iterable[str] = (),
) -> dict[int, list[Held]]:
    """The studios' activities in [start, end]. With `people`, also who gave each and which of
    `hosts` (teacher ids) attended it: two more queries, needed only by rules of hosts or mentors,
    and read only for `people_kinds` (the kinds those rules count; empty: every kind)."""
    tz = timezone.get_current_timezone()
    window = {
        "starts_at__gte": dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        "starts_at__lt": dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    }
    # A cancelled activity (its studio closed before it) never took place: it counts for no quota.
    rows = Activity.objects.filter(studio_id__in=studio_ids, cancelled_at__isnull=True, **window).values_list(
        "pk", "studio_id", "starts_at", "kind", "mode", "publicity_url", "credit_half_days"
    )
    presenters: dict[int, set[int]] = defaultdict(set)
    present: dict[int, set[int]] = defaultdict(set)
    if people:
        around: dict[str, Any] = {f"activity__{key}": value for key, value in window.items()}
        kinds = sorted(set(people_kinds))
        if kinds:
            around["activity__kind__in"] = kinds
        through = Activity.presenters.through.objects.filter(activity__studio_id__in=studio_ids, **around)
        for activity_id, teacher_id in through.values_list("activity_id", "teacher_id"):
            presenters[activity_id].add(teacher_id)
        host_ids = list(hosts)
        if host_ids:
            for activity_id, teacher_id in Attendance.objects.filter(
                activity__studio_id__in=studio_ids,
                teacher_id__in=host_ids,
                status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
                **around,
            ).values_list("activity_id", "teacher_id"):
                present[activity_id].add(teacher_id)
    found: dict[int, list[Held]] = defaultdict(list)
    for pk, studio_id, starts_at, kind, mode, publicity, half_days in rows:
        found[studio_id].append(
            Held(
                timezone.localtime(starts_at, tz).date(),
                kind,
                mode,
                bool(publicity),
                half_days=half_days,
                presenters=frozenset(presenters.get(pk, ())),
                hosts_present=frozenset(present.get(pk, ())),
            )
        )
    for source in PUBLICITY_SOURCES:
        for studio_id, days in source(list(studio_ids), start, end).items():
            found[studio_id].extend(Held(day, "", "", True, publicity_only=True) for day in days)
    return found


def _people_kinds(rules: Iterable[QuotaRule]) -> list[str]:
    """The activity kinds the people's rules count; empty when one of them counts any kind."""
    personal = [rule for rule in rules if rule.counts_for != QuotaRule.CountsFor.STUDIO]
    if any(not rule.kinds for rule in personal):
        return []
    return sorted({kind for rule in personal for kind in rule.kinds})


def _people_for(rule: QuotaRule, team: dict[str, dict[int, str]]) -> dict[int, str] | None:
    if rule.counts_for == QuotaRule.CountsFor.STUDIO:
        return None
    return dict(team.get(rule.counts_for, {}))


def studio_compliance(studio: Studio, *, today: dt.date | None = None) -> list[RuleResult]:
    """Every quota of the studio's policy over its cycle so far, period by period."""
    today = today or timezone.localdate()
    start, end = cycle_span(studio, today, started_on([studio]).get(studio.pk))
    rules = list(QuotaRule.objects.filter(policy__batch_id=studio.batch_id))
    if end < start or not rules:
        return [RuleResult(rule=rule, blank=blank_reason(studio, rule, today, today, today, start)) for rule in rules]
    # The periods run to the end of the one containing today, so the current one shows its days left.
    horizon = dt.date(studio.batch.end_year, 12, 31)
    personal = any(rule.counts_for != QuotaRule.CountsFor.STUDIO for rule in rules)
    team = team_by_studio([studio.pk]).get(studio.pk, {}) if personal else {}
    held = held_by_studio(
        [studio.pk],
        start,
        end,
        hosts=team.get(Membership.Role.HOST, {}),
        people=personal,
        people_kinds=_people_kinds(rules),
    ).get(studio.pk, [])
    calendar = Calendar()
    region = studio.host_school.region
    results = []
    for rule in rules:
        spans = [s for s in rule_periods(rule, region, start, horizon, calendar) if s[0] <= today]
        result = evaluate(rule, held, spans, today, _people_for(rule, team))
        if not result.blank and (not result.periods or studio.status in CLOSED_STATES):
            result.blank = blank_reason(studio, rule, today, today, today, start)
        results.append(result)
    return results


@dataclass
class GuidanceRow:
    """A mentor's guidance hours in one semester (000 第五条 3: ≥10 学时)."""

    mentor: str
    start: dt.date
    end: dt.date
    hours: Decimal
    required: Decimal
    status: str


def mentor_guidance(studio: Studio, *, today: dt.date | None = None) -> list[GuidanceRow]:
    """Each active mentor's hours of the activities they gave, per semester of the cycle so far:
    tracked apart from the hours they earn by attending."""
    today = today or timezone.localdate()
    policy = studio.batch.policy
    start, end = cycle_span(studio, today, started_on([studio]).get(studio.pk))
    team = team_by_studio([studio.pk]).get(studio.pk, {}).get(Membership.Role.MENTOR, {})
    mentors = {teacher_id: name for teacher_id, name in team.items() if teacher_id is not None}
    # Mentors from outside the schools (no teacher record) are named by their membership: the days
    # of the activities they gave, in one more query.
    outside = dict(
        Membership.objects.filter(
            studio=studio, role=Membership.Role.MENTOR, status=Membership.Status.ACTIVE, teacher__isnull=True
        ).values_list("pk", "external_name")
    )
    if end < start or not (mentors or outside):
        return []
    held = held_by_studio([studio.pk], start, end, people=True).get(studio.pk, [])
    guided: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    if outside:
        tz = timezone.get_current_timezone()
        for membership_id, starts_at, half_days in Activity.guiding_mentors.through.objects.filter(
            membership_id__in=list(outside),
            activity__starts_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            activity__starts_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        ).values_list("membership_id", "activity__starts_at", "activity__credit_half_days"):
            guided[membership_id].append((timezone.localtime(starts_at, tz).date(), half_days))
    # (name, teacher id or None, membership id or None), by name.
    people: list[tuple[str, int | None, int | None]] = sorted(
        [
            *((name, teacher_id, None) for teacher_id, name in mentors.items()),
            *((n, None, m) for m, n in outside.items()),
        ],
        key=lambda item: item[0],
    )
    rows = []
    for sem_start, sem_end in Calendar().semesters(studio.host_school.region, start, end):
        sem_start, clipped_end = max(sem_start, start), min(sem_end, end)
        for name, mentor_id, outside_id in people:
            if outside_id is not None:
                half_days = sum(days for day, days in guided[outside_id] if sem_start <= day <= clipped_end)
            else:
                half_days = sum(  # a teacher mentor: the activities they are named presenter of
                    h.half_days for h in held if sem_start <= h.day <= clipped_end and mentor_id in h.presenters
                )
            hours = policy.hours_for(half_days)
            required = policy.mentor_guidance_hours
            status = MET if hours >= required else MISSED if sem_end < today else PENDING
            rows.append(GuidanceRow(name, sem_start, sem_end, hours, required, status))
    return rows


def matrix(studios: list[Studio], month: dt.date, *, today: dt.date | None = None) -> dict[str, Any]:
    """Studios × quota rules for the periods that touch `month`: one activity query for all studios,
    one rule query, and one calendar query per region."""
    today = today or timezone.localdate()
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rules_by_batch: dict[int, list[QuotaRule]] = defaultdict(list)
    for rule in QuotaRule.objects.filter(policy__batch_id__in={s.batch_id for s in studios}).select_related("policy"):
        rules_by_batch[rule.policy.batch_id].append(rule)
    calendar = Calendar()
    calendar.prime(s.host_school.region for s in studios)
    # Semesters and years reach beyond the month: read activities over the widest period involved.
    wide_start = min(
        [first, *[calendar.years(s.host_school.region, first, last)[0][0] for s in studios]], default=first
    )
    wide_end = max([last, *[calendar.years(s.host_school.region, first, last)[-1][1] for s in studios]], default=last)
    personal = any(r.counts_for != QuotaRule.CountsFor.STUDIO for rules in rules_by_batch.values() for r in rules)
    teams = team_by_studio([s.pk for s in studios]) if personal else {}
    hosts = [pk for team in teams.values() for pk in team.get(Membership.Role.HOST, {})]
    all_rules = [rule for rules in rules_by_batch.values() for rule in rules]
    held = held_by_studio(
        [s.pk for s in studios],
        wide_start,
        wide_end,
        hosts=hosts,
        people=personal,
        people_kinds=_people_kinds(all_rules),
    )
    starts = started_on(studios)
    codes: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for studio in studios:
        cells: dict[str, RuleResult] = {}
        cycle_start, _cycle_end = cycle_span(studio, today, starts.get(studio.pk))
        for rule in rules_by_batch.get(studio.batch_id, []):
            codes.setdefault(rule.code, rule.label)
            spans = []
            for start, end in rule_periods(
                rule, studio.host_school.region, max(wide_start, cycle_start), wide_end, calendar
            ):
                if start <= last and end >= first and start <= today:
                    spans.append((start, end))
            people = _people_for(rule, teams.get(studio.pk, {}))
            cells[rule.code] = cell = evaluate(rule, held.get(studio.pk, []), spans, today, people)
            if not cell.periods and not cell.blank:
                cell.blank = blank_reason(studio, rule, first, last, today, cycle_start)
        rows.append(
            {"studio": studio, "cells": cells, "shortfalls": sum(1 for c in cells.values() if c.status == MISSED)}
        )
    for row in rows:  # a column of another batch's policy
        row["blanks"] = {code: str(NOT_IN_POLICY) for code in codes if code not in row["cells"]}
    return {"columns": list(codes.items()), "rows": rows, "month": first}


def blank_notes(reasons: Iterable[str]) -> dict[str, int]:
    """The page's reasons for "—", numbered in order of first appearance for its footnotes (a phone
    has no hover for a title)."""
    notes: dict[str, int] = {}
    for reason in reasons:
        if reason and reason not in notes:
            notes[reason] = len(notes) + 1
    return notes


def matrix_studios(user: Any, *, tier: str = "", region_uid: str = "") -> QuerySet[Studio]:
    """The running studios the quota matrix (page and export) shows the user, with its filters."""
    from hts.studios.selectors import studio_list

    return studio_list(user, tier=tier, region_uid=region_uid).filter(
        status__in=[Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD]
    )
