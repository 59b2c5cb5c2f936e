"""A studio's team through the services: members, mentors, the liaison, leaving and graduating."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from hts.accounts.models import User
from hts.core.models import AuditEntry
from hts.core.workflow import TransitionRefused, stale_message, transitions_of
from hts.org.models import Honour, School, Teacher
from hts.studios import selectors as studio_selectors
from hts.studios import services
from hts.studios.memberships import services as membership_services
from hts.studios.models import Batch, Membership, Studio, Tier
from testkit import World, make_teacher, make_user

_names = itertools.count(1)


def _messages(caught: pytest.ExceptionInfo[Any]) -> str:
    return " ".join(caught.value.messages)


def _has_number(message: str, number: int) -> bool:
    return re.search(rf"(?<!\d){number}(?!\d)", message) is not None


def _fresh(user: User) -> User:
    """A new object for the user, so the cached principal reflects roles gained since."""
    return User.objects.get(pk=user.pk)


def _teacher(school: School, *, city_honour: bool = False) -> Teacher:
    """A head teacher since 2015, so they meet the Shenzhen member standard."""
    teacher = make_teacher(school, f"教师{next(_names)}", serving_since=dt.date(2015, 9, 1))
    if city_honour:
        Honour.objects.create(teacher=teacher, title="市级优秀班主任", level="city", awarded_on=dt.date(2021, 9, 10))
    return teacher


def _batch(world: World, template: str = "shenzhen", name: str = "深圳市第三批") -> Batch:
    return services.batch_create(
        actor=world.city_staff,
        region=world.city,
        name=name,
        tier=Tier.CITY,
        start_year=2026,
        cycle_years=None,
        template=template,
    )


def _studio(batch: Batch, host: Teacher, name: str = "李红名班主任工作室") -> Studio:
    """An approved, started studio with its active host (the review is tested in test_lifecycle)."""
    studio = Studio.objects.create(
        batch=batch,
        name=name,
        stage="primary",
        theme="班级文化建设",
        plan="三年规划",
        host=host,
        host_school=host.school,
        status=Studio.Status.ACTIVE,
    )
    Membership.objects.create(
        studio=studio,
        role=Membership.Role.HOST,
        teacher=host,
        status=Membership.Status.ACTIVE,
        started_on=dt.date(2026, 9, 1),
    )
    return studio


def _place(studio: Studio, school: School, status: str = Membership.Status.ACTIVE, **extra: Any) -> Membership:
    """A member already holding a place (set up directly, not the subject of the test)."""
    return Membership.objects.create(
        studio=studio, role=Membership.Role.MEMBER, teacher=_teacher(school), status=status, **extra
    )


@pytest.fixture
def batch(world: World) -> Batch:
    return _batch(world)


@pytest.fixture
def studio(world: World, batch: Batch) -> Studio:
    return _studio(batch, world.teacher_a)


@pytest.fixture
def host(world: World, studio: Studio) -> User:
    return _fresh(world.teacher_user)


def _applied(studio: Studio, school: School, **kwargs: Any) -> Membership:
    teacher = _teacher(school, **kwargs)
    user = make_user(f"user{teacher.pk}", teacher=teacher)
    return membership_services.membership_apply(actor=user, studio=studio, teacher=teacher, statement="希望加入")


def _evaluated(studio: Studio, school: School, host: User) -> Membership:
    membership = _applied(studio, school)
    membership_services.membership_admit(actor=host, membership=membership)
    return membership_services.membership_evaluate(actor=host, membership=membership, evaluation="现场评估合格")


# Members join --------------------------------------------------------------------------------


def test_a_teacher_applies_admitted_evaluated_and_approved_becomes_an_active_member(
    world: World, studio: Studio, host: User
) -> None:
    teacher = _teacher(world.school_b)
    user = make_user("joiner", teacher=teacher)
    membership = membership_services.membership_apply(actor=user, studio=studio, teacher=teacher, statement="希望加入")
    assert (membership.status, membership.source, membership.role) == ("applied", "self", "member")
    membership_services.membership_admit(actor=host, membership=membership)
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ADMITTED
    membership_services.membership_evaluate(actor=host, membership=membership, evaluation="现场评估：优秀")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.EVALUATED
    assert membership.evaluation == "现场评估：优秀"
    membership_services.membership_approve(actor=world.district_staff, membership=membership)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.started_on is not None
    logged = [(t.from_state, t.to_state, t.actor) for t in transitions_of(membership)]
    assert logged == [
        ("", "applied", user),
        ("applied", "admitted", host),
        ("admitted", "evaluated", host),
        ("evaluated", "active", world.district_staff),
    ]


def test_school_staff_recommend_a_teacher_of_their_school(world: World, studio: Studio) -> None:
    teacher = _teacher(world.school_a)
    membership = membership_services.membership_apply(actor=world.school_staff, studio=studio, teacher=teacher)
    assert membership.source == Membership.Source.SCHOOL
    assert membership.status == Membership.Status.APPLIED


def test_it_refuses_school_staff_recommending_a_teacher_of_another_school(world: World, studio: Studio) -> None:
    teacher = _teacher(world.school_b)
    with pytest.raises(PermissionDenied):
        membership_services.membership_apply(actor=world.school_staff, studio=studio, teacher=teacher)
    assert not Membership.objects.filter(teacher=teacher).exists()


def test_it_refuses_a_teacher_applying_for_someone_else(world: World, studio: Studio) -> None:
    teacher = _teacher(world.school_b)
    with pytest.raises(PermissionDenied):
        membership_services.membership_apply(actor=world.outsider_teacher_user, studio=studio, teacher=teacher)


def test_it_refuses_a_member_below_the_standard_and_names_the_years(world: World, studio: Studio) -> None:
    novice = make_teacher(world.school_b, "新手", serving_since=dt.date(2025, 9, 1))
    with pytest.raises(TransitionRefused) as caught:
        membership_services.membership_apply(actor=make_user("novice", teacher=novice), studio=studio, teacher=novice)
    message = _messages(caught)
    assert gettext("Years as head teacher") in message
    assert _has_number(message, 3)
    assert not Membership.objects.filter(teacher=novice).exists()


def test_it_refuses_applying_twice_to_the_same_studio(world: World, studio: Studio) -> None:
    membership = _applied(studio, world.school_b)
    user = User.objects.get(teacher=membership.teacher)
    with pytest.raises(TransitionRefused):
        membership_services.membership_apply(actor=user, studio=studio, teacher=membership.teacher)
    assert Membership.objects.filter(teacher=membership.teacher).count() == 1


def test_it_refuses_joining_a_studio_not_yet_approved(world: World, batch: Batch) -> None:
    studio = _studio(batch, world.teacher_a)
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.UNDER_REVIEW)
    studio.refresh_from_db()
    teacher = _teacher(world.school_b)
    with pytest.raises(TransitionRefused):
        membership_services.membership_apply(actor=make_user("early", teacher=teacher), studio=studio, teacher=teacher)


# Composition limits ----------------------------------------------------------------------------


def test_it_refuses_admitting_a_ninth_member_and_names_the_counts(world: World, studio: Studio, host: User) -> None:
    for _ in range(8):
        _place(studio, world.school_b)
    ninth = _applied(studio, world.school_b)
    with pytest.raises(TransitionRefused) as caught:
        membership_services.membership_admit(actor=host, membership=ninth)
    message = _messages(caught)
    assert gettext("Members") in message
    assert _has_number(message, 9) and _has_number(message, 8)
    ninth.refresh_from_db()
    assert ninth.status == Membership.Status.APPLIED


def test_pending_applications_do_not_take_a_place(world: World, studio: Studio, host: User) -> None:
    for _ in range(7):
        _place(studio, world.school_b)
    waiting = [_applied(studio, world.school_b) for _ in range(3)]
    membership_services.membership_admit(actor=host, membership=waiting[0])
    with pytest.raises(TransitionRefused):
        membership_services.membership_admit(actor=host, membership=waiting[1])


def test_it_refuses_the_host_an_override_of_the_members_limit(world: World, studio: Studio, host: User) -> None:
    for _ in range(8):
        _place(studio, world.school_b)
    ninth = _applied(studio, world.school_b)
    with pytest.raises(TransitionRefused):
        membership_services.membership_admit(actor=host, membership=ninth, override_reason="我想多招一人")
    assert not AuditEntry.objects.filter(action="studios.rule.overridden").exists()


def test_bureau_staff_admit_beyond_the_limit_with_a_written_reason(world: World, studio: Studio, host: User) -> None:
    for _ in range(8):
        _place(studio, world.school_b)
    ninth = _applied(studio, world.school_b)
    membership_services.membership_admit(
        actor=world.city_staff, membership=ninth, override_reason="市局特批：乡村学校支持计划"
    )
    ninth.refresh_from_db()
    assert ninth.status == Membership.Status.ADMITTED
    assert ninth.override_reason == "市局特批：乡村学校支持计划"
    assert transitions_of(ninth).last().reason == "市局特批：乡村学校支持计划"
    entry = AuditEntry.objects.get(action="studios.rule.overridden")
    assert entry.actor == world.city_staff
    assert entry.changes["reason"] == [None, "市局特批：乡村学校支持计划"]
    membership_services.membership_evaluate(actor=host, membership=ninth, evaluation="合格")
    membership_services.membership_approve(
        actor=world.city_staff, membership=ninth, override_reason="市局特批：乡村学校支持计划"
    )
    ninth.refresh_from_db()
    assert ninth.status == Membership.Status.ACTIVE
    assert ninth.override_reason == "市局特批：乡村学校支持计划"


def test_it_refuses_a_third_member_from_the_host_school(world: World, studio: Studio, host: User) -> None:
    _place(studio, world.school_a)
    _place(studio, world.school_a)
    third = _applied(studio, world.school_a)
    with pytest.raises(TransitionRefused) as caught:
        membership_services.membership_admit(actor=host, membership=third)
    message = _messages(caught)
    assert _has_number(message, 3) and _has_number(message, 2)
    other_school = _applied(studio, world.school_a2)
    membership_services.membership_admit(actor=host, membership=other_school)
    assert Membership.objects.get(pk=other_school.pk).status == Membership.Status.ADMITTED


def test_it_refuses_joining_a_second_studio_of_the_same_batch(world: World, batch: Batch, studio: Studio) -> None:
    other = _studio(batch, world.teacher_b, "王明名班主任工作室")
    membership = _place(studio, world.school_a2)
    user = make_user("twice", teacher=membership.teacher)
    with pytest.raises(TransitionRefused):
        membership_services.membership_apply(actor=user, studio=other, teacher=membership.teacher)
    assert not Membership.objects.filter(studio=other, teacher=membership.teacher).exists()


def test_a_policy_allowing_several_studios_lets_a_member_join_two(world: World, batch: Batch, studio: Studio) -> None:
    services.batch_policy_update(actor=world.city_staff, batch=batch, data={"single_studio_per_batch": False})
    batch.refresh_from_db()
    other = _studio(Batch.objects.get(pk=batch.pk), world.teacher_b, "王明名班主任工作室")
    membership = _place(studio, world.school_a2)
    user = make_user("twice", teacher=membership.teacher)
    joined = membership_services.membership_apply(actor=user, studio=other, teacher=membership.teacher)
    assert joined.status == Membership.Status.APPLIED


def test_a_member_who_left_may_join_another_studio_of_the_batch(world: World, batch: Batch, studio: Studio) -> None:
    other = _studio(batch, world.teacher_b, "王明名班主任工作室")
    membership = _place(studio, world.school_a2, status=Membership.Status.LEFT)
    user = make_user("moved", teacher=membership.teacher)
    joined = membership_services.membership_apply(actor=user, studio=other, teacher=membership.teacher)
    assert joined.status == Membership.Status.APPLIED


# Mentors -----------------------------------------------------------------------------------------


def test_the_host_invites_a_teacher_as_mentor_and_the_bureau_approves(world: World, studio: Studio, host: User) -> None:
    mentor = membership_services.mentor_invite(actor=host, studio=studio, teacher=world.teacher_b)
    assert (mentor.role, mentor.status, mentor.source) == ("mentor", "invited", "invited")
    membership_services.membership_approve(actor=world.city_staff, membership=mentor)
    mentor.refresh_from_db()
    assert mentor.status == Membership.Status.ACTIVE
    assert [(t.from_state, t.to_state) for t in transitions_of(mentor)] == [("", "invited"), ("invited", "active")]


def test_the_host_invites_an_external_mentor_by_name(world: World, studio: Studio, host: User) -> None:
    mentor = membership_services.mentor_invite(
        actor=host, studio=studio, external_name=" 陈教授 ", external_affiliation="深圳大学教育学部 教授"
    )
    assert mentor.teacher is None
    assert mentor.external_name == "陈教授"
    assert mentor.person_name == "陈教授"


def test_it_refuses_a_mentor_without_a_teacher_or_a_name(world: World, studio: Studio, host: User) -> None:
    with pytest.raises(ValidationError):
        membership_services.mentor_invite(actor=host, studio=studio, external_name="  ")
    assert not Membership.objects.filter(role=Membership.Role.MENTOR).exists()


def test_it_refuses_a_mentor_beyond_the_maximum(world: World, studio: Studio, host: User) -> None:
    membership_services.mentor_invite(actor=host, studio=studio, external_name="陈教授")
    with pytest.raises(TransitionRefused) as caught:
        membership_services.mentor_invite(actor=host, studio=studio, external_name="刘教授")
    message = _messages(caught)
    assert gettext("Mentors") in message
    assert _has_number(message, 2) and _has_number(message, 1)
    assert Membership.objects.filter(role=Membership.Role.MENTOR).count() == 1


def test_a_refused_mentor_frees_the_place(world: World, studio: Studio, host: User) -> None:
    first = membership_services.mentor_invite(actor=host, studio=studio, external_name="陈教授")
    membership_services.membership_refuse(actor=host, membership=first, reason="时间冲突")
    second = membership_services.mentor_invite(actor=host, studio=studio, external_name="刘教授")
    assert second.status == Membership.Status.INVITED


def test_zaozhuang_allows_up_to_five_mentors(world: World) -> None:
    studio = _studio(_batch(world, "zaozhuang", "枣庄市第一批"), world.teacher_a)
    host = _fresh(world.teacher_user)
    for name in ("甲", "乙", "丙", "丁", "戊"):
        membership_services.mentor_invite(actor=host, studio=studio, external_name=f"{name}导师")
    with pytest.raises(TransitionRefused):
        membership_services.mentor_invite(actor=host, studio=studio, external_name="己导师")


# Liaison -----------------------------------------------------------------------------------------


def test_the_host_designates_one_liaison_and_a_second_is_refused(world: World, studio: Studio, host: User) -> None:
    first, second = _place(studio, world.school_b), _place(studio, world.school_b)
    membership_services.membership_set_liaison(actor=host, membership=first, is_liaison=True)
    assert Membership.objects.get(pk=first.pk).is_liaison
    with pytest.raises(TransitionRefused) as caught:
        membership_services.membership_set_liaison(actor=host, membership=second, is_liaison=True)
    assert gettext("Liaisons") in _messages(caught)
    assert not Membership.objects.get(pk=second.pk).is_liaison


def test_designating_the_same_liaison_again_is_not_counted_twice(world: World, studio: Studio, host: User) -> None:
    first = _place(studio, world.school_b)
    membership_services.membership_set_liaison(actor=host, membership=first, is_liaison=True)
    membership_services.membership_set_liaison(
        actor=host, membership=Membership.objects.get(pk=first.pk), is_liaison=True
    )
    assert Membership.objects.get(pk=first.pk).is_liaison


def test_the_liaison_can_be_handed_over(world: World, studio: Studio, host: User) -> None:
    first, second = _place(studio, world.school_b), _place(studio, world.school_b)
    membership_services.membership_set_liaison(actor=host, membership=first, is_liaison=True)
    membership_services.membership_set_liaison(
        actor=host, membership=Membership.objects.get(pk=first.pk), is_liaison=False
    )
    membership_services.membership_set_liaison(actor=host, membership=second, is_liaison=True)
    assert list(Membership.objects.filter(is_liaison=True)) == [Membership.objects.get(pk=second.pk)]


def test_it_refuses_a_liaison_who_is_not_an_active_member(world: World, studio: Studio, host: User) -> None:
    pending = _applied(studio, world.school_b)
    with pytest.raises(TransitionRefused):
        membership_services.membership_set_liaison(actor=host, membership=pending, is_liaison=True)


# Leaving, rotation, graduation -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["left", "rotated_out"])
def test_it_refuses_leaving_or_rotation_without_a_reason(world: World, studio: Studio, host: User, how: str) -> None:
    membership = _place(studio, world.school_b)
    with pytest.raises(ValidationError):
        membership_services.membership_end(actor=host, membership=membership, how=how, reason="  ")
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ACTIVE


@pytest.mark.parametrize("how", ["left", "rotated_out"])
def test_the_host_records_leaving_or_rotation_with_a_reason(world: World, studio: Studio, host: User, how: str) -> None:
    membership = _place(studio, world.school_b, is_liaison=True)
    membership_services.membership_end(actor=host, membership=membership, how=how, reason="学期考核不合格")
    membership.refresh_from_db()
    assert membership.status == how
    assert membership.ended_on is not None
    assert not membership.is_liaison
    assert transitions_of(membership).last().reason == "学期考核不合格"


def test_a_member_who_left_frees_a_place(world: World, studio: Studio, host: User) -> None:
    placed = [_place(studio, world.school_b) for _ in range(8)]
    membership_services.membership_end(actor=host, membership=placed[0], how="left", reason="调往外地")
    replacement = _applied(studio, world.school_b)
    membership_services.membership_admit(actor=host, membership=replacement)
    assert Membership.objects.get(pk=replacement.pk).status == Membership.Status.ADMITTED


def test_it_refuses_graduation_by_the_host(world: World, studio: Studio, host: User) -> None:
    membership = _place(studio, world.school_b)
    with pytest.raises(PermissionDenied):
        membership_services.membership_end(actor=host, membership=membership, how="graduated")
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ACTIVE


def test_the_bureau_graduates_a_member_with_a_title_the_policy_grants(world: World) -> None:
    studio = _studio(_batch(world, "zaozhuang", "枣庄市第一批"), world.teacher_a)
    membership = _place(studio, world.school_b)
    membership_services.membership_end(
        actor=world.city_staff, membership=membership, how="graduated", title="骨干班主任"
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.GRADUATED
    assert membership.graduation_title == "骨干班主任"


def test_it_refuses_a_title_the_policy_does_not_grant(world: World) -> None:
    studio = _studio(_batch(world, "zaozhuang", "枣庄市第一批"), world.teacher_a)
    membership = _place(studio, world.school_b)
    with pytest.raises(ValidationError) as caught:
        membership_services.membership_end(
            actor=world.city_staff, membership=membership, how="graduated", title="十佳班主任"
        )
    assert "优秀班主任" in _messages(caught) and "骨干班主任" in _messages(caught)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.graduation_title == ""


def test_it_refuses_any_title_when_the_policy_grants_none(world: World, studio: Studio) -> None:
    membership = _place(studio, world.school_b)
    with pytest.raises(ValidationError):
        membership_services.membership_end(
            actor=world.city_staff, membership=membership, how="graduated", title="优秀班主任"
        )
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ACTIVE


def test_it_refuses_a_title_to_a_member_who_leaves(world: World) -> None:
    studio = _studio(_batch(world, "zaozhuang", "枣庄市第一批"), world.teacher_a)
    membership = _place(studio, world.school_b)
    with pytest.raises(ValidationError):
        membership_services.membership_end(
            actor=world.city_staff, membership=membership, how="left", reason="调动", title="优秀班主任"
        )


def test_a_zaozhuang_trainee_needs_a_city_honour(world: World) -> None:
    studio = _studio(_batch(world, "zaozhuang", "枣庄市第一批"), world.teacher_a)
    plain = _teacher(world.school_b)
    with pytest.raises(TransitionRefused) as caught:
        membership_services.membership_apply(actor=make_user("plain", teacher=plain), studio=studio, teacher=plain)
    assert gettext("Personal head-teacher honour") in _messages(caught)
    honoured = _applied(studio, world.school_b, city_honour=True)
    assert honoured.status == Membership.Status.APPLIED


# Concurrency and stale actions -------------------------------------------------------------------


def test_of_two_staff_approving_the_same_member_the_second_is_told_it_is_stale(
    world: World, studio: Studio, host: User
) -> None:
    membership = _evaluated(studio, world.school_b, host)
    first_copy = Membership.objects.get(pk=membership.pk)
    second_copy = Membership.objects.get(pk=membership.pk)
    membership_services.membership_approve(actor=world.city_staff, membership=first_copy)
    with pytest.raises(TransitionRefused) as caught:
        membership_services.membership_approve(actor=world.district_staff, membership=second_copy)
    assert _messages(caught) == stale_message()
    assert membership.history.filter(status=Membership.Status.ACTIVE).count() == 1
    assert [t.actor for t in transitions_of(membership) if t.to_state == "active"] == [world.city_staff]


def test_it_refuses_approving_an_application_that_was_refused(world: World, studio: Studio, host: User) -> None:
    membership = _evaluated(studio, world.school_b, host)
    membership_services.membership_refuse(actor=host, membership=membership, reason="名额已满")
    with pytest.raises(TransitionRefused):
        membership_services.membership_approve(
            actor=world.city_staff, membership=Membership.objects.get(pk=membership.pk)
        )
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.REFUSED


def test_it_refuses_approving_an_application_not_yet_evaluated(world: World, studio: Studio, host: User) -> None:
    membership = _applied(studio, world.school_b)
    with pytest.raises(TransitionRefused):
        membership_services.membership_approve(actor=world.city_staff, membership=membership)
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.APPLIED


def test_it_refuses_admitting_twice(world: World, studio: Studio, host: User) -> None:
    membership = _applied(studio, world.school_b)
    stale = Membership.objects.get(pk=membership.pk)
    membership_services.membership_admit(actor=host, membership=membership)
    with pytest.raises(TransitionRefused):
        membership_services.membership_admit(actor=host, membership=stale)


def test_it_refuses_a_refusal_without_a_reason(world: World, studio: Studio, host: User) -> None:
    membership = _applied(studio, world.school_b)
    with pytest.raises(ValidationError):
        membership_services.membership_refuse(actor=host, membership=membership, reason=" ")
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.APPLIED


# Who may act -------------------------------------------------------------------------------------


def test_it_refuses_admission_by_a_member_who_is_not_the_host(world: World, studio: Studio) -> None:
    member = _place(studio, world.school_b)
    member_user = make_user("member", teacher=member.teacher)
    applicant = _applied(studio, world.school_b)
    with pytest.raises(PermissionDenied):
        membership_services.membership_admit(actor=member_user, membership=applicant)
    assert Membership.objects.get(pk=applicant.pk).status == Membership.Status.APPLIED


def test_it_refuses_admission_by_the_host_of_another_studio(world: World, batch: Batch, studio: Studio) -> None:
    _studio(batch, world.teacher_b, "王明名班主任工作室")
    other_host = _fresh(world.outsider_teacher_user)
    applicant = _applied(studio, world.school_b)
    with pytest.raises(PermissionDenied):
        membership_services.membership_admit(actor=other_host, membership=applicant)


def test_it_refuses_approval_by_bureau_staff_of_another_district(world: World, studio: Studio, host: User) -> None:
    membership = _evaluated(studio, world.school_b, host)
    with pytest.raises(PermissionDenied):
        membership_services.membership_approve(actor=world.district_b_staff, membership=membership)
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.EVALUATED


def test_it_refuses_approval_by_the_host(world: World, studio: Studio, host: User) -> None:
    membership = _evaluated(studio, world.school_b, host)
    with pytest.raises(PermissionDenied):
        membership_services.membership_approve(actor=host, membership=membership)


def test_a_host_gains_team_rights_only_once_the_studio_is_approved(world: World, batch: Batch) -> None:
    studio = Studio.objects.create(
        batch=batch,
        name="尚未批准",
        stage="primary",
        theme="主题",
        plan="规划",
        host=world.teacher_a,
        host_school=world.school_a,
        status=Studio.Status.UNDER_REVIEW,
    )
    with pytest.raises(PermissionDenied):
        membership_services.mentor_invite(actor=_fresh(world.teacher_user), studio=studio, external_name="陈教授")


# Mentors leave, an override stays accepted, a revoked studio qualifies no one -------------------


@pytest.mark.parametrize("how", ["graduated", "rotated_out"])
def test_it_refuses_graduating_or_rotating_out_a_mentor(world: World, studio: Studio, host: User, how: str) -> None:
    """Mentors are invited, approved, and leave (models.py); graduation and rotation are for members."""
    mentor = membership_services.mentor_invite(actor=host, studio=studio, external_name="陈教授")
    membership_services.membership_approve(actor=world.city_staff, membership=mentor)
    mentor.refresh_from_db()
    with pytest.raises(ValidationError):
        membership_services.membership_end(actor=world.city_staff, membership=mentor, how=how, reason="周期结束")
    assert Membership.objects.get(pk=mentor.pk).status == Membership.Status.ACTIVE


def test_an_overridden_members_limit_does_not_block_inviting_a_mentor(world: World, studio: Studio, host: User) -> None:
    """The bureau accepted nine members in writing; the host's next, unrelated step must not be refused for it."""
    for _ in range(8):
        _place(studio, world.school_b)
    ninth = _applied(studio, world.school_b)
    membership_services.membership_admit(actor=world.city_staff, membership=ninth, override_reason="市局特批")
    mentor = membership_services.mentor_invite(actor=host, studio=studio, external_name="陈教授")
    assert mentor.status == Membership.Status.INVITED


def test_an_overridden_members_limit_does_not_block_designating_the_liaison(
    world: World, studio: Studio, host: User
) -> None:
    placed = [_place(studio, world.school_b) for _ in range(8)]
    ninth = _applied(studio, world.school_b)
    membership_services.membership_admit(actor=world.city_staff, membership=ninth, override_reason="市局特批")
    membership_services.membership_set_liaison(actor=host, membership=placed[0], is_liaison=True)
    assert Membership.objects.get(pk=placed[0].pk).is_liaison


def test_the_host_of_a_revoked_district_studio_no_longer_qualifies_as_a_lower_studio_host(
    world: World, studio: Studio
) -> None:
    """Member standard (003): 3 years as head teacher, or host of a district/school studio. A revoked one does not count."""
    district_batch = services.batch_create(
        actor=world.district_b_staff,
        region=world.district_b,
        name="南山区第一批",
        tier=Tier.DISTRICT,
        start_year=2026,
        cycle_years=None,
        template="shenzhen",
    )
    junior = make_teacher(world.school_b, "钱年轻", serving_since=dt.date(2025, 9, 1))
    lower = _studio(district_batch, junior, "南山区钱年轻工作室")
    user = make_user("junior", teacher=junior)
    # While the district studio runs, hosting it qualifies.
    assert studio_selectors.person_facts(junior).hosts_lower_studio
    Studio.objects.filter(pk=lower.pk).update(status=Studio.Status.REVOKED)
    with pytest.raises(TransitionRefused):
        membership_services.membership_apply(actor=user, studio=studio, teacher=junior)
