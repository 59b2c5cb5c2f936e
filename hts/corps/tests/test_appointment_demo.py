"""The demo story of competitive appointment: a completed round with letters, built once."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.corps.appointment import demo
from hts.corps.appointment.models import AppointmentRound, Letter
from hts.org.models import HeadTeacherService, Region, School
from testkit import make_region, make_teacher

pytestmark = pytest.mark.django_db


def test_seed_builds_a_completed_round_with_letters_once() -> None:
    province = make_region("江苏省", "320000", Region.Kind.PROVINCE)
    city = make_region("连云港市", "320700", Region.Kind.CITY, province)
    county = make_region("赣榆县", "320721", Region.Kind.DISTRICT, city)
    town = make_region("青口镇", "320721100", Region.Kind.TOWNSHIP, county)
    school = School.objects.create(name="青口镇中心小学", code="GY-01", region=town, has_primary=True, village=True)
    for n, year in enumerate((1970, 1978, 1985, 1995, 1999)):
        make_teacher(school, f"教师{n}", birth_year=year, serving_since=dt.date(2015, 9, 1) if n < 3 else None)
    today = dt.date(2026, 11, 27)
    created = demo.seed(county, today)
    assert created > 0
    rnd = AppointmentRound.objects.get()
    assert rnd.status == "letters" and rnd.term_from == dt.date(2026, 9, 1)
    assert Letter.objects.filter(round=rnd).count() == 4
    accepted = Letter.objects.filter(accepted_at__isnull=False)
    assert accepted.count() == 3
    for letter in accepted:
        assert HeadTeacherService.objects.filter(pk=letter.service_id, started_on=rnd.term_from).exists()
    assert demo.seed(county, today) == 0
    assert AppointmentRound.objects.count() == 1
