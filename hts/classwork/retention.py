"""A pupil's life in the records after the class: editing and leaving, anonymisation a region's number of
days after leaving (a daily step), and export or erasure on a verified request (PIPL 第四十五条, 第四十七条).

Anonymising keeps every row and every flag, so the log's counts (visits, incidents, what the rubric reads)
stay as they were; it removes the pupil's name, the free text of the pupil's home visits, and the name
wherever another entry of the class typed it. The audit log never stores a pupil's name (the services here
and in services.py record the class and the pupil's key only, and take the name out of typed request
notes), so there is nothing in it to scrub.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.accounts.access import require
from hts.classwork.models import ClassRef, LogEntry, Pupil
from hts.classwork.policy import policy_for
from hts.core.audit import audit_record
from hts.core.tabular import write_workbook

# Stored data, not interface text: the placeholder must read the same in every language and stay unique in
# the class (the pupil's key makes it so).
PLACEHOLDER = "已匿名学生{number}"
# Where a typed request note named the pupil.
NAME_IN_NOTE = "（该学生）"

# Other parts of classwork that hold a pupil's data (the left-behind children's files) add a step that
# clears their own fields; each is called inside the anonymisation's transaction with the pupil.
ANONYMISERS: list[Callable[[Pupil], None]] = []


def register_pupil_anonymiser(step: Callable[[Pupil], None]) -> None:
    if step not in ANONYMISERS:
        ANONYMISERS.append(step)


# And each adds its sheet to a pupil's export: a function of the pupil giving (title, headers, rows), or None
# when it holds nothing about them.
EXPORT_SHEETS: list[Callable[[Pupil], tuple[str, list[str], list[list[Any]]] | None]] = []


def register_pupil_export_sheet(sheet: Callable[[Pupil], tuple[str, list[str], list[list[Any]]] | None]) -> None:
    if sheet not in EXPORT_SHEETS:
        EXPORT_SHEETS.append(sheet)


EDITABLE = ("name", "gender", "left_behind", "special_family", "learning_difficulty", "left_on")


def _pupil_for(actor: Any, action: str, pupil: Pupil) -> Pupil:
    ref = ClassRef.objects.get(pk=pupil.school_class_id)
    require(actor, action, ref)
    return Pupil.objects.select_for_update().select_related("school_class__school__region").get(pk=pupil.pk)


@transaction.atomic
def pupil_edit(*, actor: Any, pupil: Pupil, data: dict[str, Any]) -> Pupil:
    """Name, gender, flags and the day the pupil left the class (empty: still in it)."""
    pupil = _pupil_for(actor, "classwork.pupils.manage", pupil)
    if pupil.anonymised_on is not None:
        raise ValidationError(_("This pupil's records are anonymised and can no longer be changed."))
    name = data["name"].strip()
    if Pupil.objects.filter(school_class_id=pupil.school_class_id, name=name).exclude(pk=pupil.pk).exists():
        raise ValidationError({"name": _("This class already has a pupil named “%(name)s”.") % {"name": name}})
    left_on = data.get("left_on")
    if left_on is not None and left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The date %(day)s has not come yet.") % {"day": left_on}})
    changes: dict[str, Any] = {}
    for field in EDITABLE:
        before, after = getattr(pupil, field), name if field == "name" else data.get(field)
        if before == after:
            continue
        if field == "name":
            # The old and the new name stay out of the audit: it says that the name changed, not what it was.
            changes["renamed"] = True
        else:
            changes[field] = [str(before) if isinstance(before, dt.date) else before, str(after) if after else after]
        setattr(pupil, field, after)
    pupil.full_clean()
    pupil.save()
    if changes:
        audit_record(
            actor=actor,
            action="classwork.pupil.left" if "left_on" in changes and pupil.left_on else "classwork.pupil.updated",
            target=pupil,
            target_label=str(pupil.school_class),
            changes={"pupil": pupil.pk, **changes},
        )
    return pupil


def entries_naming(pupil: Pupil) -> list[LogEntry]:
    """The class's entries about the pupil: their home visits, and any entry whose text types their name."""
    name = pupil.name
    named = Q(title__contains=name) | Q(notes__contains=name) | Q(follow_up__contains=name)
    return list(
        LogEntry.objects.filter(Q(pupil=pupil) | (Q(school_class_id=pupil.school_class_id) & named))
        .select_related("semester")
        .order_by("on", "id")
    )


def _anonymise(pupil: Pupil, today: dt.date) -> int:
    """The pupil's name out of every record of the class work log; the rows and flags stay. Returns the
    number of entries changed."""
    name, placeholder = pupil.name, PLACEHOLDER.format(number=pupil.pk)
    entries = entries_naming(pupil)
    for entry in entries:
        if entry.pupil_id == pupil.pk:
            # What was learnt on a visit is about the child and the family: it goes, the visit stays counted.
            entry.notes, entry.follow_up = "", ""
        entry.title = entry.title.replace(name, placeholder)
        entry.notes = entry.notes.replace(name, placeholder)
        entry.follow_up = entry.follow_up.replace(name, placeholder)
    LogEntry.objects.bulk_update(entries, ["title", "notes", "follow_up"])
    pupil.name = placeholder
    pupil.anonymised_on = today
    pupil.save(update_fields=["name", "anonymised_on", "updated_at"])
    for step in ANONYMISERS:
        step(pupil)
    return len(entries)


def pupils_anonymise_due(today: dt.date | None = None) -> list[Pupil]:
    """The daily step: anonymise each pupil whose region's `anonymise_after_days` have passed since they
    left the class (on the day itself: left on 1 March with 365 days, anonymised on 1 March next year).
    A region without the number anonymises nothing by itself. One transaction per pupil, so a failure
    leaves the others done."""
    today = today or timezone.localdate()
    candidates = (
        Pupil.objects.filter(left_on__isnull=False, left_on__lt=today, anonymised_on__isnull=True)
        .select_related("school_class__school__region")
        .order_by("left_on", "id")
    )
    days_by_region: dict[int, int | None] = {}
    done = []
    for pupil in candidates:
        region = pupil.school_class.school.region
        if region.pk not in days_by_region:
            policy = policy_for(region)
            days_by_region[region.pk] = policy.anonymise_after_days if policy is not None else None
        days = days_by_region[region.pk]
        if days is None or pupil.left_on is None or pupil.left_on + dt.timedelta(days=days) > today:
            continue
        with transaction.atomic():
            changed = _anonymise(pupil, today)
            audit_record(
                actor="system",
                action="classwork.pupil.anonymised",
                target=pupil,
                target_label=str(pupil.school_class),
                changes={"pupil": pupil.pk, "left_on": str(pupil.left_on), "days": days, "entries": changed},
            )
        done.append(pupil)
    return done


def _without_name(text: str, pupil: Pupil) -> str:
    return " ".join(text.replace(pupil.name, NAME_IN_NOTE).split()) if pupil.name else text


def _request_changes(pupil: Pupil, reference: str, note: str, entries: int) -> dict[str, Any]:
    return {
        "pupil": pupil.pk,
        "reference": _without_name(reference, pupil),
        "verification": _without_name(note, pupil),
        "entries": entries,
    }


def _check_request(reference: str, note: str) -> None:
    errors = {}
    if not reference.strip():
        errors["reference"] = _("Type the request's reference.")
    if not note.strip():
        errors["note"] = _("Type how the request was verified.")
    if errors:
        raise ValidationError(errors)


def pupil_export(*, actor: Any, pupil: Pupil, reference: str, note: str) -> bytes:
    """The pupil's records as Excel for a verified request (school staff with classwork.pupils.request)."""
    ref = ClassRef.objects.select_related("school").get(pk=pupil.school_class_id)
    require(actor, "classwork.pupils.request", ref)
    _check_request(reference, note)
    entries = entries_naming(pupil)
    content = export_workbook(pupil, ref, entries)
    audit_record(
        actor=actor,
        action="classwork.pupil.exported",
        target=pupil,
        target_label=str(ref),
        changes=_request_changes(pupil, reference, note, len(entries)),
    )
    return content


@transaction.atomic
def pupil_erase(*, actor: Any, pupil: Pupil, reference: str, note: str) -> int:
    """Anonymise now, on a verified request; the pupil need not have left. Returns the entries changed."""
    pupil = _pupil_for(actor, "classwork.pupils.request", pupil)
    _check_request(reference, note)
    if pupil.anonymised_on is not None:
        raise ValidationError(_("This pupil's records are already anonymised."))
    changes = _request_changes(pupil, reference, note, 0)
    changes["entries"] = _anonymise(pupil, timezone.localdate())
    audit_record(
        actor=actor,
        action="classwork.pupil.erased",
        target=pupil,
        target_label=str(pupil.school_class),
        changes=changes,
    )
    return changes["entries"]


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def export_workbook(pupil: Pupil, school_class: Any, entries: list[LogEntry]) -> bytes:
    pupil_sheet = (
        _("Pupil"),
        [
            _("Pupil's name"),
            _("Gender"),
            _("Left-behind child"),
            _("Special family"),
            _("Learning difficulty"),
            _("Left the class on"),
            _("Class"),
            _("School"),
        ],
        [
            [
                pupil.name,
                pupil.get_gender_display(),
                _yes(pupil.left_behind),
                _yes(pupil.special_family),
                _yes(pupil.learning_difficulty),
                pupil.left_on,
                str(school_class),
                school_class.school.name,
            ]
        ],
    )
    entry_sheet = (
        _("Records"),
        [_("Date"), _("Kind"), pgettext("class meeting", "Theme"), _("Notes"), _("Follow-up"), _("How")],
        [
            [
                e.on,
                e.get_kind_display(),
                e.title,
                e.notes,
                e.follow_up,
                e.get_visit_mode_display() if e.visit_mode else "",
            ]
            for e in entries
        ],
    )
    more = [sheet for sheet in (make(pupil) for make in EXPORT_SHEETS) if sheet is not None]
    return write_workbook([pupil_sheet, entry_sheet, *more])
