"""Writes to people and places. Each checks permission and scope, runs in a transaction, audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.core.search.index import search_index_put
from hts.core.services import save_audited
from hts.org.assignment_checks import assignment_problems, deputy_changed
from hts.org.honour_bars import honour_bar_reason
from hts.org.models import (
    AssignmentOverride,
    Bureau,
    HeadTeacherService,
    Honour,
    Region,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Teacher,
    semester_problems,
    service_overlap_problem,
)

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


@transaction.atomic
def region_create(*, actor: Any, name: str, code: str, kind: str, parent: Region | None, bureau_name: str) -> Region:
    require(actor, "region.manage")
    if parent is not None:
        require(actor, "region.manage", parent)
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
    require(actor, "region.manage", region)
    save_audited(actor=actor, instance=region, data={"name": name}, action="org.region.updated", fields=["name"])
    bureau = Bureau.objects.filter(region=region).first() or Bureau(region=region)
    if bureau_name and bureau_name != bureau.name:
        save_audited(
            actor=actor, instance=bureau, data={"name": bureau_name}, action="org.bureau.updated", fields=["name"]
        )
    return region


@transaction.atomic
def school_create(*, actor: Any, data: dict[str, Any]) -> School:
    require(actor, "school.create", data["region"])
    school = save_audited(actor=actor, instance=School(), data=data, action="org.school.created", fields=SCHOOL_FIELDS)
    search_index_put(school)
    return school


@transaction.atomic
def school_update(*, actor: Any, school: School, data: dict[str, Any]) -> School:
    require(actor, "school.edit", school)
    if "region" in data:
        require(actor, "school.edit", data["region"])
    school = save_audited(actor=actor, instance=school, data=data, action="org.school.updated", fields=SCHOOL_FIELDS)
    search_index_put(school)
    return school


@transaction.atomic
def teacher_create(*, actor: Any, data: dict[str, Any]) -> Teacher:
    require(actor, "teacher.create", data["school"])
    teacher = save_audited(
        actor=actor, instance=Teacher(), data=data, action="org.teacher.created", fields=TEACHER_FIELDS
    )
    search_index_put(teacher)
    return teacher


@transaction.atomic
def teacher_update(*, actor: Any, teacher: Teacher, data: dict[str, Any]) -> Teacher:
    require(actor, "teacher.edit", teacher)
    if "school" in data:
        # Moving a teacher to another school needs the right over the new school too.
        require(actor, "teacher.create", data["school"])
    teacher = save_audited(
        actor=actor, instance=teacher, data=data, action="org.teacher.updated", fields=TEACHER_FIELDS
    )
    search_index_put(teacher)
    return teacher


@transaction.atomic
def honour_add(*, actor: Any, teacher: Teacher, data: dict[str, Any]) -> Honour:
    require(actor, "teacher.edit", teacher)
    _refuse_barred_honour(teacher, data.get("awarded_on"))
    honour = Honour(teacher=teacher)
    honour = save_audited(actor=actor, instance=honour, data=data, action="org.honour.added", fields=HONOUR_FIELDS)
    return honour


def _refuse_barred_honour(teacher: Teacher, awarded_on: Any) -> None:
    """001 10: a head teacher whose yearly result failed gets no honour that school year (evaluation's bar)."""
    if awarded_on is None:
        return
    reason = honour_bar_reason(teacher, awarded_on)
    if reason is not None:
        raise ValidationError({"awarded_on": reason})


@transaction.atomic
def honour_delete(*, actor: Any, honour: Honour) -> None:
    require(actor, "teacher.edit", honour.teacher)
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
    # The teacher's row is the lock: two additions at once see each other's period, not neither.
    Teacher.objects.select_for_update().filter(pk=teacher.pk).first()
    others = HeadTeacherService.objects.filter(teacher=teacher, school_id=record.school_id).exclude(pk=record.pk)
    problem = service_overlap_problem(
        others, school_id=record.school_id, started_on=record.started_on, ended_on=record.ended_on
    )
    if problem:
        raise ValidationError({"started_on": problem})


ASSIGN_ANYWAY = gettext_lazy("To assign anyway, give a written reason; it is kept on the record.")


def _assignment_refusal(
    teacher: Teacher, school: School, on: dt.date, override_reason: str, field: str | None
) -> list[str]:
    """The rules `teacher` fails for heading a class at `school` from `on` (001 二 4, registered by
    corps); refused unless the school office gives a written reason. Returns the rules overridden."""
    problems = assignment_problems(teacher, school, on)
    if problems and not override_reason.strip():
        raise ValidationError({field or NON_FIELD_ERRORS: [*problems, str(ASSIGN_ANYWAY)]})
    return problems


def _record_override(
    *,
    actor: Any,
    teacher: Teacher,
    school: School,
    problems: list[str],
    reason: str,
    school_class: SchoolClass | None = None,
    service: HeadTeacherService | None = None,
) -> AssignmentOverride:
    override = AssignmentOverride.objects.create(
        teacher=teacher,
        school=school,
        school_class=school_class,
        service=service,
        problems="\n".join(problems),
        reason=reason.strip(),
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action="org.assignment.overridden",
        target=teacher,
        changes={
            "class": [None, str(school_class or (service.school_class if service else "") or "")],
            "problems": [None, override.problems],
            "reason": [None, override.reason],
        },
    )
    return override


def _is_current(record: HeadTeacherService, today: dt.date) -> bool:
    return record.ended_on is None or record.ended_on >= today


@transaction.atomic
def service_record_add(
    *, actor: Any, teacher: Teacher, data: dict[str, Any], override_reason: str = ""
) -> HeadTeacherService:
    """A past period is history and goes in as typed; a period running today or later is an assignment,
    so it must pass the assignment rules in force on its first day (or carry the office's written reason)."""
    require(actor, "teacher.edit", teacher)
    data = dict(data)
    override_reason = data.pop("override_reason", "") or override_reason
    record = HeadTeacherService(teacher=teacher, **data)
    _validate_service(teacher, record)
    today = timezone.localdate()
    problems: list[str] = []
    if _is_current(record, today):
        problems = _assignment_refusal(teacher, record.school, record.started_on, override_reason, field=None)
    record = save_audited(
        actor=actor, instance=record, data={}, action="org.service_record.added", fields=SERVICE_FIELDS
    )
    if problems:
        _record_override(
            actor=actor,
            teacher=teacher,
            school=record.school,
            problems=problems,
            reason=override_reason,
            service=record,
        )
    return record


@transaction.atomic
def service_record_delete(*, actor: Any, record: HeadTeacherService) -> None:
    require(actor, "teacher.edit", record.teacher)
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


def _save_class(*, actor: Any, school_class: SchoolClass, data: dict[str, Any], action: str) -> SchoolClass:
    """Save the class; a new head teacher must pass the assignment rules (or carry the office's
    written reason), and a changed deputy is told to the apps that follow it (corps's assistant posts)."""
    data = dict(data)
    override_reason = data.pop("override_reason", "") or ""
    _validate_class_people(data)
    before_head, before_deputy = school_class.head_teacher, school_class.deputy
    head = data.get("head_teacher")
    today = timezone.localdate()
    problems: list[str] = []
    if head is not None and head != before_head:
        problems = _assignment_refusal(head, data["school"], today, override_reason, field="head_teacher")
    school_class = save_audited(actor=actor, instance=school_class, data=data, action=action, fields=CLASS_FIELDS)
    started = None
    if "head_teacher" in data and head != before_head:
        started = _follow_headship(actor, school_class, before_head, head, today)
    if problems and head is not None:
        _record_override(
            actor=actor,
            teacher=head,
            school=school_class.school,
            problems=problems,
            reason=override_reason,
            school_class=school_class,
            service=started,
        )
    if "deputy" in data and data["deputy"] != before_deputy:
        deputy_changed(actor, school_class, before_deputy, data["deputy"], today)
    return school_class


def _follow_headship(
    actor: Any, school_class: SchoolClass, before: Teacher | None, head: Teacher | None, today: dt.date
) -> HeadTeacherService | None:
    """Keep the head-teacher service records (what years, gates, ranks and allowance count) in step with
    the class's head teacher: the new head's period at the school starts today unless one already runs
    (heading a second class is the same period); the previous head's current period ends yesterday once
    they head no class at the school. Returns the period started, if any."""
    school = school_class.school
    if before is not None and not SchoolClass.objects.filter(school=school, head_teacher=before).exists():
        Teacher.objects.select_for_update().filter(pk=before.pk).first()
        for record in HeadTeacherService.objects.filter(
            teacher=before, school=school, started_on__lt=today, ended_on__isnull=True
        ):
            save_audited(
                actor=actor,
                instance=record,
                data={"ended_on": today - dt.timedelta(days=1)},
                action="org.service_record.closed",
                fields=["ended_on"],
            )
    if head is None:
        return None
    Teacher.objects.select_for_update().filter(pk=head.pk).first()
    running = HeadTeacherService.objects.filter(teacher=head, school=school).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    if running.exists():
        return None
    record = HeadTeacherService(teacher=head, school=school, school_class=school_class, started_on=today)
    return save_audited(actor=actor, instance=record, data={}, action="org.service_record.added", fields=SERVICE_FIELDS)


@transaction.atomic
def class_create(*, actor: Any, data: dict[str, Any]) -> SchoolClass:
    require(actor, "class.create", data["school"])
    return _save_class(actor=actor, school_class=SchoolClass(), data=data, action="org.class.created")


@transaction.atomic
def class_update(*, actor: Any, school_class: SchoolClass, data: dict[str, Any]) -> SchoolClass:
    require(actor, "class.edit", school_class)
    data = {**data, "school": school_class.school}
    return _save_class(actor=actor, school_class=school_class, data=data, action="org.class.updated")


# Academic calendar -----------------------------------------------------------------------------

SCHOOL_YEAR_FIELDS = ["region", "label", "starts_on", "ends_on"]
SEMESTER_FIELDS = ["kind", "starts_on", "ends_on"]


def _errors_of(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    return {
        (f"{prefix}{name}" if name != NON_FIELD_ERRORS else name): messages
        for name, messages in error.message_dict.items()
    }


@transaction.atomic
def school_year_create(
    *,
    actor: Any,
    region: Region,
    label: str,
    starts_on: dt.date,
    ends_on: dt.date,
    semesters: Sequence[tuple[str, dt.date, dt.date]] = (),
) -> SchoolYear:
    """A school year of `region` with its semesters, all or nothing.

    Everything is checked before anything is written, and every problem is reported at once: the
    year's under `label`, `starts_on`, `ends_on`; a semester's under `<kind>_starts_on` and
    `<kind>_ends_on` (e.g. `autumn_ends_on`), so a form can show each beside its field.
    """
    require(actor, "calendar.manage", region)
    # Two people defining overlapping years of one region at once: the second waits, then sees the first.
    Region.objects.select_for_update().filter(pk=region.pk).exists()
    year = SchoolYear(region=region, label=label, starts_on=starts_on, ends_on=ends_on)
    terms = [Semester(school_year=year, kind=kind, starts_on=start, ends_on=end) for kind, start, end in semesters]
    errors: dict[str, list[str]] = {}
    try:
        year.full_clean()
    except ValidationError as error:
        errors.update(_errors_of(error))
    # Semesters are held against the year's bounds only when those bounds make sense themselves.
    year_bounds_ok = starts_on is not None and ends_on is not None and starts_on < ends_on
    for index, term in enumerate(terms):
        prefix = f"{term.kind!s}_"
        try:
            term.clean_fields(exclude=["school_year"])
        except ValidationError as error:
            errors.update(_errors_of(error, prefix))
            continue
        # Each pair is judged once, from the later semester, so a clash is reported in one place.
        others = terms[:index]
        for name, reason in semester_problems(term, others, within_year=year_bounds_ok).items():
            errors.setdefault(f"{prefix}{name}", []).append(str(reason))
    if errors:
        raise ValidationError(errors)
    save_audited(actor=actor, instance=year, data={}, action="org.school_year.created", fields=SCHOOL_YEAR_FIELDS)
    for term in terms:
        term.school_year = year
        save_audited(actor=actor, instance=term, data={}, action="org.semester.created", fields=SEMESTER_FIELDS)
    return year


@transaction.atomic
def semester_update(*, actor: Any, semester: Semester, data: dict[str, Any]) -> Semester:
    """Move a semester's dates (or correct its kind); it must stay inside its year and apart from the other."""
    region = semester.school_year.region
    require(actor, "calendar.manage", region)
    unknown = set(data) - set(SEMESTER_FIELDS)
    if unknown:
        raise ValueError(f"semester_update does not change {sorted(unknown)}")
    return save_audited(
        actor=actor, instance=semester, data=data, action="org.semester.updated", fields=SEMESTER_FIELDS
    )


# Reads of personal data ----------------------------------------------------------------------------


def teacher_viewed(*, actor: Any, teacher: Teacher) -> None:
    """A teacher's detail page (mobile, birth year, service record) was read by someone else: one
    audit entry per page view, naming who read whom. A person reading their own profile leaves none."""
    if getattr(actor, "teacher_id", None) == teacher.pk:
        return
    audit_record(actor=actor, action="org.teacher.viewed", target=teacher)


ROSTER_TITLES = {"teachers": gettext_lazy("Teacher roster"), "schools": gettext_lazy("School roster")}


def roster_exported(*, actor: Any, kind: str, rows: int, full_mobiles: int = 0, filters: dict[str, str]) -> None:
    """A roster left the platform: one entry with its size, how many full mobile numbers it carried and
    the filters that chose its rows, in the exporter's region (so their bureau's auditors see it)."""
    changes: dict[str, Any] = {"kind": [None, kind], "rows": [None, rows]}
    if kind == "teachers":
        changes["full_mobiles"] = [None, full_mobiles]
    changes.update({name: [None, value] for name, value in filters.items() if value})
    audit_record(
        actor=actor,
        action="org.roster.exported",
        target_label=str(ROSTER_TITLES.get(kind, kind)),
        region_path=actor.audit_region_path() if hasattr(actor, "audit_region_path") else "",
        changes=changes,
    )
