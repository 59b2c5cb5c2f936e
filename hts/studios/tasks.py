"""Background tasks of the studios app (django-tasks): they only parse arguments and call services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hts.studios.services import studios_expire


@task()
def expire_studios(day: str = "") -> int:
    """Mark the studios whose cycle has ended as expired (期满); `day` (YYYY-MM-DD) defaults to today."""
    return len(studios_expire(today=dt.date.fromisoformat(day) if day else None))
