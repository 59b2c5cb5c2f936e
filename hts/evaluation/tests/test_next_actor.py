"""Whoever must act next in an evaluation is told (issue 13, point 12): each rater when the round opens,
the round's organiser when a person objects to their result."""

from __future__ import annotations

from typing import Any

from hts.evaluation.publication import services as publication
from hts.evaluation.rounds import services
from hts.evaluation.rounds.models import Rater
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round
from hts.evaluation.tests.test_publication_services import DURING, published  # noqa: F401 (fixture)
from hts.notifications.models import Notification
from testkit import World, make_teacher, make_user


def test_each_rater_is_told_when_the_round_opens(world: World, django_capture_on_commit_callbacks: Any) -> None:
    rnd = make_round(world)
    add_subject(rnd, world.teacher_a)
    rater = make_user("rater2", teacher=make_teacher(world.school_a, "孙组长", mobile="13800000113"))
    for user in (world.school_staff, rater):
        Rater.objects.create(round=rnd, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(actor=world.school_staff, rnd=rnd)
    for user in (world.school_staff, rater):
        notice = Notification.objects.get(recipient=user)
        assert "评分表" in notice.title and notice.url == f"/evaluation/rounds/{rnd.uid}/sheet/"
    # The people rated are not raters: they are not told to score.
    assert not Notification.objects.filter(recipient=world.teacher_user).exists()


def test_the_organiser_is_told_of_an_objection_to_decide(
    published: RoundWorld,  # noqa: F811
    world: World,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subject, user = published.subjects[0], published.subject_users[0]
    with django_capture_on_commit_callbacks(execute=True):
        objection = publication.objection_raise(actor=user, subject=subject, reason="第3项学习笔记已交", today=DURING)
    notice = Notification.objects.get(recipient=world.school_staff)
    assert "等待您处理" in notice.title and notice.body == "第3项学习笔记已交"
    assert notice.url == f"/evaluation/objections/{objection.uid}/"
    # The school's own round: its staff decide; the bureau above is not told.
    assert not Notification.objects.filter(recipient=world.district_staff).exists()


def test_each_observer_is_told_their_sheet_awaits(world: World, django_capture_on_commit_callbacks: Any) -> None:
    import datetime as dt

    from hts.evaluation.observations import services as services_observations
    from hts.evaluation.rubrics.models import RubricVersion

    observers = [
        make_user("obs1", teacher=make_teacher(world.school_a, "周听课", mobile="13800000201")),
        make_user("obs2", teacher=make_teacher(world.school_a, "吴听课", mobile="13800000202")),
    ]
    data = {
        "teacher": world.teacher_a, "version": RubricVersion.objects.get(rubric__builtin_code="lesson", number=1),
        "studio": None, "topic": "诚信伴我行", "class_name": "三年级1班", "held_on": dt.date(2026, 10, 15),
        "combination": "mean", "observers": observers,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        observation = services_observations.observation_create(actor=world.school_staff, data=data)
    for user in observers:
        notice = Notification.objects.get(recipient=user)
        assert "诚信伴我行" in notice.title and notice.url == f"/evaluation/observations/{observation.uid}/sheet/"
    assert not Notification.objects.filter(recipient=world.teacher_user).exists()
