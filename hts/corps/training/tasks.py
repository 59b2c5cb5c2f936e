"""Background task of training (django-tasks): parses its argument and calls the service."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hts.corps.training.services import remind_behind


@task()
def remind_training_behind(day: str = "") -> int:
    return remind_behind(dt.date.fromisoformat(day) if day else None)
