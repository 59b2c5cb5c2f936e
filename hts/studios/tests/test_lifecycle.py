"""A studio's life through the services: application, review, approval, start, assessment, end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from hts.accounts.models import Role, User
from hts.core.models import AuditEntry
from hts.core.workflow import TransitionRefused, transitions_of
from hts.org.models import HeadTeacherService, Honour, Teacher, service_years
from hts.studios import guards, services
from hts.studios.memberships import services as membership_services
from hts.studios.models import Batch, Grade, Membership, ReviewScore, Studio, StudioAssessment, Tier
from testkit import World, make_teacher, make_user


def _messages(caught: pytest.ExceptionInfo[Any]) -> str:
    return " ".join(caught.value.messages)


def _fresh(user: User) -> User:
    """A new object for the user, so the cached principal reflects roles gained since."""
    return User.objects.get(pk=user.pk)


def _honour(teacher: Teacher, kind: str, level: str) -> None:
    Honour.objects.create(teacher=teacher, kind=kind, title="优秀班主任", level=level, awarded_on=dt.date(2020, 9, 10))


def _qualify_as_host(teacher: Teacher) -> None:
    _honour(teacher, Honour.Kind.PERSONAL, "city")
    _honour(teacher, Honour.Kind.CLASS, "county")


def _studio_data(name: str = "李红名班主任工作室") -> dict[str, Any]:
    return {
        "name": name,
        "stage": "primary",
        "theme": "小学生心理健康教育",
        "plan": "三年建设规划",
        "research_title": "深圳市德育课题",
        "research_level": "city",
    }


@pytest.fixture
def batch(world: World) -> Batch:
    return services.batch_create(
        actor=world.city_staff,
        region=world.city,
        name="深圳市第三批中小学名班主任工作室",
        tier=Tier.CITY,
        start_year=2026,
        cycle_years=None,
        template="shenzhen",
    )


@pytest.fixture
def reviewers(world: World) -> list[User]:
    return [make_user(f"reviewer{i}", Role.BUREAU_STAFF, region=world.city) for i in range(3)]


def _apply(world: World, batch: Batch) -> Studio:
    _qualify_as_host(world.teacher_a)
    return services.studio_apply(actor=world.teacher_user, batch=batch, teacher=world.teacher_a, data=_studio_data())


def _under_review(world: World, batch: Batch) -> Studio:
    studio = _apply(world, batch)
    # The declared city-level project is checked in the material check (待核实 until then).
    services.studio_research_check(actor=world.city_staff, studio=studio, verified=True, note="结题证书")
    services.studio_material_check(actor=world.city_staff, studio=studio, passed=True)
    return studio


def _approved(world: World, batch: Batch, reviewers: list[User]) -> Studio:
    studio = _under_review(world, batch)
    services.studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal(90))
    for reviewer in reviewers:
        services.review_score_submit(actor=reviewer, studio=studio, score=Decimal(85))
    return services.studio_decide(actor=world.city_staff, studio=studio, approve=True, reason="评审通过")


def _active(world: World, batch: Batch, reviewers: list[User]) -> Studio:
    studio = _approved(world, batch, reviewers)
    return services.studio_activate(actor=world.city_staff, studio=studio, override_reason="团队组建中，先行授牌")


# Application -----------------------------------------------------------------------------------


def test_a_teacher_meeting_the_host_standard_applies(world: World, batch: Batch) -> None:
    studio = _apply(world, batch)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.APPLIED
    assert studio.host == world.teacher_a
    assert studio.host_school == world.school_a
    assert studio.source == Studio.Source.SELF
    assert studio.applied_by == world.teacher_user
    rules = {rule["code"]: rule for rule in studio.standard_check}
    assert all(rule["met"] for code, rule in rules.items() if code != "host.research")
    # The declared city-level project is the applicant's word until the bureau checks it.
    assert rules["host.research"]["pending"] and not rules["host.research"]["met"]
    assert studio.research_check == "pending"


def test_school_staff_may_recommend_a_teacher_of_their_school(world: World, batch: Batch) -> None:
    _qualify_as_host(world.teacher_a)
    studio = services.studio_apply(actor=world.school_staff, batch=batch, teacher=world.teacher_a, data=_studio_data())
    assert studio.source == Studio.Source.SCHOOL


def test_it_refuses_an_application_for_a_teacher_of_another_school(world: World, batch: Batch) -> None:
    _qualify_as_host(world.teacher_b)
    with pytest.raises(PermissionDenied):
        services.studio_apply(actor=world.school_staff, batch=batch, teacher=world.teacher_b, data=_studio_data())
    assert not Studio.objects.exists()


def test_it_refuses_a_host_without_enough_years_and_names_the_rule_and_numbers(world: World, batch: Batch) -> None:
    novice = make_teacher(world.school_a, "赵新", serving_since=dt.date(2023, 9, 1))
    _qualify_as_host(novice)
    user = make_user("novice", teacher=novice)
    years = service_years([(dt.date(2023, 9, 1), None)])
    with pytest.raises(TransitionRefused) as caught:
        services.studio_apply(actor=user, batch=batch, teacher=novice, data=_studio_data("赵新工作室"))
    message = _messages(caught)
    assert gettext("Years as head teacher") in message
    assert str(years) in message
    assert "6" in message
    assert not Studio.objects.exists()


def test_it_refuses_a_host_without_a_city_honour_and_says_so(world: World, batch: Batch) -> None:
    _honour(world.teacher_a, Honour.Kind.PERSONAL, "county")
    _honour(world.teacher_a, Honour.Kind.CLASS, "county")
    with pytest.raises(TransitionRefused) as caught:
        services.studio_apply(actor=world.teacher_user, batch=batch, teacher=world.teacher_a, data=_studio_data())
    message = _messages(caught)
    assert gettext("Personal head-teacher honour") in message
    assert gettext("Honour of a class led") not in message
    assert not Studio.objects.exists()


def test_it_refuses_a_host_who_is_no_longer_serving(world: World, batch: Batch) -> None:
    HeadTeacherService.objects.filter(teacher=world.teacher_a).update(ended_on=dt.date(2025, 7, 1))
    _qualify_as_host(world.teacher_a)
    with pytest.raises(TransitionRefused) as caught:
        services.studio_apply(actor=world.teacher_user, batch=batch, teacher=world.teacher_a, data=_studio_data())
    assert gettext("Currently a head teacher") in _messages(caught)


def test_it_refuses_a_second_application_to_the_same_batch(world: World, batch: Batch) -> None:
    _apply(world, batch)
    with pytest.raises(TransitionRefused):
        services.studio_apply(
            actor=world.teacher_user, batch=batch, teacher=world.teacher_a, data=_studio_data("第二个工作室")
        )
    assert Studio.objects.filter(batch=batch).count() == 1


def test_a_rejected_host_may_apply_again(world: World, batch: Batch) -> None:
    studio = _apply(world, batch)
    services.studio_material_check(actor=world.city_staff, studio=studio, passed=False, comment="材料不全")
    again = services.studio_apply(
        actor=world.teacher_user, batch=batch, teacher=world.teacher_a, data=_studio_data("补充材料后")
    )
    assert again.status == Studio.Status.APPLIED


def test_it_refuses_applications_to_a_closed_batch(world: World, batch: Batch) -> None:
    services.batch_set_status(actor=world.city_staff, batch=batch, status=Batch.Status.CLOSED)
    _qualify_as_host(world.teacher_a)
    with pytest.raises(TransitionRefused):
        services.studio_apply(actor=world.teacher_user, batch=batch, teacher=world.teacher_a, data=_studio_data())


# Review ----------------------------------------------------------------------------------------


def test_a_passed_material_check_puts_the_application_under_review(world: World, batch: Batch) -> None:
    studio = _under_review(world, batch)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.UNDER_REVIEW


def test_a_failed_material_check_rejects_the_application(world: World, batch: Batch) -> None:
    studio = _apply(world, batch)
    services.studio_material_check(actor=world.city_staff, studio=studio, passed=False, comment="材料不全")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.REJECTED


def test_it_refuses_review_by_staff_of_another_district(world: World, batch: Batch) -> None:
    studio = _apply(world, batch)
    with pytest.raises(PermissionDenied):
        services.studio_material_check(actor=world.district_b_staff, studio=studio, passed=True)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.APPLIED


def test_it_refuses_a_material_check_twice(world: World, batch: Batch) -> None:
    studio = _under_review(world, batch)
    with pytest.raises(TransitionRefused):
        services.studio_material_check(actor=world.city_staff, studio=studio, passed=True)


def test_the_defence_is_recorded_once(world: World, batch: Batch) -> None:
    studio = _under_review(world, batch)
    step = services.studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal("88.5"))
    assert step.score == Decimal("88.5")
    with pytest.raises(TransitionRefused):
        services.studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal(90))


@pytest.mark.parametrize("score", [Decimal(-1), Decimal("100.5"), Decimal(101)])
def test_it_refuses_a_peer_review_score_outside_the_scale(
    world: World, batch: Batch, reviewers: list[User], score: Decimal
) -> None:
    studio = _under_review(world, batch)
    with pytest.raises(ValidationError) as caught:
        services.review_score_submit(actor=reviewers[0], studio=studio, score=score)
    assert "100" in _messages(caught)
    assert not ReviewScore.objects.exists()


@pytest.mark.parametrize("score", [Decimal(0), Decimal(100)])
def test_it_accepts_the_ends_of_the_scale(world: World, batch: Batch, reviewers: list[User], score: Decimal) -> None:
    studio = _under_review(world, batch)
    services.review_score_submit(actor=reviewers[0], studio=studio, score=score)
    assert ReviewScore.objects.get().score == score


def test_it_refuses_a_defence_score_outside_the_scale(world: World, batch: Batch) -> None:
    studio = _under_review(world, batch)
    with pytest.raises(ValidationError):
        services.studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal(120))


def test_a_reviewer_scores_once_and_scoring_again_updates(world: World, batch: Batch, reviewers: list[User]) -> None:
    studio = _under_review(world, batch)
    services.review_score_submit(actor=reviewers[0], studio=studio, score=Decimal(70))
    services.review_score_submit(actor=reviewers[0], studio=studio, score=Decimal(80), comment="复核后调整")
    entry = ReviewScore.objects.get(studio=studio, reviewer=reviewers[0])
    assert entry.score == Decimal(80)
    assert entry.comment == "复核后调整"
    assert ReviewScore.objects.filter(studio=studio).count() == 1


def test_it_refuses_approval_with_fewer_scores_than_the_policy_asks(
    world: World, batch: Batch, reviewers: list[User]
) -> None:
    studio = _under_review(world, batch)
    services.studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal(90))
    for reviewer in reviewers[:2]:
        services.review_score_submit(actor=reviewer, studio=studio, score=Decimal(85))
    with pytest.raises(TransitionRefused) as caught:
        services.studio_decide(actor=world.city_staff, studio=studio, approve=True)
    message = _messages(caught)
    assert "2" in message and "3" in message
    studio.refresh_from_db()
    assert studio.status == Studio.Status.UNDER_REVIEW
    assert not Membership.objects.filter(studio=studio).exists()


def test_it_refuses_a_decision_before_the_defence(world: World, batch: Batch, reviewers: list[User]) -> None:
    studio = _under_review(world, batch)
    for reviewer in reviewers:
        services.review_score_submit(actor=reviewer, studio=studio, score=Decimal(85))
    with pytest.raises(TransitionRefused):
        services.studio_decide(actor=world.city_staff, studio=studio, approve=True)


def test_approval_makes_the_applicant_the_active_host(world: World, batch: Batch, reviewers: list[User]) -> None:
    studio = _approved(world, batch, reviewers)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.APPROVED
    host = Membership.objects.get(studio=studio)
    assert (host.role, host.status, host.teacher) == (
        Membership.Role.HOST,
        Membership.Status.ACTIVE,
        world.teacher_a,
    )
    assert host.started_on is not None


def test_a_rejected_application_makes_no_host(world: World, batch: Batch) -> None:
    studio = _under_review(world, batch)
    services.studio_defence_record(actor=world.city_staff, studio=studio, passed=False, score=Decimal(50))
    services.studio_decide(actor=world.city_staff, studio=studio, approve=False, reason="答辩未通过")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.REJECTED
    assert not Membership.objects.filter(studio=studio).exists()


# Start (授牌) ------------------------------------------------------------------------------------


def test_it_refuses_to_start_a_studio_whose_team_is_below_the_minimum(
    world: World, batch: Batch, reviewers: list[User]
) -> None:
    studio = _approved(world, batch, reviewers)
    with pytest.raises(TransitionRefused) as caught:
        services.studio_activate(actor=world.city_staff, studio=studio)
    message = _messages(caught)
    assert gettext("Members") in message and "6" in message
    assert gettext("Mentors") in message
    studio.refresh_from_db()
    assert studio.status == Studio.Status.APPROVED


def test_bureau_staff_may_start_a_short_team_with_a_written_reason(
    world: World, batch: Batch, reviewers: list[User]
) -> None:
    studio = _approved(world, batch, reviewers)
    services.studio_activate(actor=world.city_staff, studio=studio, override_reason="团队组建中，先行授牌")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.ACTIVE
    last = transitions_of(studio).last()
    assert (last.from_state, last.to_state, last.actor) == ("approved", "active", world.city_staff)
    assert last.reason == "团队组建中，先行授牌"
    entry = AuditEntry.objects.get(action="studios.rule.overridden", target_id=str(studio.uid))
    assert entry.actor == world.city_staff
    assert entry.changes["reason"] == [None, "团队组建中，先行授牌"]
    assert entry.changes["rules"]


def test_a_blank_override_reason_does_not_start_a_short_team(world: World, batch: Batch, reviewers: list[User]) -> None:
    studio = _approved(world, batch, reviewers)
    with pytest.raises(TransitionRefused):
        services.studio_activate(actor=world.city_staff, studio=studio, override_reason="   ")
    assert not AuditEntry.objects.filter(action="studios.rule.overridden").exists()


def test_a_full_team_starts_without_an_override(world: World, batch: Batch, reviewers: list[User]) -> None:
    studio = _approved(world, batch, reviewers)
    Membership.objects.create(
        studio=studio, role=Membership.Role.MENTOR, external_name="陈教授", status=Membership.Status.ACTIVE
    )
    for i in range(6):
        teacher = make_teacher(world.school_b, f"成员{i}", serving_since=dt.date(2015, 9, 1))
        Membership.objects.create(
            studio=studio, role=Membership.Role.MEMBER, teacher=teacher, status=Membership.Status.ACTIVE
        )
    services.studio_activate(actor=world.city_staff, studio=studio)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.ACTIVE
    assert transitions_of(studio).last().reason == ""
    assert not AuditEntry.objects.filter(action="studios.rule.overridden").exists()


# Assessment --------------------------------------------------------------------------------------


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Assessments are of years that have ended: the tests below assess the 2026 batch's years from
    a later day."""
    monkeypatch.setattr(guards, "timezone", SimpleNamespace(localdate=lambda: day))


AFTER_THE_CYCLE = dt.date(2029, 1, 10)


def test_a_first_failed_year_brings_a_yellow_card(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade=Grade.FAILED)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.YELLOW_CARD


def test_a_passed_year_lifts_the_yellow_card(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade=Grade.FAILED)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2027, grade=Grade.QUALIFIED)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.ACTIVE


def test_a_second_failed_year_revokes_and_the_team_is_closed(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    candidate = make_teacher(world.school_b, "周成员", serving_since=dt.date(2015, 9, 1))
    candidate_user = make_user("candidate", teacher=candidate)
    pending = membership_services.membership_apply(actor=candidate_user, studio=studio, teacher=candidate)
    _on(monkeypatch, dt.date(2028, 1, 10))  # 2026 and 2027 have ended; the cycle runs until 2028
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade=Grade.FAILED)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2027, grade=Grade.FAILED)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.REVOKED
    late = make_teacher(world.school_b, "吴迟到", serving_since=dt.date(2015, 9, 1))
    with pytest.raises(TransitionRefused):
        membership_services.membership_apply(actor=make_user("late", teacher=late), studio=studio, teacher=late)
    pending.refresh_from_db()
    with pytest.raises(TransitionRefused):
        membership_services.membership_admit(actor=_fresh(world.teacher_user), membership=pending)
    pending.refresh_from_db()
    assert pending.status == Membership.Status.APPLIED
    assert not Membership.objects.filter(teacher=late).exists()


def test_it_refuses_to_assess_a_revoked_studio(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    for year in (2026, 2027):
        services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=year, grade=Grade.FAILED)
    with pytest.raises(TransitionRefused):
        services.assessment_record(
            actor=world.city_staff, studio=studio, kind="yearly", year=2028, grade=Grade.EXCELLENT
        )


def test_it_refuses_a_year_outside_the_cycle_or_assessed_twice(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    with pytest.raises(ValidationError):
        services.assessment_record(
            actor=world.city_staff, studio=studio, kind="yearly", year=2029, grade=Grade.QUALIFIED
        )
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade=Grade.QUALIFIED)
    with pytest.raises(TransitionRefused):
        services.assessment_record(
            actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade=Grade.QUALIFIED
        )
    assert StudioAssessment.objects.filter(studio=studio).count() == 1


@pytest.mark.parametrize(
    ("grade", "eligibility"),
    [
        (Grade.EXCELLENT, "推荐成为广东省名班主任工作室主持人"),
        (Grade.QUALIFIED, "申报下一批名班主任工作室主持人"),
        (Grade.FAILED, ""),
    ],
)
def test_the_end_of_cycle_assessment_completes_with_the_grade_and_the_policy_eligibility(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch, grade: str, eligibility: str
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="final", year=2028, grade=grade)
    studio.refresh_from_db()
    assert studio.status == Studio.Status.COMPLETED
    assert studio.final_grade == grade
    assert studio.host_eligibility == eligibility


def test_it_refuses_assessment_by_staff_of_another_district(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    with pytest.raises(PermissionDenied):
        services.assessment_record(
            actor=world.district_b_staff, studio=studio, kind="yearly", year=2026, grade=Grade.FAILED
        )
    studio.refresh_from_db()
    assert studio.status == Studio.Status.ACTIVE


# The log -----------------------------------------------------------------------------------------


def test_every_transition_is_logged_with_its_actor_and_states(
    world: World, batch: Batch, reviewers: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = _active(world, batch, reviewers)
    _on(monkeypatch, AFTER_THE_CYCLE)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2026, grade=Grade.FAILED)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2027, grade=Grade.EXCELLENT)
    services.assessment_record(actor=world.city_staff, studio=studio, kind="final", year=2028, grade=Grade.EXCELLENT)
    logged = [(t.from_state, t.to_state, t.actor) for t in transitions_of(studio)]
    assert logged == [
        ("draft", "applied", world.teacher_user),
        ("applied", "applied", world.city_staff),  # the check of the declared research
        ("applied", "under_review", world.city_staff),
        ("under_review", "under_review", world.city_staff),  # the on-site defence
        ("under_review", "approved", world.city_staff),
        ("approved", "active", world.city_staff),
        ("active", "yellow_card", world.city_staff),
        ("yellow_card", "active", world.city_staff),
        ("active", "completed", world.city_staff),
    ]
    assert all(t.actor_label for t in transitions_of(studio))
