"""Grades and consequences: a studio round's 不合格 reaches the host's rotation-out step; a failing
yearly result is reported to the bureau, bars that year's honours, and the bureau confirms it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hts.evaluation.grades.consequences import honours_barred, members_to_rotate, round_consequences_apply
from hts.evaluation.grades.models import MemberGrade, YearlyFailure
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rubrics.models import RubricVersion
from hts.evaluation.tests.conftest import add_subject, make_round
from hts.notifications.models import Notification
from hts.org import services as org_services
from hts.studios.models import Membership
from testkit import World, make_running_studio, make_teacher, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio_round(world: World, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    studio = make_running_studio(world)
    good = make_teacher(world.school_a, "成员好", mobile="13800000201")
    weak = make_teacher(world.school_a2, "成员弱", mobile="13800000202")
    memberships = {
        t.name: Membership.objects.create(studio=studio, role="member", teacher=t, status="active")
        for t in (good, weak)
    }
    mentor_teacher = make_teacher(world.school_a2, "导师周", mobile="13800000203")
    Membership.objects.create(studio=studio, role="mentor", teacher=mentor_teacher, status="active")
    rnd = make_round(
        world,
        status="final",
        school=None,
        studio=studio,
        period=EvaluationRound.Period.SEMESTER,
        month=None,
        version=RubricVersion.objects.get(rubric__builtin_code="studio_member"),
        title="2026秋季学期成员考核",
    )
    for name, grade, total in (("成员好", "excellent", "95"), ("成员弱", "failed", "41")):
        subject = add_subject(rnd, memberships[name].teacher)
        subject.membership = memberships[name]
        subject.grade, subject.total = grade, Decimal(total)
        subject.save()
    with django_capture_on_commit_callbacks(execute=True):
        round_consequences_apply(rnd=rnd, actor=world.teacher_user)
    return {
        "studio": studio,
        "round": rnd,
        "weak": memberships["成员弱"],
        "good": memberships["成员好"],
        "mentor": make_user("mentor", teacher=mentor_teacher),
        "member_user": make_user("weak", teacher=weak),
    }


def test_a_studio_round_grades_become_semester_grades(studio_round: dict[str, Any]) -> None:
    grades = {g.membership.teacher.name: g.grade for g in MemberGrade.objects.select_related("membership__teacher")}
    assert grades == {"成员好": "excellent", "成员弱": "failed"}
    assert [g.membership for g in members_to_rotate(studio_round["studio"].pk)] == [studio_round["weak"]]


def test_the_host_is_told_and_sees_the_failed_member_in_the_rotation_step(
    world: World, studio_round: dict[str, Any], as_user: Any
) -> None:
    note = Notification.objects.get(recipient=world.teacher_user)
    assert "成员弱" in note.title
    response = as_user(world.teacher_user).get(f"/evaluation/grades/studio/{studio_round['studio'].uid}/")
    assert response.status_code == 200
    page = response.content.decode()
    step = page[page.index('data-testid="rotation-step"') :]
    assert "成员弱" in step[: step.index("</section>")]
    assert "成员好" not in step[: step.index("</section>")]


def test_rotating_out_from_the_step_ends_the_membership(
    world: World, studio_round: dict[str, Any], as_user: Any
) -> None:
    weak = studio_round["weak"]
    response = as_user(world.teacher_user).post(
        f"/studios/{studio_round['studio'].uid}/members/{weak.uid}/end/",
        {"how": "rotated_out", "reason": "2026秋季学期考核不合格"},
    )
    assert response.status_code == 302
    weak.refresh_from_db()
    assert weak.status == Membership.Status.ROTATED_OUT
    assert members_to_rotate(studio_round["studio"].pk) == []


def test_the_grades_page_stays_within_its_query_budget(
    world: World, studio_round: dict[str, Any], as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.teacher_user)
    # session, user, roles, memberships (studio grants), studio, calendar region, semesters, members,
    # grades, appraisals, rotation, form querysets (2), notifications count is on the user.
    with django_assert_max_num_queries(16):
        assert client.get(f"/evaluation/grades/studio/{studio_round['studio'].uid}/").status_code == 200


def test_the_host_records_a_grade_by_hand_and_a_failing_one_needs_a_reason(
    world: World, studio_round: dict[str, Any], as_user: Any
) -> None:
    client = as_user(world.teacher_user)
    url = f"/evaluation/grades/studio/{studio_round['studio'].uid}/"
    spring = studio_round["round"].school_year.semesters.get(kind="autumn")
    data = {"membership": studio_round["good"].pk, "semester": spring.pk, "grade": "failed", "comment": ""}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["comment"]
    assert "请说明该成员不合格的原因" in refused.content.decode()
    assert MemberGrade.objects.get(membership=studio_round["good"]).grade == "excellent"
    data["grade"] = "qualified"
    assert client.post(url, data).status_code == 302
    grade = MemberGrade.objects.get(membership=studio_round["good"])
    assert grade.grade == "qualified"
    assert grade.history.count() == 2


def test_a_mentor_sees_the_grades_but_cannot_record_them(studio_round: dict[str, Any], as_user: Any) -> None:
    client = as_user(studio_round["mentor"])
    url = f"/evaluation/grades/studio/{studio_round['studio'].uid}/"
    assert client.get(url).status_code == 200
    semester = studio_round["round"].semester
    response = client.post(url, {"membership": studio_round["good"].pk, "semester": semester.pk, "grade": "qualified"})
    assert response.status_code in (400, 403)
    assert MemberGrade.objects.get(membership=studio_round["good"]).grade == "excellent"


def test_a_member_and_another_district_see_nothing(world: World, studio_round: dict[str, Any], as_user: Any) -> None:
    url = f"/evaluation/grades/studio/{studio_round['studio'].uid}/"
    assert as_user(studio_round["member_user"]).get(url).status_code == 403
    assert as_user(world.district_b_staff).get(url).status_code == 404
    assert as_user(world.district_staff).get(url).status_code == 200


# Yearly head-teacher results --------------------------------------------------------------------


@pytest.fixture
def yearly_failure(world: World, django_capture_on_commit_callbacks: Any) -> YearlyFailure:
    rnd = make_round(world, status="final", period=EvaluationRound.Period.YEARLY, semester=None, month=None)
    subject = add_subject(rnd, world.teacher_a)
    subject.grade, subject.total = "failed", Decimal("52")
    subject.save()
    passing = add_subject(rnd, make_teacher(world.school_a, "及格者", mobile="13800000301"))
    passing.grade, passing.total = "qualified", Decimal("80")
    passing.save()
    with django_capture_on_commit_callbacks(execute=True):
        round_consequences_apply(rnd=rnd, actor=world.school_staff)
    return YearlyFailure.objects.get()


def test_a_failing_yearly_result_is_reported_to_the_bureaus_above(world: World, yearly_failure: YearlyFailure) -> None:
    assert yearly_failure.teacher == world.teacher_a
    assert yearly_failure.status == YearlyFailure.Status.REPORTED
    assert not yearly_failure.certificate_revocation
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"district", "city"} <= notified
    assert "district_b" not in notified


def test_no_honour_is_recorded_in_the_failed_year(world: World, yearly_failure: YearlyFailure) -> None:
    assert honours_barred(world.teacher_a, dt.date(2027, 3, 1)) == yearly_failure
    data = {
        "kind": "personal",
        "title": "优秀班主任",
        "level": "county",
        "awarded_on": dt.date(2027, 3, 1),
        "issuer": "区教育局",
    }
    with pytest.raises(ValidationError, match="当年不得评优"):
        org_services.honour_add(actor=world.school_staff, teacher=world.teacher_a, data=data)
    data["awarded_on"] = dt.date(2027, 9, 10)  # the next school year
    assert org_services.honour_add(actor=world.school_staff, teacher=world.teacher_a, data=data).pk


def test_the_bureau_confirms_and_the_certificate_is_marked_for_revocation(
    world: World, yearly_failure: YearlyFailure, as_user: Any
) -> None:
    client = as_user(world.district_staff)
    listing = client.get("/evaluation/grades/failures/")
    assert listing.status_code == 200
    assert "李红" in listing.content.decode()
    assert (
        client.post(f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "confirm"}).status_code
        == 302
    )
    yearly_failure.refresh_from_db()
    assert yearly_failure.status == YearlyFailure.Status.CONFIRMED
    assert yearly_failure.certificate_revocation
    # Deciding twice is refused; the decision stands.
    client.post(f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "withdraw", "note": "复核"})
    yearly_failure.refresh_from_db()
    assert yearly_failure.status == YearlyFailure.Status.CONFIRMED


def test_withdrawing_needs_a_note_and_lifts_the_bar(world: World, yearly_failure: YearlyFailure, as_user: Any) -> None:
    client = as_user(world.district_staff)
    client.post(f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "withdraw", "note": ""})
    yearly_failure.refresh_from_db()
    assert yearly_failure.status == YearlyFailure.Status.REPORTED
    client.post(
        f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "withdraw", "note": "核实有误"}
    )
    yearly_failure.refresh_from_db()
    assert yearly_failure.status == YearlyFailure.Status.WITHDRAWN
    assert honours_barred(world.teacher_a, dt.date(2027, 3, 1)) is None


def test_only_the_bureau_in_scope_reviews(world: World, yearly_failure: YearlyFailure, as_user: Any) -> None:
    url = f"/evaluation/grades/failures/{yearly_failure.uid}/review/"
    assert as_user(world.district_b_staff).post(url, {"decision": "confirm"}).status_code == 404
    assert as_user(world.school_staff).post(url, {"decision": "confirm"}).status_code == 403
    assert as_user(world.teacher_user).get("/evaluation/grades/failures/").status_code == 403
    assert "李红" not in as_user(world.district_b_staff).get("/evaluation/grades/failures/").content.decode()
    yearly_failure.refresh_from_db()
    assert yearly_failure.status == YearlyFailure.Status.REPORTED


def test_a_confirmed_yearly_failure_shows_on_the_teachers_profile(
    world: World, yearly_failure: YearlyFailure, as_user: Any
) -> None:
    client = as_user(world.district_staff)
    profile = f"/org/teachers/{world.teacher_a.uid}/"
    assert 'data-testid="yearly-failure"' not in client.get(profile).content.decode()  # reported, not yet confirmed
    client.post(f"/evaluation/grades/failures/{yearly_failure.uid}/review/", {"decision": "confirm"})
    html = client.get(profile).content.decode()
    assert 'data-testid="yearly-failure"' in html
    assert yearly_failure.school_year.label in html and "证书" in html
