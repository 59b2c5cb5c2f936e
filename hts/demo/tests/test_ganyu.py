"""The Ganyu demo county (issue 14 point 10): built once and again without a new record, every
certificate state present, and each Ganyu account signs in and reaches its corps pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from hts.accounts.models import Role, RoleAssignment, User
from hts.classwork.models import LeftBehindFile, LogEntry, Pupil
from hts.core.models import AuditEntry
from hts.corps.certificates.models import Certificate, CertificateState
from hts.corps.certificates.selectors import with_states
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
from hts.corps.gates.selectors import calendar_years, share_status, teacher_gates
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
from hts.demo.ganyu import ACCOUNT_LABELS, CORPS_DEMOS, seed_ganyu
from hts.demo.management.commands.seed_demo import accounts_banner
from hts.notifications.models import Notification
from hts.org.models import HeadTeacherService, Region, School, SchoolClass, Teacher
from testkit import make_user

COUNTY = "320721"
MODELS = [Region, School, Teacher, HeadTeacherService, SchoolClass, User, RoleAssignment, CorpsPolicy]
MODELS += [Certificate, Certificate.history.model, CreditedService, ExcellentShare, ExcellentCount]
MODELS += [ChiefHeadTeacher, MentorPair, GuidanceSession, AuditEntry, Notification]


@pytest.fixture
def county(db: Any) -> Region:
    # What seed_demo has made before the county: its system administrator sets the county's policy.
    User.objects.filter(pk=make_user("admin", Role.SYSTEM_ADMIN).pk).update(is_superuser=True)
    seed_ganyu(timezone.localdate())
    return Region.objects.get(code=COUNTY)


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


def _get(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_county_is_on_the_ganyu_template_and_a_second_run_creates_nothing(county: Region) -> None:
    assert [r.name for r in Region.objects.filter(path__in=["/320000/", "/320000/320700/"])] == ["江苏省", "连云港市"]
    assert county.name == "赣榆县" and county.bureau.name == "赣榆县教育局"
    assert Region.objects.filter(parent=county, kind="township", name__endswith="镇").count() >= 3
    policy = policy_for(county)
    assert policy is not None and policy.template == "ganyu" and policy.title_min_service_years == 2
    schools = School.objects.filter(region__path__startswith=county.path)
    assert schools.filter(village=True).count() >= 3 and schools.filter(village=False).count() == 1
    counts = [model.objects.count() for model in MODELS]
    assert seed_ganyu(timezone.localdate()) == 0
    assert [model.objects.count() for model in MODELS] == counts


def test_the_corps_part_seeds_are_one_list_each_creating_nothing_the_second_time(county: Region) -> None:
    assert [seed.__module__ for seed in CORPS_DEMOS] == [
        "hts.corps.certificates.demo",
        "hts.corps.gates.demo",
        "hts.corps.structure.demo",
        "hts.corps.trainee.demo",
        "hts.corps.training.demo",
        "hts.corps.appointment.demo",
        "hts.corps.ranks.demo",
        "hts.corps.honours.demo",
        "hts.classwork.demo",
        "hts.evaluation.demo",  # the school's monthly round proposing items from that log
    ]
    assert all(seed(county, timezone.localdate()) == 0 for seed in CORPS_DEMOS)


def test_a_county_class_keeps_pupils_and_a_work_log_by_its_head_teacher(county: Region) -> None:
    pupils = Pupil.objects.filter(school_class__school__region__path__startswith=county.path)
    assert pupils.exists()
    school_class = pupils.first().school_class  # type: ignore[union-attr]
    assert LogEntry.objects.filter(school_class=school_class).exists()
    # Its two left-behind pupils have their files (issue 15 point 3).
    assert LeftBehindFile.objects.filter(pupil__school_class=school_class, pupil__left_behind=True).count() == 2


def test_certificates_are_in_every_state_with_the_reason_and_the_reinstatement_kept(county: Region) -> None:
    certificates = with_states(list(Certificate.objects.filter(issuer=county).select_related("issuer")))
    states = {c.current_state for c in certificates}  # type: ignore[attr-defined]
    assert set(CertificateState.values) <= states
    revoked = [c for c in certificates if c.current_state == CertificateState.REVOKED]  # type: ignore[attr-defined]
    # A revocation the demo cannot back with a confirmed failing year does not claim one.
    assert all("申报材料" in c.revocation_reason and "考评不合格" not in c.revocation_reason for c in revoked)
    reinstated = [
        c
        for c in certificates
        if c.revoked_at is None and c.history.filter(revoked_at__isnull=False).exists()  # type: ignore[attr-defined]
    ]
    assert reinstated and reinstated[0].history.filter(history_change_reason__contains="恢复").exists()  # type: ignore[attr-defined]
    expiring = Certificate.objects.get(holder__user__username="ganyu_teacher", kind="qualification")
    assert with_states([expiring])[0].current_state == CertificateState.EXPIRING  # type: ignore[attr-defined]


def test_gates_show_closed_and_open_and_the_share_met_and_missed(county: Region) -> None:
    today = timezone.localdate()
    young = Teacher.objects.get(user__username="ganyu_young")
    gates = {gate.code: gate for gate in teacher_gates(young, today)}
    assert not gates["title"].open and not gates["promotion"].open
    senior = Teacher.objects.get(user__username="ganyu_teacher")
    assert all(gate.open for gate in teacher_gates(senior, today))
    credited = list(CreditedService.objects.filter(school__region__path__startswith=county.path))
    assert len(credited) == 2
    assert all(gate.open for gate in teacher_gates(credited[0].teacher, today) if gate.code == "title")
    schools = School.objects.filter(region__path__startswith=county.path).order_by("code")
    met = [share_status(s, calendar_years(s), today).met for s in schools]
    assert True in met and False in met


def test_a_chief_and_two_pairs_with_guidance_sessions(county: Region) -> None:
    school = School.objects.get(code="GY-01")
    chief = ChiefHeadTeacher.objects.get(school=school, ended_on__isnull=True)
    assert chief.teacher.user.username == "ganyu_chief"  # type: ignore[attr-defined]
    pairs = list(MentorPair.objects.filter(school=school).select_related("mentor", "mentee"))
    assert len(pairs) == 2
    assert {pair.mentee.name for pair in pairs} >= {Teacher.objects.get(user__username="ganyu_young").name}
    assert all(pair.sessions.exists() for pair in pairs) or timezone.localdate() < dt.date(2026, 9, 20)
    assert SchoolClass.objects.filter(school=school, deputy__isnull=False, head_teacher__isnull=False).exists()


def test_every_class_names_the_one_head_teacher_serving_on_it(county: Region) -> None:
    """The class pages, profiles, gates, archive and roll read one story: a class's head teacher has
    the one current service period on it, and nobody else has one there."""
    today = timezone.localdate()
    current = list(
        HeadTeacherService.objects.filter(school__region__path__startswith=county.path, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("teacher_id", "school_class_id")
    )
    classes = list(SchoolClass.objects.filter(school__region__path__startswith=county.path))
    assert {head for head in (c.head_teacher_id for c in classes) if head} == {teacher for teacher, _c in current}
    for school_class in classes:
        serving = [teacher for teacher, class_id in current if class_id == school_class.pk]
        assert serving == ([school_class.head_teacher_id] if school_class.head_teacher_id else []), str(school_class)
    # The story's turns: 王晓萌 keeps her class; 孙立新 and 徐海燕 left theirs for the appointed ones.
    young = Teacher.objects.get(user__username="ganyu_young")
    assert SchoolClass.objects.filter(head_teacher=young).count() == 1
    for username in ("ganyu_teacher", "ganyu_chief"):
        head = SchoolClass.objects.get(head_teacher__user__username=username)
        assert head.grade <= 2, username  # a post of the appointment demo


# Each account and the corps pages it reaches: (username, pages, text on the first one).
PAGES = [
    ("ganyu_bureau", ["/corps/policy/", "/corps/certificates/", "/corps/gates/"], "赣榆县"),
    ("ganyu_school", ["/corps/gates/", "/corps/structure/", "/corps/certificates/"], "赣榆县实验小学"),
    ("ganyu_chief", ["/corps/certificates/", "/corps/structure/mine/"], "任职资格证"),
    ("ganyu_teacher", ["/corps/certificates/", "/corps/structure/mine/"], "任职资格证"),
    ("ganyu_young", ["/corps/structure/mine/", "/corps/certificates/"], "孙立新"),
    ("ganyu_plain", ["/corps/certificates/"], "班主任"),
]


@pytest.mark.parametrize(("username", "pages", "text"), PAGES)
def test_each_ganyu_account_signs_in_and_reaches_its_corps_pages(
    county: Region, username: str, pages: list[str], text: str
) -> None:
    client = _sign_in(username)
    assert "，您好" in _get(client, "/home/")
    assert text in _get(client, pages[0])
    for url in pages[1:]:
        _get(client, url)
    user = User.objects.get(username=username)
    if user.teacher_id:
        profile = _get(client, f"/org/teachers/{user.teacher.uid}/")  # type: ignore[union-attr]
        assert user.teacher.name in profile  # type: ignore[union-attr]


def test_the_bureau_reaches_a_schools_gates_and_a_revoked_certificate_with_its_reason(county: Region) -> None:
    client = _sign_in("ganyu_bureau")
    school = School.objects.get(code="GY-01")
    assert "王晓萌" in _get(client, f"/corps/gates/{school.uid}/")
    revoked = Certificate.objects.filter(issuer=county, revoked_at__isnull=False).first()
    assert revoked is not None and revoked.revocation_reason in _get(client, f"/corps/certificates/{revoked.uid}/")


def test_the_plain_teacher_is_refused_the_staff_pages(county: Region) -> None:
    client = _sign_in("ganyu_plain")
    assert client.get("/corps/policy/").status_code == 403
    assert client.get("/corps/gates/").status_code == 403
    assert client.get("/corps/structure/").status_code == 403


def test_the_ganyu_accounts_are_in_the_banner_and_the_readme() -> None:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    banner = accounts_banner()
    for username in ACCOUNT_LABELS:
        assert f"`{username}`" in readme and username in banner
