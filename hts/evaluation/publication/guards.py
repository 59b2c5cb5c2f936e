"""Guards of publication (公示), asked by the pages and the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.evaluation.rounds.models import EvaluationRound


def objections_accepted(rnd: EvaluationRound, today: dt.date | None = None) -> bool:
    """Whether the round takes objections today: published, within its objection period."""
    return (
        rnd.status == EvaluationRound.Status.PUBLISHED
        and rnd.objections_until is not None
        and (today or timezone.localdate()) <= rnd.objections_until
    )
