"""Two bureau staff issuing at the same moment never get the same number."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.corps.certificates import services
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from testkit import World, make_teacher, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_issues_take_distinct_numbers(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, qualification_valid_years=3)
    teachers = [make_teacher(world.school_a, f"教师{i}") for i in range(4)]

    def issue(teacher: object) -> object:
        return services.certificates_issue(
            actor=world.district_staff, region=world.district_a, kind="qualification",
            teachers=[teacher], issued_on=dt.date(2026, 8, 1), evidence="县岗前培训合格",  # type: ignore[list-item]
        )  # fmt: skip

    results = run_at_once([lambda t=t: issue(t) for t in teachers])
    assert all(isinstance(r, list) for r in results), results
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 4 and len(set(numbers)) == 4
