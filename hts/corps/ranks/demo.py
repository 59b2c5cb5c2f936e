"""Demo ranks for a Ganyu county (001 二 5, 三 9), written through the services as each school's staff
would: the county's example scheme (from the Ganyu template, or created here as it would be), the
first school's own scheme copied from it with its 三级 opened to every head teacher of a year's
service (001 lets each school set its own), the allowance per rank at every school, every proposal
confirmed, and last month's roll of the first school built and exported (frozen).

Idempotent: rates and rolls that exist are kept, and a confirmed proposal is not proposed again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hts.accounts.models import Role, RoleAssignment
from hts.corps.ranks import selectors, services
from hts.corps.ranks.models import AllowanceRate, AllowanceRoll, RankCriterion, RankScheme
from hts.org.models import Region, School
from hts.studios.policy_templates import ganyu

RATES = {"三级班主任": Decimal("200"), "二级班主任": Decimal("300"), "一级班主任": Decimal("450")}


def _staff(school: School) -> Any:
    assignment = (
        RoleAssignment.objects.filter(role=Role.SCHOOL_STAFF, school=school)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def seed(county: Region, today: dt.date) -> int:
    created = 0
    if selectors.regional_scheme_for(School(region=county)) is None:
        services.scheme_from_values(values=ganyu.RANKS, region=county, template="ganyu")
        created += 1
    schools = list(
        School.objects.filter(region__path__startswith=county.path).select_related("region").order_by("code")
    )
    staffed = [(school, _staff(school)) for school in schools]
    staffed = [(school, user) for school, user in staffed if user is not None]
    # Ranks from the first day of last month, so that last month's roll pays them.
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for index, (school, user) in enumerate(staffed):
        if index == 0 and not RankScheme.objects.filter(school=school).exists():
            own = services.school_scheme_create(actor=user, school=school, kind=RankScheme.Kind.LEVELS, levels=3)
            # The school's own rule: its 三级 asks a year as head teacher, no certificate yet.
            for criterion in RankCriterion.objects.filter(
                rank__scheme=own, rank__order=1, kind=RankCriterion.Kind.CERTIFICATE
            ).select_related("rank__scheme"):
                services.criterion_delete(actor=user, criterion=criterion)
            created += 1
        scheme = selectors.scheme_for(school)
        if scheme is None:
            continue
        if not AllowanceRate.objects.filter(school=school).exists():
            amounts = {rank.pk: RATES.get(rank.name, Decimal("200")) for rank in scheme.ranks.all()}
            created += services.rates_set(actor=user, school=school, amounts=amounts)
        rows = selectors.proposal_rows(list(selectors.head_teachers(school)), month)
        previewed = {row.teacher.pk: row.proposal.rank.pk for row in rows if row.differs and row.proposal.rank}
        if previewed:
            confirmed, _skipped = services.proposals_confirm(
                actor=user, school=school, previewed=previewed, started_on=month
            )
            created += confirmed
        if index == 0 and not AllowanceRoll.objects.filter(school=school, month=month).exists():
            roll, _changed = services.roll_build(actor=user, school=school, month=month)
            services.roll_freeze(actor=user, roll=roll)
            created += 1
    return created
