"""Studio plans and members' personal development plans: who writes, submits, guides and acknowledges."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hts.accounts.models import User
from hts.activities.models import Plan
from hts.activities.plans import guards as plan_guards
from hts.activities.plans import services as plan_services
from hts.core.models import WorkflowTransition
from hts.core.workflow import TransitionRefused
from hts.studios.models import Membership, Studio
from testkit import World, client_for, make_running_studio, make_school_year, make_teacher, make_user

SEMESTER = {"title": "2026 年春季学期计划", "period_key": "2025-2026-spring", "theme": "", "body": "三月：开班。"}


def with_calendar(world: World) -> None:
    """The city's school years around the studios' 2026–2028 cycle."""
    for year in range(2024, 2030):
        make_school_year(world.city, year)


@pytest.fixture
def studio(world: World) -> Studio:
    with_calendar(world)
    return make_running_studio(world)


def _team_user(studio: Studio, world: World, role: str, name: str) -> User:
    teacher = make_teacher(world.school_a2, name)
    Membership.objects.create(studio=studio, role=role, teacher=teacher, status="active")
    return make_user(f"{role}-{name}", teacher=teacher)


@pytest.fixture
def member(world: World, studio: Studio) -> User:
    return _team_user(studio, world, "member", "成员甲")


@pytest.fixture
def mentor(world: World, studio: Studio) -> User:
    return _team_user(studio, world, "mentor", "导师乙")


def host_client(world: World) -> Any:
    return client_for(User.objects.get(pk=world.teacher_user.pk))


def _states(plan: Plan) -> list[tuple[str, str, int | None]]:
    return list(
        WorkflowTransition.objects.filter(target_type="activities.plan", target_id=str(plan.uid))
        .order_by("id")
        .values_list("from_state", "to_state", "actor_id")
    )


def test_the_host_drafts_edits_and_submits_a_semester_plan_that_the_bureau_acknowledges(
    world: World, studio: Studio
) -> None:
    host = host_client(world)
    response = host.post(f"/activities/studio/{studio.uid}/plans/new/?kind=semester", SEMESTER)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.kind, plan.status, plan.author, plan.owner_teacher) == ("semester", "draft", world.teacher_user, None)

    # Policy 002: a semester plan names its theme before it goes to the bureau.
    assert host.post(f"/activities/plans/{plan.uid}/submit/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft"

    edit = host.post(f"/activities/plans/{plan.uid}/edit/", {**SEMESTER, "theme": "家校共育", "body": "修订稿"})
    assert edit.status_code == 302
    plan.refresh_from_db()
    assert (plan.theme, plan.body) == ("家校共育", "修订稿")

    page = host.get(f"/activities/plans/{plan.uid}/")
    assert page.context["can_submit"] and not page.context["can_acknowledge"]
    assert host.post(f"/activities/plans/{plan.uid}/submit/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"

    # The host cannot acknowledge their own studio's plan; the district bureau can.
    host.post(f"/activities/plans/{plan.uid}/acknowledge/")
    plan.refresh_from_db()
    assert plan.status == "submitted"
    bureau = client_for(world.district_staff)
    assert bureau.get(f"/activities/plans/{plan.uid}/").context["can_acknowledge"]
    assert bureau.post(f"/activities/plans/{plan.uid}/acknowledge/").status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.acknowledged_by) == ("acknowledged", world.district_staff)
    assert _states(plan) == [
        ("draft", "submitted", world.teacher_user.pk),
        ("submitted", "acknowledged", world.district_staff.pk),
    ]


def test_the_host_may_not_acknowledge_a_studio_plan(world: World, studio: Studio) -> None:
    plan = Plan.objects.create(studio=studio, kind="year", title="年度计划", body="b", status="submitted")
    with pytest.raises(PermissionDenied):
        plan_services.plan_acknowledge(actor=world.teacher_user, plan=plan)


def test_editing_a_submitted_plan_is_refused(world: World, studio: Studio) -> None:
    plan = Plan.objects.create(
        studio=studio, kind="year", title="2026 年度计划", body="原稿", status="submitted", author=world.teacher_user
    )
    response = host_client(world).post(f"/activities/plans/{plan.uid}/edit/", {"title": "改", "body": "改稿"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.body) == ("2026 年度计划", "原稿")
    with pytest.raises(TransitionRefused):
        plan_services.plan_update(actor=world.teacher_user, plan=plan, data={"body": "改稿"})
    page = host_client(world).get(f"/activities/plans/{plan.uid}/")
    assert not page.context["can_edit"] and "edit-plan" not in page.content.decode()


def test_a_member_writes_a_personal_plan_a_mentor_guides_and_the_host_acknowledges(
    world: World, studio: Studio, member: User, mentor: User
) -> None:
    me = client_for(member)
    data = {"title": "我的三年发展规划", "period_key": "cycle", "body": "目标：成为区级骨干班主任。"}
    assert me.post(f"/activities/studio/{studio.uid}/plans/new/?kind=personal", data).status_code == 302
    plan = Plan.objects.get()
    assert (plan.kind, plan.owner_teacher, plan.author) == ("personal", member.teacher, member)

    # Guidance comes after the member submits.
    assert not client_for(mentor).get(f"/activities/plans/{plan.uid}/").context["can_comment"]
    assert me.post(f"/activities/plans/{plan.uid}/submit/").status_code == 302

    guide = client_for(mentor)
    assert guide.get(f"/activities/plans/{plan.uid}/").context["can_comment"]
    assert guide.post(f"/activities/plans/{plan.uid}/comment/", {"mentor_comment": "细化到每学期。"}).status_code == 302
    plan.refresh_from_db()
    assert plan.mentor_comment == "细化到每学期。"
    # The member cannot write guidance on, or acknowledge, their own plan.
    assert me.post(f"/activities/plans/{plan.uid}/comment/", {"mentor_comment": "自评"}).status_code == 403
    assert me.post(f"/activities/plans/{plan.uid}/acknowledge/").status_code == 403

    assert host_client(world).post(f"/activities/plans/{plan.uid}/acknowledge/").status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.acknowledged_by, plan.mentor_comment) == (
        "acknowledged",
        world.teacher_user,
        "细化到每学期。",
    )
    assert _states(plan) == [("draft", "submitted", member.pk), ("submitted", "acknowledged", world.teacher_user.pk)]


def test_outsiders_get_404_and_members_cannot_write_studio_plans(world: World, studio: Studio, member: User) -> None:
    plan = Plan.objects.create(studio=studio, kind="cycle", title="三年建设规划", body="b")
    outsider = client_for(world.district_b_staff)
    assert outsider.get(f"/activities/plans/{plan.uid}/").status_code == 404
    assert outsider.get(f"/activities/studio/{studio.uid}/plans/").status_code == 404

    me = client_for(member)
    assert me.get(f"/activities/plans/{plan.uid}/").status_code == 200
    assert me.get(f"/activities/studio/{studio.uid}/plans/new/?kind=cycle").status_code == 403
    assert me.post(f"/activities/studio/{studio.uid}/plans/new/?kind=year", SEMESTER).status_code == 403
    assert me.post(f"/activities/plans/{plan.uid}/edit/", SEMESTER).status_code == 403
    assert Plan.objects.count() == 1


def test_personal_plans_are_seen_by_their_member_and_the_guides_not_by_other_members(
    world: World, studio: Studio, member: User, mentor: User
) -> None:
    plan = Plan.objects.create(
        studio=studio, kind="personal", title="个人规划", body="b", owner_teacher=member.teacher, author=member
    )
    other = _team_user(studio, world, "member", "成员丙")
    assert client_for(other).get(f"/activities/plans/{plan.uid}/").status_code == 404
    assert client_for(other).get(f"/activities/studio/{studio.uid}/plans/").context["personal_plans"] == []
    for user in (member, mentor, world.teacher_user, world.district_staff):
        assert client_for(user).get(f"/activities/plans/{plan.uid}/").status_code == 200


def test_a_personal_plan_needs_its_owner_in_the_database(studio: Studio) -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Plan.objects.create(studio=studio, kind="personal", title="x", body="b")


def test_a_revoked_studio_takes_no_new_plans(world: World, studio: Studio) -> None:
    studio.status = "revoked"
    studio.save()
    assert plan_guards.can_create(studio, world.teacher_user, "year")[0] is False
    with pytest.raises(TransitionRefused):
        plan_services.plan_create(actor=world.teacher_user, studio=studio, kind="year", data=SEMESTER)


def test_the_plan_list_stays_within_its_query_budget(
    world: World, studio: Studio, member: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        Plan.objects.create(studio=studio, kind="semester", title=f"学期计划{n}", theme="主题", body="b")
        Plan.objects.create(
            studio=studio, kind="personal", title=f"个人{n}", body="b", owner_teacher=member.teacher, author=member
        )
    client = host_client(world)
    # session, user, role assignments, studio memberships (principal), the studio, activity.manage
    # in scope (new-plan buttons), the plans with their authors and owners, and the session's
    # savepoint, update and release. Constant in the number of plans.
    with django_assert_max_num_queries(10) as captured:
        response = client.get(f"/activities/studio/{studio.uid}/plans/")
    assert response.status_code == 200, captured
    assert len(response.context["studio_plans"]) == 5 and len(response.context["personal_plans"]) == 5


def test_the_list_offers_each_person_the_plans_they_may_write(world: World, studio: Studio, member: User) -> None:
    url = f"/activities/studio/{studio.uid}/plans/"
    assert [k for k, _ in host_client(world).get(url).context["new_kinds"]] == ["cycle", "year", "semester"]
    assert [k for k, _ in client_for(member).get(url).context["new_kinds"]] == ["personal"]
    assert client_for(world.district_staff).get(url).context["new_kinds"] == []


def test_the_plan_page_stays_within_its_query_budget(
    world: World, studio: Studio, member: User, django_assert_max_num_queries: Any
) -> None:
    plan = Plan.objects.create(
        studio=studio, kind="personal", title="个人规划", body="b", owner_teacher=member.teacher, author=member
    )
    plan_services.plan_submit(actor=member, plan=plan)
    client = host_client(world)
    # session, user, role assignments, studio memberships, the plan with its studio and people,
    # activity.view in scope, the transitions with their actors, and the session's savepoint,
    # update and release. The guards read the principal's cached grants.
    with django_assert_max_num_queries(10) as captured:
        response = client.get(f"/activities/plans/{plan.uid}/")
    assert response.status_code == 200, captured
    assert response.context["can_acknowledge"] and response.context["can_comment"]


def test_a_second_semester_plan_for_the_same_semester_is_refused_and_the_form_kept(
    world: World, studio: Studio
) -> None:
    host = host_client(world)
    assert host.post(f"/activities/studio/{studio.uid}/plans/new/?kind=semester", SEMESTER).status_code == 302
    again = {**SEMESTER, "title": "另一份春季计划", "body": "四月：读书会。"}
    response = host.post(f"/activities/studio/{studio.uid}/plans/new/?kind=semester", again)
    assert response.status_code == 400
    html = response.content.decode()
    assert "2026 年春季学期计划" in html and "四月：读书会。" in html  # names the existing plan, keeps the text
    assert Plan.objects.count() == 1
    # The next semester takes its own plan; a semester plan must say which semester it is for.
    autumn = {**SEMESTER, "period_key": "2026-2027-autumn"}
    assert host.post(f"/activities/studio/{studio.uid}/plans/new/?kind=semester", autumn).status_code == 302
    with pytest.raises(ValidationError):
        plan_services.plan_create(
            actor=world.teacher_user, studio=studio, kind="semester", data={**SEMESTER, "period_key": " "}
        )


def test_a_studio_has_one_cycle_plan_and_a_member_one_personal_plan_a_period(
    world: World, studio: Studio, member: User
) -> None:
    cycle = {"title": "三年规划", "theme": "", "body": "总体目标。"}
    plan_services.plan_create(actor=world.teacher_user, studio=studio, kind="cycle", data=cycle)
    with pytest.raises(ValidationError):
        plan_services.plan_create(actor=world.teacher_user, studio=studio, kind="cycle", data=cycle)
    personal = {"title": "我的规划", "period_key": "cycle", "theme": "", "body": "目标。"}
    plan_services.plan_create(actor=member, studio=studio, kind="personal", data=personal)
    with pytest.raises(ValidationError):
        plan_services.plan_create(actor=member, studio=studio, kind="personal", data=personal)
    # Another member's plan for the same period is theirs alone.
    other = _team_user(studio, world, "member", "成员丙")
    plan_services.plan_create(actor=other, studio=studio, kind="personal", data=personal)
    assert Plan.objects.filter(kind="personal").count() == 2
