"""Closing a round and saving a score at the same time (issue 12 point 7): a score either lands
before the close reads the scores, and is counted, or is refused; never saved and left out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps

from hts.core.workflow import TransitionRefused
from hts.evaluation.rounds import combine
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.rounds.services import Entry, round_close, scores_save, sheet_submit
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round, score_all
from testkit import World, make_teacher, make_user, run_at_once


def _results_match_scores(rnd: EvaluationRound) -> None:
    """Every item result is the combination of the scores stored now."""
    for result in ItemResult.objects.filter(subject__round=rnd):
        points = list(
            Score.objects.filter(subject_id=result.subject_id, item_id=result.item_id).values_list("points", flat=True)
        )
        assert result.points == combine.combine(rnd.combination, points)


@pytest.mark.django_db
def test_a_sheet_loaded_before_the_close_cannot_save_after_it(rounds: RoundWorld) -> None:
    for subject in rounds.subjects:
        for rater in rounds.raters:
            score_all(rounds.round, rater, subject, Decimal("0.8"))
    rater = Rater.objects.select_related("round").get(pk=rounds.raters[1].pk)
    subject = Subject.objects.select_related("round").get(pk=rounds.subjects[0].pk)
    item = rounds.version.items.get(number=1)
    before = Score.objects.get(rater=rater, subject=subject, item=item).points

    round_close(actor=rounds.organiser, rnd=EvaluationRound.objects.get(pk=rounds.round.pk))

    assert subject.round.status == EvaluationRound.Status.OPEN  # what the rater's page still holds
    with pytest.raises(TransitionRefused, match="评分不能再修改"):
        scores_save(actor=rater.user, rater=rater, subject=subject, entries={item.pk: Entry(points=Decimal("0"))})
    with pytest.raises(TransitionRefused):
        sheet_submit(actor=rater.user, rater=rater)
    assert Score.objects.get(rater=rater, subject=subject, item=item).points == before
    _results_match_scores(rounds.round)


@pytest.mark.django_db(transaction=True)
def test_closing_and_saving_at_once_never_leave_a_score_out(world: World) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    rnd = make_round(world, status="open")
    subject = add_subject(rnd, world.teacher_a)
    second = make_user("rater_race", teacher=make_teacher(world.school_a, "周组长", mobile="13800000991"))
    raters = [Rater.objects.create(round=rnd, user=world.school_staff), Rater.objects.create(round=rnd, user=second)]
    for rater in raters:
        score_all(rnd, rater, subject, Decimal("0.8"))
    item = rnd.version.items.get(number=1)
    # Both requests hold what their pages loaded: the round as open.
    stale_rater = Rater.objects.select_related("round").get(pk=raters[1].pk)
    stale_subject = Subject.objects.select_related("round").get(pk=subject.pk)

    def close() -> str:
        round_close(actor=world.school_staff, rnd=EvaluationRound.objects.get(pk=rnd.pk))
        return "closed"

    def save() -> str:
        scores_save(
            actor=second, rater=stale_rater, subject=stale_subject, entries={item.pk: Entry(points=Decimal("0"))}
        )
        return "saved"

    outcomes: list[Any] = run_at_once([close, save])
    assert outcomes[0] == "closed"
    assert outcomes[1] == "saved" or isinstance(outcomes[1], TransitionRefused)
    _results_match_scores(rnd)
    changed = Score.objects.get(rater=raters[1], subject=subject, item=item).points == Decimal("0")
    assert changed == (outcomes[1] == "saved")
