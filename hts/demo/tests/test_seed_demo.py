import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from hts.accounts.models import User
from hts.corps.certificates.models import Certificate
from hts.corps.gates.models import CreditedService, ExcellentCount
from hts.corps.structure.models import GuidanceSession, MentorPair
from hts.org.calendar import semester_on
from hts.org.models import HeadTeacherService, Honour, Region, School, SchoolYear, Semester, Teacher


def _corps_counts() -> list[int]:
    return [
        model.objects.count() for model in (Certificate, CreditedService, ExcellentCount, MentorPair, GuidanceSession)
    ]


def test_seed_demo_builds_a_city_and_is_idempotent(db: Any, settings: Any) -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "city_admin" in out.getvalue() and settings.DEMO_PASSWORD in out.getvalue()
    counts = (
        Region.objects.count(),
        School.objects.count(),
        Teacher.objects.count(),
        HeadTeacherService.objects.count(),
        SchoolYear.objects.count(),
        Semester.objects.count(),
        *_corps_counts(),
    )
    shenzhen = "/440000/"
    assert Region.objects.filter(kind="district", path__startswith=shenzhen).count() == 6
    # 深圳市's three school years (its districts inherit them), and 赣榆县's own three.
    assert SchoolYear.objects.filter(region__code="440300").count() == 3
    assert Semester.objects.filter(school_year__region__code="440300").count() == 6
    assert SchoolYear.objects.filter(region__code="320721").count() == 3
    term = semester_on(Region.objects.get(code="440304"), dt.date(2026, 3, 2))
    assert term is not None and term.kind == "spring" and term.school_year.label == "2025—2026学年"
    assert Region.objects.filter(kind="township").exists()
    assert 30 <= School.objects.filter(region__path__startswith=shenzhen).count() <= 40
    assert 280 <= Teacher.objects.filter(school__region__path__startswith=shenzhen).count() <= 400
    assert Honour.objects.exists()
    assert School.objects.filter(city_direct=True).exists() and School.objects.filter(village=True).exists()
    for stage in ("primary", "junior", "senior"):
        assert School.objects.filter(**{f"has_{stage}": True}).exists()

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "(0 new records)" in again.getvalue()
    assert counts == (
        Region.objects.count(),
        School.objects.count(),
        Teacher.objects.count(),
        HeadTeacherService.objects.count(),
        SchoolYear.objects.count(),
        Semester.objects.count(),
        *_corps_counts(),
    )


def test_every_demo_account_signs_in_and_sees_its_home_page(db: Any, settings: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    expected = {"admin", "city_admin", "district_admin", "school_admin", "legal_rep", "teacher"}
    assert expected <= set(User.objects.values_list("username", flat=True))
    for username in sorted(expected):
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, username
        home = client.get("/home/")
        assert home.status_code == 200
        assert "，您好" in home.content.decode()
    teacher = User.objects.get(username="teacher")
    assert teacher.teacher is not None and teacher.teacher.service_records.filter(ended_on__isnull=True).exists()
