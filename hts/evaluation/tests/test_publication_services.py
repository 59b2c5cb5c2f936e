"""Objections, corrections and finalising, through the services (publication: issue 6 points 4, 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from hts.core.models import AuditEntry, WorkflowTransition
from hts.core.workflow import TransitionRefused
from hts.evaluation.publication import services
from hts.evaluation.publication.models import Correction, Objection
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Subject
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round, publish_by_hand, score_all
from hts.notifications.models import Notification
from testkit import run_at_once

DURING = dt.date(2026, 11, 3)  # publish_by_hand: objections until 2026-11-05
AFTER = dt.date(2026, 11, 6)


@pytest.fixture
def published(rounds: RoundWorld) -> RoundWorld:
    """teacher_a 80 %, 赵 70 %, 钱 50 % of every item by both raters, published by hand."""
    for subject, share in zip(rounds.subjects, ("0.8", "0.7", "0.5"), strict=True):
        for rater in rounds.raters:
            score_all(rounds.round, rater, subject, Decimal(share))
    publish_by_hand(rounds.round)
    rounds.round.refresh_from_db()
    for subject in rounds.subjects:
        subject.refresh_from_db()
    return rounds


def item(r: RoundWorld, number: int) -> Any:
    return r.version.items.get(number=number)


def test_the_person_raises_an_objection_about_an_item(published: RoundWorld) -> None:
    subject, user = published.subjects[0], published.subject_users[0]
    objection = services.objection_raise(
        actor=user, subject=subject, reason="第3项学习笔记已交", item=item(published, 3), today=DURING
    )
    assert objection.status == Objection.Status.OPEN
    assert AuditEntry.objects.filter(action="evaluation.objection.raised").count() == 1
    # A second open objection on the same item is refused; another item is fine.
    with pytest.raises(TransitionRefused):
        services.objection_raise(actor=user, subject=subject, reason="再议", item=item(published, 3), today=DURING)
    services.objection_raise(actor=user, subject=subject, reason="第5项", item=item(published, 5), today=DURING)


@pytest.mark.parametrize(
    "case",
    ["colleague", "organiser", "late", "not_published", "no_reason"],
)
def test_objections_are_refused_outside_their_rules(published: RoundWorld, case: str) -> None:
    subject, user, today, reason = published.subjects[0], published.subject_users[0], DURING, "理由"
    if case == "colleague":
        user = published.subject_users[1]
    elif case == "organiser":
        user = published.organiser
    elif case == "late":
        today = AFTER
    elif case == "not_published":
        EvaluationRound.objects.filter(pk=published.round.pk).update(status=EvaluationRound.Status.FINAL)
    elif case == "no_reason":
        reason = "  "
    with pytest.raises((PermissionDenied, ValidationError)):
        services.objection_raise(actor=user, subject=subject, reason=reason, today=today)
    assert not Objection.objects.exists()


def test_upholding_corrects_the_item_total_ranks_and_grade_and_notifies(published: RoundWorld) -> None:
    third = published.subjects[2]  # 50 %: last, not qualified
    assert third.rank_in_school == 3
    objection = services.objection_raise(
        actor=published.subject_users[2], subject=third, reason="第17项漏计", item=item(published, 17), today=DURING
    )
    item17 = item(published, 17)
    old = ItemResult.objects.get(subject=third, item=item17).points
    services.objection_decide(
        actor=published.organiser,
        objection=objection,
        upheld=True,
        outcome="经核实，补计成果",
        new_points=item17.max_points,
    )
    objection.refresh_from_db()
    third.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD and objection.decided_by == published.organiser
    correction = Correction.objects.get(subject=third)
    assert (correction.old_points, correction.new_points, correction.objection) == (old, item17.max_points, objection)
    assert third.total == sum(r.points for r in ItemResult.objects.filter(subject=third))
    assert third.total == Decimal("50") - old + item17.max_points
    assert third.grade == "failed"  # 59.x % of 100 < 60 %
    assert Notification.objects.filter(recipient=published.subject_users[2]).count() == 2  # correction + outcome
    assert WorkflowTransition.objects.filter(target_id=str(objection.uid), to_state="upheld").exists()
    # Deciding twice is refused (someone else already acted).
    with pytest.raises(TransitionRefused):
        services.objection_decide(actor=published.organiser, objection=objection, upheld=False, outcome="再议")


def test_a_correction_reranks_school_and_district(published: RoundWorld) -> None:
    third = published.subjects[2]
    # Full points on the heaviest items until 钱 (50 %) passes 赵 (70 %).
    corrections = 0
    for it in published.version.items.order_by("-max_points", "number"):
        services.result_correct(
            actor=published.organiser, subject=third, item=it, new_points=it.max_points, reason="复核"
        )
        corrections += 1
        third.refresh_from_db()
        if third.total > published.subjects[1].total:
            break
    ranks = {
        s.pk: (s.rank_in_school, s.rank_in_district, s.grade) for s in Subject.objects.filter(round=published.round)
    }
    totals = {s.pk: s.total for s in Subject.objects.filter(round=published.round)}
    assert totals[third.pk] > totals[published.subjects[1].pk]
    assert ranks[third.pk][:2] == (2, 2)
    assert ranks[published.subjects[1].pk][:2] == (3, 3)
    assert ranks[published.subjects[0].pk][:2] == (1, 1)
    # The corrected person is graded again (above 70 % of 100: qualified); the others keep theirs.
    assert ranks[third.pk][2] == "qualified"
    assert AuditEntry.objects.filter(action="evaluation.result.corrected").count() == corrections


@pytest.mark.parametrize("case", ["no_reason", "above_max", "not_published", "outsider", "same"])
def test_corrections_are_refused_outside_their_rules(published: RoundWorld, world: Any, case: str) -> None:
    subject, it, actor, reason = published.subjects[0], item(published, 1), published.organiser, "复核"
    points = Decimal("1")
    if case == "no_reason":
        reason = ""
    elif case == "above_max":
        points = it.max_points + 1
    elif case == "not_published":
        EvaluationRound.objects.filter(pk=published.round.pk).update(status=EvaluationRound.Status.CLOSED)
    elif case == "outsider":
        actor = world.district_b_staff
    elif case == "same":
        points = ItemResult.objects.get(subject=subject, item=it).points
    with pytest.raises((PermissionDenied, ValidationError)):
        services.result_correct(actor=actor, subject=subject, item=it, new_points=points, reason=reason)
    assert not Correction.objects.exists()


def test_a_final_result_is_still_corrected_and_recorded(published: RoundWorld) -> None:
    EvaluationRound.objects.filter(pk=published.round.pk).update(status=EvaluationRound.Status.FINAL)
    it = item(published, 2)
    services.result_correct(
        actor=published.organiser, subject=published.subjects[0], item=it, new_points=Decimal("0"), reason="虚报"
    )
    assert Correction.objects.get().new_points == Decimal("0")


def test_dismissing_needs_an_outcome(published: RoundWorld) -> None:
    objection = services.objection_raise(
        actor=published.subject_users[0], subject=published.subjects[0], reason="不服", today=DURING
    )
    with pytest.raises(ValidationError):
        services.objection_decide(actor=published.organiser, objection=objection, upheld=False, outcome="")
    services.objection_decide(actor=published.organiser, objection=objection, upheld=False, outcome="评分无误")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED
    assert not Correction.objects.exists()


def test_finalise_after_the_period_with_no_open_objections(published: RoundWorld) -> None:
    rnd = published.round
    objection = services.objection_raise(
        actor=published.subject_users[0], subject=published.subjects[0], reason="不服", today=DURING
    )
    with pytest.raises(TransitionRefused, match="异议期"):
        services.round_finalise(actor=published.organiser, rnd=rnd, today=DURING)
    with pytest.raises(TransitionRefused) as refused:
        services.round_finalise(actor=published.organiser, rnd=rnd, today=AFTER)
    assert "1" in refused.value.messages[0]
    services.objection_decide(actor=published.organiser, objection=objection, upheld=False, outcome="评分无误")
    with pytest.raises(PermissionDenied):
        services.round_finalise(actor=published.subject_users[0], rnd=rnd, today=AFTER)
    services.round_finalise(actor=published.organiser, rnd=rnd, today=AFTER)
    rnd.refresh_from_db()
    assert rnd.status == EvaluationRound.Status.FINAL
    assert WorkflowTransition.objects.filter(target_id=str(rnd.uid), to_state="final").count() == 1
    with pytest.raises(TransitionRefused):
        services.round_finalise(actor=published.organiser, rnd=rnd, today=AFTER)


def test_a_stale_round_cannot_be_finalised_twice(published: RoundWorld) -> None:
    """Two organisers finalising from the same page: the second, holding a stale round, is refused."""
    stale = EvaluationRound.objects.get(pk=published.round.pk)
    services.round_finalise(actor=published.organiser, rnd=published.round, today=AFTER)
    with pytest.raises(TransitionRefused):
        services.round_finalise(actor=published.organiser, rnd=stale, today=AFTER)
    assert WorkflowTransition.objects.filter(target_id=str(stale.uid), to_state="final").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_finalising_lets_one_through(world: Any) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    rnd = make_round(world, status="open")
    rater = Rater.objects.create(round=rnd, user=world.school_staff)
    score_all(rnd, rater, add_subject(rnd, world.teacher_a), Decimal("0.8"))
    publish_by_hand(rnd)
    organiser = world.school_staff

    def finalise() -> str:
        stale = EvaluationRound.objects.get(pk=rnd.pk)
        services.round_finalise(actor=organiser, rnd=stale, today=AFTER)
        return "ok"

    results = ["refused" if isinstance(r, TransitionRefused) else r for r in run_at_once([finalise, finalise])]
    assert sorted(results) == ["ok", "refused"]
