"""The consent demo (issue 16 point 11): over the Ganyu class with pupils, a class consent for the semester
and one pupil's consent withdrawn, so one photo is allowed and one refused; idempotent."""

import datetime as dt

import pytest
from django.utils import timezone

from hts.accounts.models import Role, User
from hts.classwork.models import Pupil
from hts.org.models import Region, School, SchoolClass
from hts.portal.exposure import demo
from hts.portal.exposure.api import photo_decision
from hts.portal.models import GuardianConsent
from testkit import make_region, make_school_year, make_teacher, make_user

TODAY = dt.date(2026, 11, 16)


@pytest.mark.django_db
def test_the_demo_allows_a_class_photo_and_refuses_the_withdrawn_pupils(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    province = make_region("江苏省", "320000", Region.Kind.PROVINCE)
    city = make_region("连云港市", "320700", Region.Kind.CITY, province)
    county = make_region("赣榆县", demo.COUNTY_CODE, Region.Kind.DISTRICT, city)
    make_school_year(county, 2026)
    school = School.objects.create(name="赣榆县实验小学", code="GY-01", region=county, has_primary=True)
    head = make_teacher(school, "孙立新")
    make_user("ganyu_teacher", teacher=head)
    school_class = SchoolClass.objects.create(school=school, stage="primary", grade=3, name="1班", head_teacher=head)
    for name in ("陈雨桐", demo.WITHDRAWN_PUPIL):
        Pupil.objects.create(school_class=school_class, name=name, gender="F")
    assert demo.seed(TODAY) == 2
    assert demo.seed(TODAY) == 0
    _, pupil = demo.demo_class_and_withdrawn_pupil()
    assert GuardianConsent.objects.get(pupil=pupil).withdrawn_on == TODAY
    allowed = photo_decision(shows_pupils=True, on=TODAY, school_class_id=school_class.pk)
    refused = photo_decision(shows_pupils=True, on=TODAY, pupils=[pupil])
    assert allowed.allowed and allowed.consent.semester.starts_on <= TODAY
    assert not refused.allowed and refused.reason


@pytest.mark.django_db
def test_over_the_seeded_ganyu_county_the_demo_finds_its_class_and_pupil():
    from hts.demo.ganyu import seed_ganyu
    from hts.demo.portal import PORTAL_DEMOS

    # What seed_demo has made before the county: its system administrator sets the county's policy.
    User.objects.filter(pk=make_user("admin", Role.SYSTEM_ADMIN).pk).update(is_superuser=True)
    today = timezone.localdate()
    seed_ganyu(today)
    assert demo.seed in PORTAL_DEMOS
    assert demo.seed(today) == 2
    school_class, pupil = demo.demo_class_and_withdrawn_pupil()
    class_consent = GuardianConsent.objects.get(school_class=school_class)
    taken_on = min(today, class_consent.semester.ends_on)
    assert photo_decision(shows_pupils=True, on=taken_on, school_class_id=school_class.pk).allowed
    assert not photo_decision(shows_pupils=True, on=taken_on, pupils=[pupil]).allowed


@pytest.mark.django_db
def test_in_the_demo_no_name_shows_until_a_consent_covers_names(monkeypatch):
    """The demo's class form covers photos only and 赵一鸣's own (photos and names) is withdrawn: both
    pupils' names stay masked; a consent for photos and names lets 陈雨桐's show."""
    from hts.portal.exposure.api import names_consented
    from hts.portal.exposure.services import consent_record

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    province = make_region("江苏省", "320000", Region.Kind.PROVINCE)
    city = make_region("连云港市", "320700", Region.Kind.CITY, province)
    county = make_region("赣榆县", demo.COUNTY_CODE, Region.Kind.DISTRICT, city)
    make_school_year(county, 2026)
    school = School.objects.create(name="赣榆县实验小学", code="GY-01", region=county, has_primary=True)
    head = make_teacher(school, "孙立新")
    user = make_user("ganyu_teacher", teacher=head)
    school_class = SchoolClass.objects.create(school=school, stage="primary", grade=3, name="1班", head_teacher=head)
    chen = Pupil.objects.create(school_class=school_class, name="陈雨桐", gender="F")
    Pupil.objects.create(school_class=school_class, name=demo.WITHDRAWN_PUPIL, gender="M")
    assert demo.seed(TODAY) == 2
    names = {"陈雨桐", demo.WITHDRAWN_PUPIL}
    assert names_consented([school.pk], names, on=TODAY) == {}
    own = consent_record(actor=user, school_class=school_class, scope="photos_names", given_on=TODAY, pupil=chen)
    assert names_consented([school.pk], names, on=TODAY) == {"陈雨桐": own}
