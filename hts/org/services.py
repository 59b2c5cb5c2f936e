"""Writes to people and places. Each checks permission and scope, runs in a transaction, audits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hts.accounts.access import in_scope
from hts.accounts.permissions import principal_for
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.org.models import Bureau, HeadTeacherService, Honour, Region, School, SchoolClass, Teacher

SCHOOL_FIELDS = [
    "name",
    "code",
    "region",
    "has_primary",
    "has_junior",
    "has_senior",
    "city_direct",
    "village",
    "address",
]
TEACHER_FIELDS = ["name", "gender", "birth_year", "mobile", "school", "subject", "title", "education"]
HONOUR_FIELDS = ["kind", "title", "level", "awarded_on", "issuer"]
SERVICE_FIELDS = ["school", "school_class", "class_label", "started_on", "ended_on"]
CLASS_FIELDS = ["school", "stage", "grade", "name", "head_teacher", "deputy"]


def _require_in_scope(actor: Any, action: str, obj: Any) -> None:
    principal_for(actor).require(action)
    if not in_scope(actor, action, obj):
        raise PermissionDenied(_("“%(name)s” is outside the scope of your role.") % {"name": obj})


@transaction.atomic
def region_create(*, actor: Any, name: str, code: str, kind: str, parent: Region | None, bureau_name: str) -> Region:
    principal_for(actor).require("region.manage")
    if parent is not None:
        _require_in_scope(actor, "region.manage", parent)
    region = Region(name=name, code=code, kind=kind, parent=parent)
    region.path = region.compute_path()
    region.depth = parent.depth + 1 if parent else 0
    region.full_clean()
    region.save()
    audit_record(actor=actor, action="org.region.created", target=region, changes={"name": [None, name]})
    if bureau_name:
        save_audited(
            actor=actor,
            instance=Bureau(region=region),
            data={"name": bureau_name},
            action="org.bureau.created",
            fields=["name"],
        )
    return region


@transaction.atomic
def region_update(*, actor: Any, region: Region, name: str, bureau_name: str) -> Region:
    """Only names change: code and parent fix the region's place in the tree and in every path."""
    _require_in_scope(actor, "region.manage", region)
    save_audited(actor=actor, instance=region, data={"name": name}, action="org.region.updated", fields=["name"])
    bureau = Bureau.objects.filter(region=region).first() or Bureau(region=region)
    if bureau_name and bureau_name != bureau.name:
        save_audited(
            actor=actor, instance=bureau, data={"name": bureau_name}, action="org.bureau.updated", fields=["name"]
        )
    return region


def _check_school_region(actor: Any, action: str, region: Region) -> None:
    principal = principal_for(actor)
    if principal.is_admin:
        return
    if not any(region.path.startswith(path) for path in principal.region_paths):
        raise PermissionDenied(_("Region “%(name)s” is outside the scope of your role.") % {"name": region})


@transaction.atomic
def school_create(*, actor: Any, data: dict[str, Any]) -> School:
    principal_for(actor).require("school.create")
    _check_school_region(actor, "school.create", data["region"])
    return save_audited(actor=actor, instance=School(), data=data, action="org.school.created", fields=SCHOOL_FIELDS)


@transaction.atomic
def school_update(*, actor: Any, school: School, data: dict[str, Any]) -> School:
    _require_in_scope(actor, "school.edit", school)
    if "region" in data:
        _check_school_region(actor, "school.edit", data["region"])
    return save_audited(actor=actor, instance=school, data=data, action="org.school.updated", fields=SCHOOL_FIELDS)


@transaction.atomic
def teacher_create(*, actor: Any, data: dict[str, Any]) -> Teacher:
    _require_in_scope(actor, "teacher.create", data["school"])
    return save_audited(actor=actor, instance=Teacher(), data=data, action="org.teacher.created", fields=TEACHER_FIELDS)


@transaction.atomic
def teacher_update(*, actor: Any, teacher: Teacher, data: dict[str, Any]) -> Teacher:
    _require_in_scope(actor, "teacher.edit", teacher)
    if "school" in data:
        # Moving a teacher to another school needs the right over the new school too.
        _require_in_scope(actor, "teacher.create", data["school"])
    return save_audited(actor=actor, instance=teacher, data=data, action="org.teacher.updated", fields=TEACHER_FIELDS)


@transaction.atomic
def honour_add(*, actor: Any, teacher: Teacher, data: dict[str, Any]) -> Honour:
    _require_in_scope(actor, "teacher.edit", teacher)
    honour = Honour(teacher=teacher)
    honour = save_audited(actor=actor, instance=honour, data=data, action="org.honour.added", fields=HONOUR_FIELDS)
    return honour


@transaction.atomic
def honour_delete(*, actor: Any, honour: Honour) -> None:
    _require_in_scope(actor, "teacher.edit", honour.teacher)
    audit_record(
        actor=actor,
        action="org.honour.deleted",
        target=honour.teacher,
        target_label=f"{honour.teacher} · {honour.title}",
        changes={"title": [honour.title, None], "level": [honour.level, None]},
    )
    honour.delete()


def _validate_service(teacher: Teacher, record: HeadTeacherService) -> None:
    if record.school_class and record.school_class.school_id != record.school_id:
        raise ValidationError({"school_class": _("The class is not at the chosen school.")})


@transaction.atomic
def service_record_add(*, actor: Any, teacher: Teacher, data: dict[str, Any]) -> HeadTeacherService:
    _require_in_scope(actor, "teacher.edit", teacher)
    record = HeadTeacherService(teacher=teacher, **data)
    _validate_service(teacher, record)
    return save_audited(actor=actor, instance=record, data={}, action="org.service_record.added", fields=SERVICE_FIELDS)


@transaction.atomic
def service_record_delete(*, actor: Any, record: HeadTeacherService) -> None:
    _require_in_scope(actor, "teacher.edit", record.teacher)
    audit_record(
        actor=actor,
        action="org.service_record.deleted",
        target=record.teacher,
        target_label=f"{record.teacher} · {record.started_on}–{record.ended_on or ''}",
        changes={"started_on": [str(record.started_on), None], "ended_on": [str(record.ended_on), None]},
    )
    record.delete()


def _validate_class_people(data: dict[str, Any]) -> None:
    errors = {}
    if data["stage"] not in {stage.value for stage in data["school"].stages}:
        errors["stage"] = _("%(school)s does not offer this stage.") % {"school": data["school"]}
    for field in ("head_teacher", "deputy"):
        person = data.get(field)
        if person is not None and person.school_id != data["school"].pk:
            errors[field] = _("%(name)s does not teach at %(school)s.") % {"name": person, "school": data["school"]}
    if data.get("head_teacher") and data.get("head_teacher") == data.get("deputy"):
        errors["deputy"] = _("The deputy must be someone other than the head teacher.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def class_create(*, actor: Any, data: dict[str, Any]) -> SchoolClass:
    _require_in_scope(actor, "class.create", data["school"])
    _validate_class_people(data)
    return save_audited(actor=actor, instance=SchoolClass(), data=data, action="org.class.created", fields=CLASS_FIELDS)


@transaction.atomic
def class_update(*, actor: Any, school_class: SchoolClass, data: dict[str, Any]) -> SchoolClass:
    _require_in_scope(actor, "class.edit", school_class)
    data = {**data, "school": school_class.school}
    _validate_class_people(data)
    return save_audited(actor=actor, instance=school_class, data=data, action="org.class.updated", fields=CLASS_FIELDS)
