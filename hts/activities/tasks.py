"""Background tasks of the activities app (django-tasks): they only parse arguments and call services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hts.activities.reminders import reminders_compute


@task()
def send_daily_reminders(day: str = "") -> dict[str, int]:
    """The day's reminders; `day` (YYYY-MM-DD) defaults to today in the platform's time zone."""
    return reminders_compute(today=dt.date.fromisoformat(day) if day else None)
