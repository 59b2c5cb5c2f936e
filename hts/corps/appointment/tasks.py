"""Background task of competitive appointment (django-tasks): parses its argument and calls the service."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hts.corps.appointment.acceptance import terms_start


@task()
def start_appointed_terms(day: str = "") -> int:
    """Appointees whose term has begun take over their classes; `day` (YYYY-MM-DD) defaults to today."""
    return terms_start(dt.date.fromisoformat(day) if day else None)
