"""Left-behind children's files (留守儿童档案, 001 附件2 item 11): the writes, the reads and the audit of
every read.

A file exists only for a pupil flagged left-behind, in the class whose page it is made from. It reaches
the pupil's head teacher and deputy and the school's office (`classwork.leftbehind.*`); a bureau sees
counts per school (`bureau_counts`), never a name. Unflagging a pupil keeps the file and hides it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import can, get_scoped_or_404, require, scoped
from hts.classwork.models import ClassRef, LeftBehindActivity, LeftBehindFile, LeftBehindNote, Pupil
from hts.core.audit import audit_record
from hts.org.calendar import lineage_paths
from hts.org.models import Region, School, SchoolYear, Semester

VIEW, MANAGE, COUNTS = "classwork.leftbehind.view", "classwork.leftbehind.manage", "classwork.leftbehind.counts"
BASE_FIELDS = ("guardian_name", "guardian_relation", "parents_work", "contact_plan")


# Reads -------------------------------------------------------------------------------------------


def class_for(user: Any, action: str, uid: Any) -> ClassRef:
    """The class if `action` reaches it; 404 otherwise (also for a role without the action, so that a
    bureau or a plain teacher learns nothing, not even that the class keeps files)."""
    if not can(user, action):
        raise Http404
    return get_scoped_or_404(
        user, action, ClassRef.objects.select_related("school__region", "head_teacher", "deputy"), uid=uid
    )


def file_for(user: Any, action: str, uid: Any) -> LeftBehindFile:
    """A file of a pupil still flagged, if `action` reaches it; 404 otherwise (an unflagged pupil's file
    is kept but hidden)."""
    if not can(user, action):
        raise Http404
    return get_scoped_or_404(
        user,
        action,
        LeftBehindFile.objects.select_related("pupil__school_class__school__region").filter(pupil__left_behind=True),
        uid=uid,
    )


def flagged_pupils(school_class: Any) -> list[Pupil]:
    """The class's flagged pupils with their file (if any) and its latest activity: the file list."""
    return list(
        Pupil.objects.filter(school_class=school_class, left_behind=True)
        .select_related("left_behind_file")
        .annotate(
            activity_count=Count("left_behind_file__activities", distinct=True),
            note_count=Count("left_behind_file__notes", distinct=True),
        )
        .order_by("name", "id")
    )


def hidden_file_count(school_class: Any) -> int:
    return LeftBehindFile.objects.filter(pupil__school_class=school_class, pupil__left_behind=False).count()


def rows_of(file: LeftBehindFile) -> tuple[list[LeftBehindActivity], list[LeftBehindNote]]:
    return list(file.activities.all()), list(file.notes.all())


def files_of_class(school_class: Any) -> list[LeftBehindFile]:
    """The class's shown files (flagged pupils) with their rows, for the export."""
    return list(
        LeftBehindFile.objects.filter(pupil__school_class=school_class, pupil__left_behind=True)
        .select_related("pupil")
        .prefetch_related("activities", "notes")
        .order_by("pupil__name", "pupil_id")
    )


def record_read(*, actor: Any, file: LeftBehindFile, reason: str) -> None:
    """Every showing of a file leaves an entry: who and when (the entry's own), why (the reason)."""
    audit_record(
        actor=actor,
        action="classwork.leftbehind.read",
        target=file,
        changes={"pupil": file.pupil_id, "reason": reason},
    )


def record_export(*, actor: Any, school_class: Any, reason: str, count: int) -> None:
    audit_record(
        actor=actor,
        action="classwork.leftbehind.exported",
        target=school_class,
        target_label=str(school_class),
        changes={"files": count, "reason": reason},
    )


def _semesters_today(regions: set[Region], today: dt.date) -> dict[int, Semester | None]:
    """Each region's semester today, as `hts.org.calendar.semester_on` finds it (the nearest region
    up the tree with any school year governs), for many regions in two queries."""
    paths = {path for region in regions for path in lineage_paths(region.path)}
    with_years = dict(
        Region.objects.filter(path__in=paths)
        .filter(Exists(SchoolYear.objects.filter(region=OuterRef("pk"))))
        .values_list("path", "pk")
    )
    current = {
        semester.school_year.region_id: semester
        for semester in Semester.objects.filter(
            school_year__region_id__in=with_years.values(), starts_on__lte=today, ends_on__gte=today
        ).select_related("school_year")
    }
    found: dict[int, Semester | None] = {}
    for region in regions:
        source = next((with_years[p] for p in reversed(lineage_paths(region.path)) if p in with_years), None)
        found[region.pk] = current.get(source) if source is not None else None
    return found


def bureau_counts(user: Any, today: dt.date, limit: int) -> list[dict[str, Any]]:
    """Per school in the user's reach: flagged pupils, files kept (of flagged pupils), and files with an
    activity in the school's semester today. Numbers only: no query here selects a pupil's name."""
    schools = list(
        scoped(user, COUNTS, School.objects.select_related("region"))
        .annotate(
            flagged=Count("classes__pupils", filter=Q(classes__pupils__left_behind=True), distinct=True),
            kept=Count(
                "classes__pupils__left_behind_file",
                filter=Q(classes__pupils__left_behind=True),
                distinct=True,
            ),
        )
        .order_by("region__path", "name")[:limit]
    )
    semesters = _semesters_today({school.region for school in schools}, today)
    active: dict[int, int] = {}
    by_semester: dict[int, tuple[Semester, list[int]]] = {}
    for school in schools:
        semester = semesters[school.region_id]
        if semester is not None:
            by_semester.setdefault(semester.pk, (semester, []))[1].append(school.pk)
    for semester, school_ids in by_semester.values():
        rows = (
            LeftBehindFile.objects.filter(
                pupil__left_behind=True,
                pupil__school_class__school_id__in=school_ids,
                activities__on__gte=semester.starts_on,
                activities__on__lte=min(semester.ends_on, today),
            )
            .values("pupil__school_class__school_id")
            .annotate(n=Count("pk", distinct=True))
        )
        active.update({row["pupil__school_class__school_id"]: row["n"] for row in rows})
    return [
        {
            "school": school,
            "flagged": school.flagged,  # type: ignore[attr-defined]
            "kept": school.kept,  # type: ignore[attr-defined]
            "active": active.get(school.pk, 0),
            "semester": semesters[school.region_id],
        }
        for school in schools
    ]


# Writes ------------------------------------------------------------------------------------------


def _clean_base(data: dict[str, Any]) -> dict[str, str]:
    return {name: (data.get(name) or "").strip() for name in BASE_FIELDS}


@transaction.atomic
def file_create(*, actor: Any, school_class: Any, pupil: Pupil | None, data: dict[str, Any]) -> LeftBehindFile:
    """A file for a flagged pupil of this class; refused, with the reason beside the pupil, for a pupil of
    another class, one not flagged, or one who has a file already."""
    ref = ClassRef.objects.select_related("school__region").get(pk=school_class.pk)
    require(actor, MANAGE, ref)
    if pupil is None:
        raise ValidationError({"pupil": _("Choose the pupil.")})
    if pupil.school_class_id != ref.pk:
        raise ValidationError(
            {"pupil": _("This pupil is not in this class: a file is made from the pupil's own class.")}
        )
    if not pupil.left_behind:
        raise ValidationError(
            {"pupil": _("This pupil is not flagged as a left-behind child: flag the pupil on the pupil list first.")}
        )
    if LeftBehindFile.objects.filter(pupil=pupil).exists():
        raise ValidationError({"pupil": _("This pupil already has a left-behind child's file.")})
    file = LeftBehindFile(pupil=pupil, updated_by=actor, **_clean_base(data))
    file.full_clean()
    file.save()
    # The audit keeps the act, the class and the pupil's id, never the minor's name nor the family's
    # details: a bureau reads its region's audit log.
    audit_record(
        actor=actor,
        action="classwork.leftbehind.created",
        target=file,
        changes={"pupil": pupil.pk},
    )
    return file


@transaction.atomic
def file_edit(*, actor: Any, file: LeftBehindFile, data: dict[str, Any]) -> LeftBehindFile:
    file = (
        LeftBehindFile.objects.select_for_update().select_related("pupil__school_class__school__region").get(pk=file.pk)
    )
    require(actor, MANAGE, file)
    changed = []
    for name, after in _clean_base(data).items():
        if getattr(file, name) != after:
            changed.append(name)
            setattr(file, name, after)
    file.updated_by = actor
    file.full_clean()
    file.save()
    # Which fields changed, not their values (see `file_create`).
    audit_record(
        actor=actor,
        action="classwork.leftbehind.edited",
        target=file,
        changes={"pupil": file.pupil_id, "changed_fields": changed},
    )
    return file


def _check_day(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"on": _("The date %(day)s has not come yet.") % {"day": day}})


@transaction.atomic
def activity_add(*, actor: Any, file: LeftBehindFile, data: dict[str, Any]) -> LeftBehindActivity:
    require(actor, MANAGE, file)
    _check_day(data["on"])
    row = LeftBehindActivity(
        file=file, on=data["on"], title=data["title"].strip(), notes=data.get("notes", "").strip(), recorded_by=actor
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="classwork.leftbehind.activity",
        target=file,
        changes={"pupil": file.pupil_id, "on": str(row.on)},
    )
    return row


@transaction.atomic
def note_add(*, actor: Any, file: LeftBehindFile, data: dict[str, Any]) -> LeftBehindNote:
    require(actor, MANAGE, file)
    _check_day(data["on"])
    row = LeftBehindNote(file=file, on=data["on"], text=data["text"].strip(), recorded_by=actor)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="classwork.leftbehind.note",
        target=file,
        changes={"pupil": file.pupil_id, "on": str(row.on)},
    )
    return row


# Retention (issue 15 point 6): a left-behind file is wholly about the child and the family, so when the
# pupil is anonymised every typed word goes; the file, its rows and their dates stay so the school's
# counts (files kept, files with an activity) do not change.
ERASED = "（已匿名）"


def file_anonymise(pupil: Pupil) -> None:
    file = LeftBehindFile.objects.filter(pupil=pupil).first()
    if file is None:
        return
    file.guardian_name = file.guardian_relation = ERASED
    file.parents_work = file.contact_plan = ERASED
    file.save(update_fields=["guardian_name", "guardian_relation", "parents_work", "contact_plan", "updated_at"])
    LeftBehindActivity.objects.filter(file=file).update(title=ERASED, notes="")
    LeftBehindNote.objects.filter(file=file).update(text=ERASED)


def file_export_sheet(pupil: Pupil) -> tuple[str, list[str], list[list[Any]]] | None:
    """The pupil's file as one sheet of their records' export: the file's fields, then each dated row."""
    file = LeftBehindFile.objects.filter(pupil=pupil).first()
    if file is None:
        return None
    rows: list[list[Any]] = [
        [None, _("Guardian's name"), file.guardian_name],
        [None, _("Guardian's relation to the child"), file.guardian_relation],
        [None, _("Where the parents work"), file.parents_work],
        [None, _("Contact plan"), file.contact_plan],
    ]
    activities, notes = rows_of(file)
    rows += [[a.on, _("Activity held for the child"), f"{a.title} {a.notes}".strip()] for a in activities]
    rows += [[n.on, _("Support note"), n.text] for n in notes]
    return _("Left-behind child's file"), [_("Date"), _("Item"), _("Content")], rows
