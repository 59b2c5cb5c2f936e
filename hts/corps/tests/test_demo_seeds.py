"""The corps parts' demo seeds (certificates, gates, structure) against a county built here: each
tells its story from what the county holds, and a second call creates nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hts.accounts.models import Role, User
from hts.corps.certificates import demo as certificates_demo
from hts.corps.certificates.models import Certificate, CertificateState
from hts.corps.certificates.selectors import with_states
from hts.corps.gates import demo as gates_demo
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
from hts.corps.gates.selectors import calendar_years, share_status, teacher_gates
from hts.corps.services import corps_policy_from_template
from hts.corps.structure import demo as structure_demo
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
from hts.org.models import Region, School, SchoolClass
from hts.studios.policy_templates import BUNDLES
from testkit import client_for, make_region, make_school_year, make_teacher, make_user

TODAY = timezone.localdate()
START = TODAY.year if TODAY.month >= 9 else TODAY.year - 1


@pytest.fixture
def county(db: Any) -> Region:
    province = make_region("江苏省", "320000", Region.Kind.PROVINCE)
    city = make_region("连云港市", "320700", Region.Kind.CITY, province)
    county = make_region("赣榆县", "320721", Region.Kind.DISTRICT, city)
    root = make_user("root", Role.SYSTEM_ADMIN)
    User.objects.filter(pk=root.pk).update(is_superuser=True)
    corps_policy_from_template(region=county, bundle=BUNDLES["ganyu"], actor=root)
    for start in (START - 1, START):
        make_school_year(county, start)
    town = make_region("青口镇", "320721100", Region.Kind.TOWNSHIP, county)
    school = School.objects.create(name="县实验小学", code="T-01", region=town, has_primary=True)
    village = School.objects.create(name="镇中心小学", code="T-02", region=town, has_primary=True, village=True)
    heads = []
    for index, years in enumerate([16, 9, 1, 7, 5, 12, 6, 8]):
        heads.append(make_teacher(school, f"班主任{index}", serving_since=dt.date(START - years, 9, 1)))
    for index, years in enumerate([10, 1]):
        make_teacher(village, f"村小{index}", serving_since=dt.date(START - years, 9, 1))
    assistant = make_teacher(school, "助理")
    SchoolClass.objects.create(
        school=school, stage="primary", grade=2, name="1班", head_teacher=heads[2], deputy=assistant
    )
    make_user("bureau", Role.BUREAU_STAFF, region=county)
    make_user("office", Role.SCHOOL_STAFF, school=school)
    for index in (0, 1):
        make_user(f"mentor{index}", teacher=heads[index])
    make_user("young", teacher=heads[2])
    return county


def test_certificates_seed_issues_every_state_as_the_county_bureau(county: Region) -> None:
    created = certificates_demo.seed(county, TODAY)
    certificates = with_states(list(Certificate.objects.select_related("issuer")), TODAY)
    # A training certificate for the 10 head teachers and the assistant, a qualification for each head teacher.
    assert created == len(certificates) == 11 + 10
    assert {c.current_state for c in certificates} == set(CertificateState.values)  # type: ignore[attr-defined]
    assert {c.issued_by.username for c in certificates} == {"bureau"}  # type: ignore[union-attr]
    assert not Certificate.objects.filter(holder__name="助理", kind="qualification").exists()
    revoked = Certificate.objects.get(revoked_at__isnull=False)
    assert "申报材料" in revoked.revocation_reason and "考评不合格" not in revoked.revocation_reason
    reinstated = [c for c in certificates if c.revoked_at is None and c.history.filter(revoked_at__isnull=False)]
    assert len(reinstated) == 1
    # Written outside a request, the history still names the bureau's person on the certificate page.
    page = client_for(User.objects.get(username="bureau")).get(f"/corps/certificates/{reinstated[0].uid}/")
    history = page.content.decode().split('data-testid="certificate-history"')[1]
    assert history.count("bureau") == 3 and "—" not in history
    # Newest first: the reinstatement is named as such, above the revocation and the issue.
    assert history.index("已恢复：经复核") < history.index("已撤销：学校误报") < history.index("颁发")
    assert certificates_demo.seed(county, TODAY) == 0
    assert Certificate.objects.count() == 21


def test_gates_seed_sets_shares_counts_and_credits_young_head_teachers_without_an_account(county: Region) -> None:
    assert gates_demo.seed(county, TODAY) == 2 + 2 + 1
    assert ExcellentShare.objects.get(school__code="T-02").percent == 40  # village schools reserve more
    schools = list(School.objects.order_by("code"))
    assert [share_status(s, calendar_years(s), TODAY).met for s in schools] == [True, False]
    credited = list(CreditedService.objects.select_related("teacher"))
    # Only 村小1 is short of the years without an account (the young one with an account keeps a closed gate).
    assert [c.teacher.name for c in credited] == ["村小1"]
    assert {g.code: g.open for g in teacher_gates(credited[0].teacher, TODAY)}["title"]
    assert gates_demo.seed(county, TODAY) == 0
    assert (ExcellentShare.objects.count(), ExcellentCount.objects.count(), CreditedService.objects.count()) == (
        2,
        2,
        1,
    )


def test_structure_seed_names_the_chief_and_two_pairs_with_sessions_recorded_by_the_mentors(county: Region) -> None:
    created = structure_demo.seed(county, TODAY)
    chief = ChiefHeadTeacher.objects.select_related("teacher").get()
    assert chief.teacher.name == "班主任0" and chief.appointed_by.username == "office"  # type: ignore[union-attr]
    pairs = list(MentorPair.objects.select_related("mentor", "mentee").order_by("pk"))
    # The chief runs training: the other experienced head teacher with an account takes the first pair.
    assert [(p.mentor.name, p.mentee.name) for p in pairs] == [("班主任1", "班主任2"), ("班主任0", "助理")]
    sessions = list(GuidanceSession.objects.select_related("pair__mentor__user", "recorded_by"))
    assert sessions and all(s.recorded_by == s.pair.mentor.user for s in sessions)  # type: ignore[attr-defined]
    assert created == 1 + 2 + len(sessions)
    # The school's list says what its numbers are: sessions and hours, not a bare "7（4）".
    page = client_for(User.objects.get(username="office")).get(f"/corps/structure/school/{chief.school.uid}/")
    pairs_table = page.content.decode().split('data-testid="corps-pairs"')[1]
    assert f"{len(sessions) // 2} 次共" in pairs_table and "学时" in pairs_table
    assert structure_demo.seed(county, TODAY) == 0
    assert MentorPair.objects.count() == 2
