"""Background tasks of classwork (django-tasks): they only parse arguments and call services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hts.classwork.retention import pupils_anonymise_due


@task()
def anonymise_left_pupils(day: str = "") -> int:
    """Anonymise the records of pupils who left their class the region's number of days ago."""
    return len(pupils_anonymise_due(dt.date.fromisoformat(day) if day else None))
