"""Changing and deleting a log entry: only its class's head teacher and deputy (who hold
`classwork.log.write` on it), only while its semester is open, each audited.

A semester is closed once its last day has passed: its log is the record the handbook and the rubric
read, so it stays as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.classwork.models import Kind, LogEntry
from hts.classwork.services import entry_check
from hts.core.audit import audit_record
from hts.core.files import stored_file_discard
from hts.org.models import Semester

# What a change may touch (the kind, the class and the semester stay).
CHANGED = ("on", "title", "notes", "follow_up", "visit_mode", "pupil_id")


def semester_closed(semester: Semester, today: dt.date | None = None) -> bool:
    return semester.ends_on < (today or timezone.localdate())


def closed_message(semester: Semester) -> str:
    return _("%(semester)s ended on %(end)s: its log is read-only.") % {
        "semester": semester,
        "end": semester.ends_on,
    }


def _open_entry(actor: Any, entry: LogEntry) -> LogEntry:
    """The entry locked for writing, once the actor's right and its open semester are checked."""
    locked = LogEntry.objects.select_for_update().select_related("semester", "school_class").get(pk=entry.pk)
    require(actor, "classwork.log.write", locked)
    if semester_closed(locked.semester):
        raise ValidationError(closed_message(locked.semester))
    return locked


@transaction.atomic
def entry_change(*, actor: Any, entry: LogEntry, data: dict[str, Any]) -> LogEntry:
    """The entry's fields from `data` (its kind's form), held to the same rules as a new entry."""
    entry = _open_entry(actor, entry)
    data = {**data, "kind": entry.kind}
    pupil = entry_check(entry.school_class, entry.semester, data)
    before = {name: getattr(entry, name) for name in CHANGED}
    entry.on = data["on"]
    for name in ("title", "notes", "follow_up"):
        if name in data:
            setattr(entry, name, data[name] or "")
    entry.visit_mode = data.get("visit_mode", "") if entry.kind == Kind.HOME_VISIT else ""
    entry.pupil = pupil
    # Whoever recorded it may have left (SET_NULL): a change does not touch that.
    entry.full_clean(exclude=["recorded_by"])
    entry.save()
    # The pupil is kept by id, never by name: the audit log reaches further than the class.
    changes = {
        name: [str(before[name]) if name == "on" else before[name], str(after) if name == "on" else after]
        for name in CHANGED
        if (after := getattr(entry, name)) != before[name]
    }
    audit_record(
        actor=actor,
        action="classwork.entry.changed",
        target=entry,
        target_label=str(entry.school_class),
        changes=changes,
    )
    return entry


@transaction.atomic
def entry_delete(*, actor: Any, entry: LogEntry) -> None:
    """The entry and its photos (rows and stored files) are gone; the audit keeps its kind and date."""
    entry = _open_entry(actor, entry)
    photos = list(entry.photos.all())
    audit_record(
        actor=actor,
        action="classwork.entry.deleted",
        target=entry,
        target_label=str(entry.school_class),
        changes={"kind": entry.kind, "on": str(entry.on), "photos": len(photos)},
    )
    entry.delete()
    # The files go only once the rows are gone for good.
    transaction.on_commit(lambda: [stored_file_discard(photo) for photo in photos])
