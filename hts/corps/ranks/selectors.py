"""Reads of ranks and allowance: which scheme governs a school, the proposals of its head teachers,
their current ranks and history, the rates, and the lines of a month's roll. Every list reads a
bounded number of queries whatever the number of teachers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hts.accounts.access import get_scoped_or_404, scoped
from hts.corps.ranks.models import AllowanceRate, AllowanceRoll, Rank, RankAssignment, RankCriterion, RankScheme
from hts.corps.ranks.pay import month_pay
from hts.corps.ranks.rules import Proposal, load_records, propose
from hts.org.calendar import lineage_paths
from hts.org.models import HeadTeacherService, School, Teacher
from hts.org.selectors import serving_now
from hts.org.service_time import served_days

VIEW, MANAGE, SCHEME = "corps.ranks.view", "corps.ranks.manage", "corps.ranks.scheme"


def _with_ranks(schemes: QuerySet[RankScheme]) -> QuerySet[RankScheme]:
    return schemes.prefetch_related(
        Prefetch(
            "ranks",
            queryset=Rank.objects.order_by("order").prefetch_related(
                Prefetch("criteria", queryset=RankCriterion.objects.order_by("pk"))
            ),
        )
    )


def schemes_for(schools: Iterable[School]) -> dict[int, RankScheme | None]:
    """Each school's scheme: its own, else its region's or the nearest ancestor's (four queries)."""
    schools = list(schools)
    own = {s.school_id: s for s in _with_ranks(RankScheme.objects.filter(school__in=[x.pk for x in schools]))}
    paths = {path for school in schools for path in lineage_paths(school.region.path)}
    regional = {s.region_path: s for s in _with_ranks(RankScheme.objects.filter(region__path__in=paths))}
    found: dict[int, RankScheme | None] = {}
    for school in schools:
        found[school.pk] = own.get(school.pk) or next(
            (regional[path] for path in reversed(lineage_paths(school.region.path)) if path in regional), None
        )
    return found


def scheme_for(school: School) -> RankScheme | None:
    return schemes_for([school])[school.pk]


def scheme_loaded(pk: int) -> RankScheme:
    return _with_ranks(RankScheme.objects.filter(pk=pk).select_related("school", "region")).get()


def regional_scheme_for(school: School) -> RankScheme | None:
    """The region's scheme a school without its own follows (what it copies to make its own)."""
    paths = lineage_paths(school.region.path)
    return _with_ranks(RankScheme.objects.filter(region__path__in=paths)).order_by("-region__depth").first()


# Schools ---------------------------------------------------------------------------------------


def schools_for(user: Any) -> QuerySet[School]:
    return scoped(user, VIEW, School.objects.select_related("region")).order_by("name")


def school_get(user: Any, uid: Any, action: str = VIEW) -> School:
    return get_scoped_or_404(user, action, School.objects.select_related("region"), uid=uid)


def head_teachers(school: School) -> QuerySet[Teacher]:
    """The school's teachers heading a class today."""
    return Teacher.objects.filter(school=school).filter(serving_now()).select_related("school__region")


def current_ranks(teacher_ids: Sequence[int]) -> dict[int, RankAssignment]:
    rows = RankAssignment.objects.filter(teacher_id__in=list(teacher_ids), ended_on__isnull=True)
    return {row.teacher_id: row for row in rows.select_related("rank")}


@dataclass(frozen=True)
class Row:
    teacher: Teacher
    proposal: Proposal
    current: RankAssignment | None

    @property
    def differs(self) -> bool:
        """The proposal is a rank the teacher does not hold now."""
        return self.proposal.rank is not None and (
            self.current is None or self.current.rank_id != self.proposal.rank.pk
        )


def proposal_rows(teachers: Sequence[Teacher], on: dt.date | None = None) -> list[Row]:
    """Each teacher's proposal (the scheme of their school) and current rank: bounded queries for any
    number of teachers and schools (schools loaded with their region)."""
    on = on or timezone.localdate()
    schemes = schemes_for({t.school_id: t.school for t in teachers}.values())
    records = load_records(teachers)
    current = current_ranks([t.pk for t in teachers])
    return [Row(t, propose(schemes[t.school_id], records[t.pk], on), current.get(t.pk)) for t in teachers]


def teacher_of_school(school: School, uid: Any) -> Teacher:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Teacher.objects.select_related("school__region"), school=school, uid=uid)


def rank_history(teacher: Teacher) -> QuerySet[RankAssignment]:
    return RankAssignment.objects.filter(teacher=teacher).select_related("rank", "decided_by", "proposed_rank")


# Allowance -------------------------------------------------------------------------------------


def rates_of(school: School) -> dict[int, Decimal]:
    return dict(AllowanceRate.objects.filter(school=school).values_list("rank_id", "amount"))


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def months_in_post(spans: Sequence[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    """Months of head-teacher service up to and including `on` (overlaps counted once, the gates'
    count), to the nearest month: September 2024 to March 2026 is 19."""
    days = Decimal(served_days(spans, on + dt.timedelta(days=1)))
    return int((days * 12 / Decimal("365.25")).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Line:
    teacher: Teacher
    rank: Rank | None
    months: int
    amount: Decimal
    note: str

    def key(self) -> tuple[int, int | None, int, Decimal]:
        return (self.teacher.pk, self.rank.pk if self.rank else None, self.months, self.amount)


def roll_lines(school: School, month: dt.date) -> list[Line]:
    """Who headed a class of the school in the month, their rank on the month's last day (or on the
    last day they served in it), their months in post and the rate of that rank; a month whose rank
    changes is paid by days at each rank (`month_pay`). Four queries."""
    from django.utils.translation import gettext as _

    first, last = month, month_end(month)
    in_month = HeadTeacherService.objects.filter(school=school, started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )
    teachers = list(Teacher.objects.filter(pk__in=in_month.values("teacher_id")).order_by("name", "pk"))
    ids = [t.pk for t in teachers]
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = {t: [] for t in ids}
    served_to: dict[int, dt.date] = {}
    for teacher_id, school_id, start, end in HeadTeacherService.objects.filter(teacher_id__in=ids).values_list(
        "teacher_id", "school_id", "started_on", "ended_on"
    ):
        spans[teacher_id].append((start, end))
        if school_id == school.pk and start <= last and (end is None or end >= first):
            served_to[teacher_id] = max(served_to.get(teacher_id, first), min(end or last, last))
    assignments: dict[int, list[RankAssignment]] = {t: [] for t in ids}
    for assignment in RankAssignment.objects.filter(teacher_id__in=ids, started_on__lte=last).select_related("rank"):
        assignments[assignment.teacher_id].append(assignment)
    rates = rates_of(school)
    lines = []
    for teacher in teachers:
        day = served_to[teacher.pk]
        rank = next(
            (
                a.rank
                for a in sorted(assignments[teacher.pk], key=lambda a: a.started_on, reverse=True)
                if a.started_on <= day and (a.ended_on is None or a.ended_on >= day)
            ),
            None,
        )
        note = ""
        paid = month_pay(assignments[teacher.pk], rates, first, last)
        if paid is not None:
            amount, note = paid
        elif rank is None:
            amount, note = Decimal("0"), _("no rank decided")
        elif rank.pk not in rates:
            amount, note = Decimal("0"), _("no allowance set for this rank")
        else:
            amount = rates[rank.pk]
        lines.append(Line(teacher, rank, months_in_post(spans[teacher.pk], day), amount, note))
    return lines


def rolls_of(school: School) -> QuerySet[AllowanceRoll]:
    return AllowanceRoll.objects.filter(school=school).select_related("built_by", "exported_by")


def roll_get(user: Any, uid: Any, action: str = VIEW) -> AllowanceRoll:
    return get_scoped_or_404(user, action, AllowanceRoll.objects.select_related("school__region"), uid=uid)


def current_rank_of(teacher: Teacher) -> RankAssignment | None:
    return RankAssignment.objects.filter(teacher=teacher, ended_on__isnull=True).select_related("rank").first()
