"""The studio guards `can_<verb>(obj, user) -> (bool, reason)`, each both ways; the page that shows
a guard's reason; and the region rule of joining, refused by the service and seen through the page."""

from __future__ import annotations

import pytest
from django.utils import translation

from hts.accounts.models import User
from hts.core.workflow import TransitionRefused
from hts.org.models import Region, School
from hts.studios import guards, services
from hts.studios.memberships import services as membership_services
from hts.studios.models import Batch, Membership, Studio, Tier
from hts.studios.tests.test_team import _applied, _batch, _evaluated, _fresh, _place, _studio, _teacher
from testkit import World, client_for, make_region, make_user


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


@pytest.fixture
def batch(world: World) -> Batch:
    return _batch(world)


@pytest.fixture
def studio(world: World, batch: Batch) -> Studio:
    return _studio(batch, world.teacher_a)


@pytest.fixture
def host(world: World, studio: Studio) -> User:
    return _fresh(world.teacher_user)


def _refused(answer: guards.Answer, words: str) -> None:
    ok, reason = answer
    assert not ok
    assert words in reason


# Admit, evaluate, approve --------------------------------------------------------------------------


def test_can_admit_an_application_for_the_host_and_the_bureau(world: World, studio: Studio, host: User) -> None:
    applied = _applied(studio, world.school_b)
    assert guards.can_admit(applied, host) == (True, "")
    assert guards.can_admit(applied, world.city_staff) == (True, "")


def test_can_admit_refuses_a_member_an_outside_bureau_and_an_admitted_one(
    world: World, studio: Studio, host: User
) -> None:
    applied = _applied(studio, world.school_b)
    member = make_user("member", teacher=_place(studio, world.school_b).teacher)
    _refused(guards.can_admit(applied, member), "主持人或教育局")
    membership_services.membership_admit(actor=host, membership=applied)
    _refused(guards.can_admit(applied, host), "此步骤不适用")


def test_can_admit_refuses_on_a_revoked_studio(world: World, studio: Studio, host: User) -> None:
    applied = _applied(studio, world.school_b)
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.REVOKED)
    applied.studio.refresh_from_db()
    ok, reason = guards.can_admit(applied, host)
    assert not ok and studio.name in reason


def test_can_evaluate_only_an_admitted_applicant(world: World, studio: Studio, host: User) -> None:
    applied = _applied(studio, world.school_b)
    _refused(guards.can_evaluate(applied, host), "此步骤不适用")
    membership_services.membership_admit(actor=host, membership=applied)
    assert guards.can_evaluate(applied, host) == (True, "")


def test_can_approve_is_the_bureaus(world: World, studio: Studio, host: User) -> None:
    evaluated = _evaluated(studio, world.school_b, host)
    assert guards.can_approve(evaluated, world.city_staff) == (True, "")
    _refused(guards.can_approve(evaluated, host), "教育局审核批准")
    _refused(guards.can_approve(evaluated, world.district_b_staff), "教育局审核批准")  # not the studio's district


def test_can_approve_refuses_an_application_not_yet_evaluated(world: World, studio: Studio, host: User) -> None:
    applied = _applied(studio, world.school_b)
    _refused(guards.can_approve(applied, world.city_staff), "此步骤不适用")


# Activate, assess, override ------------------------------------------------------------------------


def test_can_activate_an_approved_studio_for_the_bureau(world: World, studio: Studio) -> None:
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.APPROVED)
    studio.refresh_from_db()
    assert guards.can_activate(studio, world.city_staff) == (True, "")
    _refused(guards.can_activate(studio, _fresh(world.teacher_user)), "授牌")


def test_can_activate_refuses_a_studio_already_running(world: World, studio: Studio) -> None:
    _refused(guards.can_activate(studio, world.city_staff), "批准")
    with pytest.raises(TransitionRefused):
        services.studio_activate(actor=world.city_staff, studio=studio)


def test_can_assess_a_running_studio_for_the_bureau(world: World, studio: Studio, host: User) -> None:
    assert guards.can_assess(studio, world.city_staff) == (True, "")
    _refused(guards.can_assess(studio, host), "考核")


def test_can_assess_refuses_a_studio_not_started(world: World, studio: Studio) -> None:
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.APPROVED)
    studio.refresh_from_db()
    ok, reason = guards.can_assess(studio, world.city_staff)
    assert not ok and reason
    with pytest.raises(TransitionRefused):
        services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade="qualified")


def test_can_override_is_the_bureaus(world: World, studio: Studio, host: User) -> None:
    assert guards.can_override(studio, world.district_staff) == (True, "")
    _refused(guards.can_override(studio, host), "教育局")
    _refused(guards.can_override(studio, world.district_b_staff), "教育局")


# Rotate, graduate, leave ---------------------------------------------------------------------------


def test_can_rotate_out_a_member_for_the_host(world: World, studio: Studio, host: User) -> None:
    member = _place(studio, world.school_b)
    assert guards.can_rotate(member, host) == (True, "")


def test_can_rotate_refuses_a_mentor_and_the_host(world: World, studio: Studio, host: User) -> None:
    mentor = Membership.objects.create(
        studio=studio, role=Membership.Role.MENTOR, teacher=_teacher(world.school_b), status="active"
    )
    _refused(guards.can_rotate(mentor, host), "导师")
    host_membership = Membership.objects.get(studio=studio, role=Membership.Role.HOST)
    ok, _reason = guards.can_rotate(host_membership, host)
    assert not ok
    assert guards.can_leave(mentor, host) == (True, "")


def test_can_graduate_is_the_bureaus(world: World, studio: Studio, host: User) -> None:
    member = _place(studio, world.school_b)
    assert guards.can_graduate(member, world.city_staff) == (True, "")
    _refused(guards.can_graduate(member, host), "结业")


def test_can_graduate_refuses_a_member_who_already_left(world: World, studio: Studio, host: User) -> None:
    member = _place(studio, world.school_b)
    membership_services.membership_end(actor=host, membership=member, how="left", reason="调往外地")
    _refused(guards.can_graduate(member, world.city_staff), "此步骤不适用")


# The page shows the guard's answer -------------------------------------------------------------------


def test_the_host_sees_why_an_evaluated_member_waits_and_the_bureau_sees_the_button(
    world: World, studio: Studio, host: User
) -> None:
    evaluated = _evaluated(studio, world.school_b, host)
    url = f"/studios/{studio.uid}/"
    page = client_for(host).get(url).content.decode()
    assert 'data-testid="step-refused"' in page and "成员和导师由教育局审核批准。" in page
    assert f"/members/{evaluated.uid}/approve/" not in page
    bureau_page = client_for(world.city_staff).get(url).content.decode()
    assert f"{evaluated.uid}/approve/" in bureau_page
    assert "成员和导师由教育局审核批准。" not in bureau_page


def test_the_host_is_not_offered_graduation(world: World, studio: Studio, host: User) -> None:
    _place(studio, world.school_b)
    assert 'value="graduated"' not in client_for(host).get(f"/studios/{studio.uid}/").content.decode()
    assert 'value="graduated"' in client_for(world.city_staff).get(f"/studios/{studio.uid}/").content.decode()


# Joining obeys the region ------------------------------------------------------------------------------


@pytest.fixture
def district_studio(world: World) -> Studio:
    batch = services.batch_create(
        actor=world.district_staff,
        region=world.district_a,
        name="福田区第一批",
        tier=Tier.DISTRICT,
        start_year=2026,
        cycle_years=None,
        template="shenzhen",
    )
    return _studio(batch, world.teacher_a, name="福田区李红工作室")


def test_can_join_a_studio_of_ones_region(world: World, district_studio: Studio) -> None:
    assert guards.can_join(district_studio, _teacher(world.school_a2)) == (True, "")


def test_can_join_refuses_a_studio_of_another_district(world: World, district_studio: Studio) -> None:
    _refused(guards.can_join(district_studio, _teacher(world.school_b)), "本区域")


def test_a_teacher_of_another_city_cannot_join_by_the_studios_address(world: World, studio: Studio) -> None:
    other_city = make_region("广州市", "440100", Region.Kind.CITY, world.province)
    school = School.objects.create(name="广州第一中学", code="GZ-01", region=other_city, has_primary=True)
    teacher = _teacher(school)
    user = make_user("guangzhou", teacher=teacher)
    directory = client_for(user).get("/studios/join/").content.decode()
    assert studio.name not in directory  # the directory lists only the teacher's region's studios
    response = client_for(user).post(f"/studios/{studio.uid}/join/", {"statement": "希望加入"})
    assert response.status_code == 400
    assert "不在" in response.content.decode() and "本区域的工作室" in response.content.decode()
    assert not Membership.objects.filter(teacher=teacher).exists()


def test_a_teacher_of_another_district_cannot_join_a_district_studio(world: World, district_studio: Studio) -> None:
    teacher = _teacher(world.school_b)
    with pytest.raises(TransitionRefused, match="本区域"):
        membership_services.membership_apply(
            actor=make_user("nanshan", teacher=teacher), studio=district_studio, teacher=teacher
        )
    assert not Membership.objects.filter(teacher=teacher).exists()
