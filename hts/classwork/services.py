"""Every write of the class work log: the region's policy, a class's pupils and its log entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.classwork.models import ClassRef, ClassworkPolicy, Kind, LogEntry, LogPhoto, Pupil
from hts.classwork.policy import FIELDS
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept
from hts.org.calendar import semester_on
from hts.org.models import Region, Semester
from hts.studios.policy_parts import policy_part_from_template, policy_part_save


def classwork_policy_from_template(*, region: Region, bundle: Any, actor: Any = None) -> ClassworkPolicy | None:
    """The classwork part of a template as `region`'s own policy (registered in ClassworkConfig.ready;
    the caller has checked the actor). A template without one creates none; an existing policy stays."""
    return policy_part_from_template(
        model=ClassworkPolicy,
        region=region,
        values=bundle.classwork_values(),
        code=bundle.code,
        actor=actor,
        action="classwork.policy.from_template",
    )


def classwork_policy_save(*, actor: Any, region: Region, data: dict[str, Any]) -> ClassworkPolicy:
    return policy_part_save(
        model=ClassworkPolicy,
        region=region,
        data=data,
        fields=FIELDS,
        actor=actor,
        manage="classwork.policy.manage",
        action="classwork.policy.saved",
    )


def _class(actor: Any, action: str, school_class: Any) -> ClassRef:
    ref = ClassRef.objects.select_related("school__region").get(pk=school_class.pk)
    require(actor, action, ref)
    return ref


@transaction.atomic
def pupil_add(
    *,
    actor: Any,
    school_class: Any,
    name: str,
    gender: str,
    left_behind: bool = False,
    special_family: bool = False,
    learning_difficulty: bool = False,
) -> Pupil:
    ref = _class(actor, "classwork.pupils.manage", school_class)
    name = name.strip()
    if Pupil.objects.filter(school_class=ref, name=name).exists():
        raise ValidationError({"name": _("This class already has a pupil named “%(name)s”.") % {"name": name}})
    pupil = Pupil(
        school_class=ref,
        name=name,
        gender=gender,
        left_behind=left_behind,
        special_family=special_family,
        learning_difficulty=learning_difficulty,
    )
    pupil.full_clean()
    pupil.save()
    # The audit keeps the act and the class, not the minor's name.
    audit_record(
        actor=actor, action="classwork.pupil.added", target=pupil, target_label=str(ref), changes={"pupil": pupil.pk}
    )
    return pupil


@transaction.atomic
def pupils_import(*, actor: Any, school_class: Any, rows: list[dict[str, Any]]) -> int:
    """Rows already checked by the importer (whole file or nothing); a name already in the class is
    left as it is, so importing the same file twice adds nothing."""
    ref = _class(actor, "classwork.pupils.manage", school_class)
    existing = set(Pupil.objects.filter(school_class=ref).values_list("name", flat=True))
    new = [Pupil(school_class=ref, **row) for row in rows if row["name"] not in existing]
    Pupil.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="classwork.pupils.imported",
        target=ref,
        target_label=str(ref),
        changes={"added": len(new), "rows": len(rows)},
    )
    return len(new)


def semester_of(school_class: Any, day: dt.date) -> Semester | None:
    return semester_on(school_class.school.region, day)


def entry_check(ref: Any, semester: Semester, data: dict[str, Any]) -> Pupil | None:
    """The rules of an entry, new or changed, before anything is written: its date in `semester` and not
    to come, a home visit's pupil of this class and its mode, a photo the stored-file check accepts.
    Returns the pupil the entry keeps (none but a visit's)."""
    day = data["on"]
    if not semester.starts_on <= day <= semester.ends_on:
        raise ValidationError(
            {
                "on": _("The date %(day)s is outside the semester (%(start)s to %(end)s).")
                % {"day": day, "start": semester.starts_on, "end": semester.ends_on}
            }
        )
    if day > timezone.localdate():
        raise ValidationError({"on": _("The date %(day)s has not come yet.") % {"day": day}})
    pupil = data.get("pupil")
    if data["kind"] != Kind.HOME_VISIT:
        pupil = None
    elif pupil is None:
        raise ValidationError({"pupil": _("Choose the pupil visited.")})
    elif pupil.school_class_id != ref.pk:
        raise ValidationError({"pupil": _("This pupil is not in this class.")})
    elif pupil.anonymised_on is not None:
        raise ValidationError({"pupil": _("This pupil's records are already anonymised.")})
    elif not data.get("visit_mode"):
        raise ValidationError({"visit_mode": _("Choose how the visit was made.")})
    if data.get("photo"):
        # Checked before anything is written, so a refused photo leaves no entry and no stored file.
        try:
            LogPhoto.file_use.check(data["photo"])
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
    return pupil


@transaction.atomic
def entry_record(*, actor: Any, school_class: Any, semester: Semester, data: dict[str, Any]) -> LogEntry:
    """One entry of the class's log in `semester` (the page's): its date must fall in that semester and a
    home visit's pupil must be of this class."""
    ref = _class(actor, "classwork.log.write", school_class)
    pupil = entry_check(ref, semester, data)
    kind, day, photo = data["kind"], data["on"], data.get("photo")
    entry = LogEntry(
        school_class=ref,
        semester=semester,
        kind=kind,
        on=day,
        title=data.get("title", ""),
        notes=data.get("notes", ""),
        follow_up=data.get("follow_up", ""),
        visit_mode=data.get("visit_mode", "") if kind == Kind.HOME_VISIT else "",
        pupil=pupil,
        recorded_by=actor,
    )
    entry.full_clean()
    entry.save()
    if photo:
        stored_file_accept(LogPhoto, photo, uploaded_by=actor, entry=entry)
    audit_record(
        actor=actor,
        action="classwork.entry.recorded",
        target=entry,
        target_label=str(ref),
        changes={"kind": kind, "on": str(day)},
    )
    return entry
