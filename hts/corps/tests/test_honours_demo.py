"""The honours demo over a county built here: a call in 公示 with an objection; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.accounts.models import Role
from hts.corps.certificates.models import Certificate
from hts.corps.honours import demo
from hts.corps.honours.models import HonourCall, HonourObjection, Nomination
from hts.corps.models import CorpsPolicy
from hts.org.models import Region, School, SchoolYear
from testkit import client_for, make_region, make_teacher, make_user


@pytest.mark.django_db
def test_the_demo_builds_a_call_in_public_notice_with_an_objection() -> None:
    today = dt.date.today()
    city = make_region("连云港市", "320700", Region.Kind.CITY)
    county = make_region("赣榆县", "320721", Region.Kind.DISTRICT, city)
    CorpsPolicy.objects.create(region=county, qualification_required=True, failing_year_blocks_honours=True)
    SchoolYear.objects.create(
        region=county, label="本学年", starts_on=today - dt.timedelta(days=100), ends_on=today + dt.timedelta(days=200)
    )
    bureau = make_user("ganyu_bureau", Role.BUREAU_STAFF, region=county)
    for n in range(2):
        school = School.objects.create(name=f"赣榆第{n + 1}小学", code=f"GY-{n}", region=county, has_primary=True)
        make_user(f"ganyu_school_{n}", Role.SCHOOL_STAFF, school=school)
        for m in range(3):
            teacher = make_teacher(school, f"教师{n}{m}", serving_since=today - dt.timedelta(days=1500))
            if m < 2:
                Certificate.objects.create(
                    holder=teacher, kind="qualification", number=f"GY{n}{m}", issuer=county,
                    issued_on=today - dt.timedelta(days=100), valid_until=today + dt.timedelta(days=900), evidence="x",
                )  # fmt: skip
        make_user(f"ganyu_teacher_{n}", teacher=make_teacher(school, f"普通教师{n}"))

    created = demo.seed(county, today)
    assert created > 0
    call = HonourCall.objects.get()
    assert call.status == "publicity" and call.region == county
    nominations = Nomination.objects.filter(call=call)
    assert nominations.count() == 4  # two eligible head teachers in each school; the uncertified are not nominated
    assert set(nominations.values_list("status", flat=True)) == {"proposed", "not_selected"}
    assert HonourObjection.objects.filter(nomination__call=call, status="open").count() == 1
    assert demo.seed(county, today) == 0
    page = client_for(bureau).get(f"/corps/honours/{call.uid}/")
    assert page.status_code == 200 and "该同志本学年曾请长假" in page.content.decode()
