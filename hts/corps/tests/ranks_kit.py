"""Hand-built records for the ranks tests: the Ganyu example scheme on the city, and head teachers
with the service, certificates, achievements and yearly grades a rank reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hts.corps.certificates.models import Certificate
from hts.corps.ranks.models import Rank, RankScheme
from hts.corps.ranks.services import scheme_from_values
from hts.org.models import School, Teacher
from hts.org.service_time import years_before
from hts.research.models import Achievement
from hts.studios.policy_templates import ganyu
from testkit import World, make_teacher

_serial = iter(range(1, 100_000))


def ganyu_scheme(world: World) -> RankScheme:
    return scheme_from_values(values=ganyu.RANKS, region=world.city, template="ganyu")


def rank(scheme: RankScheme, name: str) -> Rank:
    return scheme.ranks.get(name=name)


def certificate(teacher: Teacher, world: World, *, valid: bool = True) -> Certificate:
    today = timezone.localdate()
    return Certificate.objects.create(
        kind="qualification", number=f"T-{next(_serial)}", holder=teacher, issuer=world.city,
        issued_on=today - dt.timedelta(days=400),
        valid_until=today + dt.timedelta(days=600) if valid else today - dt.timedelta(days=1), evidence="结业",
    )  # fmt: skip


def achievement(teacher: Teacher, level: str = "county", *, days_ago: int = 100, verified: bool = True) -> Achievement:
    return Achievement.objects.create(
        owner=teacher, kind="paper_published", title=f"论文{next(_serial)}", level=level,
        achieved_on=timezone.localdate() - dt.timedelta(days=days_ago), issuer="县教育局",
        status="verified" if verified else "pending",
    )  # fmt: skip


def head_teacher(school: School, name: str, years: float, **extra: Any) -> Teacher:
    since = timezone.localdate() - dt.timedelta(days=int(365.25 * years) + 1)
    return make_teacher(school, name, serving_since=since, **extra)


def second_level(world: World, school: School | None = None, name: str = "二级候选") -> Teacher:
    """Meets 二级 of the example: 4 years, two verified county results (0.8 + 0.8), a valid certificate."""
    teacher = head_teacher(school or world.school_a, name, 4)
    certificate(teacher, world)
    achievement(teacher)
    achievement(teacher)
    return teacher


def years_ago(years: int) -> dt.date:
    return years_before(timezone.localdate(), years)


ZERO = Decimal("0")
