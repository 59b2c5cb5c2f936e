"""The structure demo picks its mentors by the region's policy (`mentor_min_service_years`), and where
the policy leaves the number off, by what the service records say: a mentor has more years as head
teacher than the one they guide (no number of the code's own)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.corps.models import CorpsPolicy
from hts.corps.structure import demo as structure_demo
from hts.corps.structure.models import MentorPair
from hts.corps.tests.test_demo_seeds import START, county  # noqa: F401 (a fixture)
from hts.org.models import HeadTeacherService, Region

TODAY = timezone.localdate()


def _pairs() -> list[tuple[str, str]]:
    return list(MentorPair.objects.order_by("pk").values_list("mentor__name", "mentee__name"))


def test_the_policys_years_choose_the_mentors(county: Region) -> None:  # noqa: F811
    CorpsPolicy.objects.filter(region=county).update(mentor_min_service_years=10)
    assert structure_demo.seed(county, TODAY) > 0
    # 班主任1 (9 years) has an account but not the policy's 10 years: only 班主任0 (16 years) mentors.
    assert _pairs() == [("班主任0", "班主任2"), ("班主任0", "助理")]
    assert structure_demo.seed(county, TODAY) == 0


def test_without_the_policys_number_the_records_choose(county: Region) -> None:  # noqa: F811
    CorpsPolicy.objects.filter(region=county).update(mentor_min_service_years=None)
    # The two head teachers with an account have served two years, the young one one year: no fixed
    # number of years would be needed to see who is the more experienced.
    HeadTeacherService.objects.filter(teacher__name__in=["班主任0", "班主任1"]).update(
        started_on=dt.date(START - 2, 9, 1)
    )
    assert structure_demo.seed(county, TODAY) > 0
    assert _pairs() == [("班主任0", "班主任2"), ("班主任1", "助理")]
    assert structure_demo.seed(county, TODAY) == 0


def test_without_anyone_more_experienced_nobody_is_paired(county: Region) -> None:  # noqa: F811
    CorpsPolicy.objects.filter(region=county).update(mentor_min_service_years=None)
    HeadTeacherService.objects.filter(teacher__school__code="T-01").update(started_on=dt.date(START - 1, 9, 1))
    assert structure_demo.seed(county, TODAY) == 0
    assert not MentorPair.objects.exists()
