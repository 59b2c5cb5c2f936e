"""Guards of democratic rating."""

from __future__ import annotations

from django.utils import timezone

from hts.evaluation.democratic.models import DemocraticRating
from hts.evaluation.rounds.models import EvaluationRound


def rating_is_open(rating: DemocraticRating) -> bool:
    if rating.round.status != EvaluationRound.Status.OPEN:
        return False
    return rating.closes_on is None or timezone.localdate() <= rating.closes_on
