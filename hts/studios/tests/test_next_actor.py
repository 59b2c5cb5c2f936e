"""Whoever must act next on a studio application or a membership is told, and so is the applicant when
it is decided (issue 13, point 12)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hts.accounts.models import Role
from hts.notifications.models import Notification
from hts.studios import services
from hts.studios.memberships import services as membership_services
from hts.studios.models import Batch, Studio
from hts.studios.tests.test_lifecycle import _apply, _under_review
from hts.studios.tests.test_team import _applied, _evaluated, _fresh
from testkit import World, make_user


def _titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_batchs_bureau_is_told_an_application_awaits_its_review(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _city_batch(world)
    province_staff = make_user("province", Role.BUREAU_STAFF, region=world.province)
    with django_capture_on_commit_callbacks(execute=True):
        studio = _apply(world, batch)
    # The city's bureau (the batch's) and the district's below it, not the province above it.
    assert any("等待您审核" in title for title in _titles(world.city_staff))
    assert _titles(world.district_staff)
    assert not _titles(province_staff) and not _titles(world.district_b_staff)
    review = Notification.objects.get(recipient=world.city_staff, title__contains="等待您审核")
    assert review.url == f"/studios/{studio.uid}/"
    # The declared research awaits the bureau's check (待核实): the same bureau is told to check it.
    check = Notification.objects.get(recipient=world.city_staff, title__contains="请核实")
    assert studio.research_title in check.title and check.url == review.url
    assert not any("请核实" in title for title in _titles(world.teacher_user))


def _city_batch(world: World) -> Batch:
    from hts.studios.tests.test_team import _batch

    return _batch(world)


def test_the_applicant_is_told_the_material_check_failed(world: World, django_capture_on_commit_callbacks: Any) -> None:
    studio = _apply(world, _city_batch(world))
    with django_capture_on_commit_callbacks(execute=True):
        services.studio_material_check(actor=world.city_staff, studio=studio, passed=False, comment="材料不全")
    notice = Notification.objects.get(recipient=world.teacher_user)
    assert "未获批准" in notice.title and notice.body == "材料不全"


def test_the_applicant_is_told_of_approval(world: World, django_capture_on_commit_callbacks: Any) -> None:
    studio = _under_review(world, _city_batch(world))
    services.studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal(90))
    for i in range(3):
        services.review_score_submit(
            actor=make_user(f"r{i}", Role.BUREAU_STAFF, region=world.city), studio=studio, score=Decimal(85)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.studio_decide(actor=world.city_staff, studio=studio, approve=True, reason="评审通过")
    assert any("已获批准" in title for title in _titles(world.teacher_user))


def _team_studio(world: World) -> Studio:
    from hts.studios.tests.test_team import _batch, _studio

    return _studio(_batch(world), world.teacher_a)


def test_the_host_is_told_of_a_join_application_and_the_bureau_of_an_evaluated_one(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    studio = _team_studio(world)
    host = _fresh(world.teacher_user)
    with django_capture_on_commit_callbacks(execute=True):
        membership = _applied(studio, world.school_b)
    assert any("等待您处理" in title for title in _titles(host))
    assert not _titles(world.district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        membership_services.membership_admit(actor=host, membership=membership)
        membership_services.membership_evaluate(actor=host, membership=membership, evaluation="现场评估合格")
    assert any("等待您审批" in title for title in _titles(world.district_staff))
    assert any("等待您审批" in title for title in _titles(world.city_staff))
    applicant = membership.teacher.user
    with django_capture_on_commit_callbacks(execute=True):
        membership_services.membership_approve(actor=world.district_staff, membership=membership)
    assert any("已加入" in title for title in _titles(applicant))


def test_an_invited_mentor_waits_for_the_bureau_and_a_refused_applicant_is_told(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    studio = _team_studio(world)
    host = _fresh(world.teacher_user)
    with django_capture_on_commit_callbacks(execute=True):
        membership_services.mentor_invite(
            actor=host, studio=studio, external_name="张教授", external_affiliation="深圳大学"
        )
    assert any("张教授" in title for title in _titles(world.district_staff))
    evaluated = _evaluated(studio, world.school_b, host)
    with django_capture_on_commit_callbacks(execute=True):
        membership_services.membership_refuse(actor=host, membership=evaluated, reason="名额已满")
    notice = Notification.objects.get(recipient=evaluated.teacher.user)
    assert "未被接受" in notice.title and notice.body == "名额已满"
