"""The ranks demo on a county built here on the Ganyu template: ranks proposed and confirmed at its
schools, the first school's own scheme, its last month's roll exported; a second run creates nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.accounts.models import Role
from hts.corps.ranks.demo import seed
from hts.corps.ranks.models import AllowanceRate, AllowanceRoll, RankAssignment, RankScheme
from hts.corps.tests.ranks_kit import certificate
from hts.org.models import Region, School
from testkit import World, make_region, make_teacher, make_user


def test_the_demo_ranks_a_county_and_exports_a_roll_once(world: World) -> None:
    county = make_region("赣榆县", "320721", Region.Kind.DISTRICT, world.city)
    today = timezone.localdate()
    schools = [School.objects.create(name=f"赣榆第{n}小学", code=f"GY-0{n}", region=county, has_primary=True)
               for n in (1, 2)]  # fmt: skip
    for n, school in enumerate(schools):
        make_user(f"gy_staff_{n}", Role.SCHOOL_STAFF, school=school)
        for k in range(3):
            teacher = make_teacher(school, f"赣榆{n}{k}", serving_since=today - dt.timedelta(days=500 + 400 * k))
            if n == 1:
                certificate(teacher, world)
    created = seed(county, today)
    assert created > 0
    assert RankScheme.objects.filter(region=county, template="ganyu").exists()
    assert RankScheme.objects.filter(school=schools[0]).exists()
    # Every head teacher of a year's service has a rank: the first school by its own scheme, the second
    # (certificates held) by the county's.
    assert RankAssignment.objects.filter(ended_on__isnull=True).count() == 6
    assert AllowanceRate.objects.filter(school=schools[1]).count() == 3
    roll = AllowanceRoll.objects.get()
    assert roll.frozen and roll.school == schools[0] and roll.total > 0
    assert seed(county, today) == 0
