"""Background tasks of the portal (django-tasks): they only parse arguments and call services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hts.portal.comments.retention import comment_contacts_erase_due


@task()
def erase_comment_contacts(day: str = "") -> int:
    """Erase visitors' contacts on comments decided (or left) long enough ago; `day` defaults to today."""
    return comment_contacts_erase_due(dt.date.fromisoformat(day) if day else None)
