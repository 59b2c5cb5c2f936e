"""A yearly summary from one month (issue 13, 3): in November a 学年度 summary built from a single
monthly round was finalised and reported as a yearly fail. A yearly summary is finalised only from
the school year's last month, and the refusal names the months it lacks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hts.core.workflow import TransitionRefused
from hts.evaluation.publication.services import round_finalise
from hts.evaluation.rounds import services, summaries
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rounds.selectors import summary_missing_months
from hts.evaluation.tests.conftest import RoundWorld, publish_by_hand, score_all

pytestmark = pytest.mark.django_db


def _yearly_summary_of_october(rounds: RoundWorld) -> EvaluationRound:
    for rater in rounds.raters:
        for subject in rounds.subjects:
            score_all(rounds.round, rater, subject, Decimal("0.5"))  # 50 of 100: a fail
    publish_by_hand(rounds.round)
    yearly = summaries.summary_round_create(actor=rounds.organiser, source=rounds.round, period="yearly")
    services.round_close(actor=rounds.organiser, rnd=yearly)
    services.round_publish(actor=rounds.organiser, rnd=yearly)
    yearly.refresh_from_db()
    return yearly


def test_the_summary_names_the_months_it_lacks(rounds: RoundWorld) -> None:
    yearly = _yearly_summary_of_october(rounds)
    missing = summary_missing_months(yearly)
    assert dt.date(2026, 10, 1) not in missing
    # Autumn semester 2026-09-01 … 2027-01-20 and spring 2027-02-20 … 2027-07-10: 11 months, October held.
    assert missing[:2] == [dt.date(2026, 9, 1), dt.date(2026, 11, 1)]
    assert missing[-1] == dt.date(2027, 7, 1) and len(missing) == 10


def test_a_yearly_summary_is_not_finalised_before_the_school_years_last_month(rounds: RoundWorld) -> None:
    yearly = _yearly_summary_of_october(rounds)
    with pytest.raises(TransitionRefused) as refused:
        round_finalise(actor=rounds.organiser, rnd=yearly, today=dt.date(2026, 12, 10))
    assert "2027年8月" in str(refused.value) and "2026年9月" in str(refused.value) and "2027年7月" in str(refused.value)
    yearly.refresh_from_db()
    assert yearly.status == EvaluationRound.Status.PUBLISHED
    round_finalise(actor=rounds.organiser, rnd=yearly, today=dt.date(2027, 8, 3))
    yearly.refresh_from_db()
    assert yearly.status == EvaluationRound.Status.FINAL
