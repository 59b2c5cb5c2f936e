"""Roster import and export: schools and teachers, as Excel or CSV with Chinese headers.

Every row is checked before anything is written; one bad row and nothing is imported, with each
problem named by row, column and reason. A good file is written in one transaction. Rows are
matched by a key, so importing the same file again changes nothing:

* schools by 学校代码 (school code);
* teachers by 手机号 (mobile number); a head-teacher period by teacher + 班主任起始日期.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.accounts.permissions import principal_for
from hts.core.audit import audit_record, diff, snapshot
from hts.core.search.index import search_index_put
from hts.core.tabular import TableError, read_table, write_workbook
from hts.org.assignment_checks import assignment_problems
from hts.org.models import HeadTeacherService, Region, School, Stage, Teacher, mask_mobile, service_overlap_problem
from hts.org.services import SCHOOL_FIELDS, TEACHER_FIELDS


class CellError(Exception):
    pass


@dataclass
class Problem:
    row: int | None  # spreadsheet row number; None for the file as a whole
    column: str
    message: str


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# Cell parsers: text in, value out, or CellError with the reason in Chinese.


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(
                _("At most %(max)d characters (this has %(count)d).") % {"max": max_length, "count": len(value)}
            )
        return value

    return parse


def mobile(value: str) -> str:
    value = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"1\d{10}", value):
        raise CellError(_("“%(value)s” is not an 11-digit mobile number.") % {"value": value})
    return value


def year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value) or not 1940 <= int(value) <= 2010:
        raise CellError(_("“%(value)s” is not a birth year between 1940 and 2010.") % {"value": value})
    return int(value)


def date(value: str) -> dt.date:
    normalised = re.sub(r"[./年月]", "-", value).rstrip("日").strip()
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in normalised.split("-")))
    except ValueError:
        raise CellError(_("“%(value)s” is not a date like 2024-09-01.") % {"value": value}) from None


def choice(options: dict[str, str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in options:
            raise CellError(
                _("“%(value)s” is not one of: %(options)s.") % {"value": value, "options": "、".join(options)}
            )
        return options[value]

    return parse


def yes_no(value: str) -> bool:
    if value in {"是", "Y", "y", "1", "yes", "Yes"}:
        return True
    if value in {"否", "N", "n", "0", "no", "No", ""}:
        return False
    raise CellError(_("Write 是 or 否."))


STAGE_NAMES = {"小学": Stage.PRIMARY, "初中": Stage.JUNIOR, "高中": Stage.SENIOR}
# The combinations schools have (一贯制 and 完全中学 included), for the template's drop-down.
STAGE_OPTIONS = ("小学", "初中", "高中", "小学、初中", "初中、高中", "小学、初中、高中", "小学、高中")
YES_NO = ("是", "否")


def stages(value: str) -> list[str]:
    names = [part for part in re.split(r"[、,，/\s]+", value) if part]
    unknown = [name for name in names if name not in STAGE_NAMES]
    if unknown or not names:
        raise CellError(_("Stages are 小学, 初中 or 高中, separated by 、 (got “%(value)s”).") % {"value": value})
    return [STAGE_NAMES[name] for name in names]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: Callable[[str], Any]
    required: bool = True
    example: str = ""
    note: str = ""
    # What the template's drop-down offers; every one of them must parse.
    options: tuple[str, ...] = ()


GENDERS = {"女": Teacher.Gender.FEMALE, "男": Teacher.Gender.MALE}
EDUCATIONS = {str(label): value for value, label in Teacher.Education.choices}
EDUCATION_NAMES = {"大专": "college", "本科": "bachelor", "硕士": "master", "博士": "doctor", "其他": "other"}

SCHOOL_COLUMNS = [
    Column("学校代码", "code", text(20), example="SZ-FT-001", note="唯一标识学校, 重复导入按此匹配"),
    Column("学校名称", "name", text(80), example="福田区第一实验学校"),
    Column("所属区域", "region", text(60), example="福田区", note="从下拉列表选择区域名称, 也可填行政区划代码"),
    Column("学段", "stages", stages, example="小学、初中", note="小学/初中/高中, 多个用、分隔", options=STAGE_OPTIONS),
    Column("市直属", "city_direct", yes_no, required=False, example="否", note="是/否", options=YES_NO),
    Column("村小", "village", yes_no, required=False, example="否", note="是/否", options=YES_NO),
    Column("地址", "address", text(200), required=False, example="深圳市福田区……"),
]

TEACHER_COLUMNS = [
    Column("手机号", "mobile", mobile, example="13800138000", note="11 位手机号, 唯一标识教师, 重复导入按此匹配"),
    Column("姓名", "name", text(30), example="张晓红"),
    Column("性别", "gender", choice(GENDERS), example="女", note="男/女", options=tuple(GENDERS)),
    Column("出生年份", "birth_year", year, example="1985"),
    Column("学校", "school", text(80), example="福田区第一实验学校", note="从下拉列表选择学校名称, 也可填学校代码"),
    Column("学校代码", "school_code", text(20), required=False, note="选填; 同名学校须填写, 填写时须与学校名称一致"),
    Column("任教学科", "subject", text(20), required=False, example="语文"),
    Column("职称", "title", text(30), required=False, example="中小学一级教师"),
    Column(
        "学历",
        "education",
        choice(EDUCATION_NAMES),
        required=False,
        example="本科",
        note="大专/本科/硕士/博士/其他",
        options=tuple(EDUCATION_NAMES),
    ),
    Column(
        "班主任起始日期",
        "service_from",
        date,
        required=False,
        example="2015-09-01",
        note="现任或最近一次担任班主任的起始日期",
    ),
    Column("班主任结束日期", "service_to", date, required=False, example="", note="仍在任则留空"),
    Column("所带班级", "class_label", text(40), required=False, example="七年级3班"),
]


def _parse_rows(
    columns: list[Column], headers: list[str], rows: list[list[str]], result: ImportResult
) -> list[tuple[int, dict[str, Any]]]:
    """Each non-empty row as (spreadsheet row number, parsed values). A cell that is empty or could
    not be read is reported here and its key listed in values["_reported"], so the later model
    check does not report it a second time."""
    index = {header: position for position, header in enumerate(headers) if header}
    missing = [column.header for column in columns if column.required and column.header not in index]
    if missing:
        message = _("Required column missing; download the template for the expected headers.")
        result.problems.append(Problem(None, "、".join(missing), message))
        return []
    parsed = []
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(row):
            continue
        values: dict[str, Any] = {"_reported": set()}
        for column in columns:
            raw = row[index[column.header]] if column.header in index else ""
            values[column.key] = None
            if not raw:
                if column.required:
                    result.problems.append(Problem(line, column.header, _("Required; the cell is empty.")))
                    values["_reported"].add(column.key)
                continue
            try:
                values[column.key] = column.parse(raw)
            except CellError as error:
                result.problems.append(Problem(line, column.header, str(error)))
                values["_reported"].add(column.key)
        parsed.append((line, values))
    result.rows = len(parsed)
    return parsed


def _duplicates(parsed: list[tuple[int, dict[str, Any]]], key: str, header: str, result: ImportResult) -> None:
    seen: dict[Any, int] = {}
    for line, values in parsed:
        value = values.get(key)
        if value is None:
            continue
        if value in seen:
            result.problems.append(
                Problem(
                    line,
                    header,
                    _("“%(value)s” already appears in row %(row)d.") % {"value": value, "row": seen[value]},
                )
            )
        else:
            seen[value] = line


def _model_problems(
    instance: Any, line: int, columns: list[Column], result: ImportResult, exclude: Iterable[str] = ()
) -> None:
    """Checks of the model itself (lengths, validators, constraints), named by the file's header."""
    headers = {column.key: column.header for column in columns}
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                result.problems.append(Problem(line, headers.get(name, ""), message))


def _lookup(objects: Iterable[Any], *keys: Callable[[Any], str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for obj in objects:
        for key in keys:
            found.setdefault(key(obj), []).append(obj)
    return found


def _resolve(table: dict[str, list[Any]], value: str, line: int, header: str, result: ImportResult, what: str) -> Any:
    matches = table.get(value, [])
    unique = {obj.pk: obj for obj in matches}
    if not unique:
        result.problems.append(
            Problem(
                line, header, _("No %(what)s named “%(value)s” within your scope.") % {"what": what, "value": value}
            )
        )
        return None
    if len(unique) > 1:
        result.problems.append(
            Problem(line, header, _("“%(value)s” matches several; use the code instead.") % {"value": value})
        )
        return None
    return next(iter(unique.values()))


def _read(upload: Any, result: ImportResult) -> Any:
    if upload.size > settings.ROSTER_UPLOAD_MAX_BYTES:
        result.problems.append(
            Problem(
                None,
                "",
                _("The file is larger than %(mb)d MB.") % {"mb": settings.ROSTER_UPLOAD_MAX_BYTES // (1024 * 1024)},
            )
        )
        return None
    try:
        return read_table(upload.name, upload.read(), max_rows=settings.ROSTER_MAX_ROWS)
    except TableError as error:
        result.problems.append(Problem(None, "", str(error)))
        return None


def importable_regions(principal: Any) -> Any:
    """The regions a school row may name: the import and its template's drop-down read the same."""
    return principal.scoped("region.view", Region.objects.all())


def importable_schools(principal: Any) -> Any:
    """The schools a teacher row may name."""
    return principal.scoped("teacher.create", School.objects.select_related("region"))


def import_schools(*, actor: Any, upload: Any) -> ImportResult:
    principal = principal_for(actor)
    principal.require("roster.import")
    principal.require("school.create")
    result = ImportResult()
    table = _read(upload, result)
    if table is None:
        return result
    parsed = _parse_rows(SCHOOL_COLUMNS, table.headers, table.rows, result)
    _duplicates(parsed, "code", "学校代码", result)
    regions = _lookup(importable_regions(principal), lambda r: r.name, lambda r: r.code)
    existing = {
        school.code: school
        for school in School.objects.filter(code__in=[v["code"] for _, v in parsed if v.get("code")]).select_related(
            "region"
        )
    }
    visible = set(
        principal.scoped("school.edit", School.objects.filter(pk__in=[s.pk for s in existing.values()])).values_list(
            "pk", flat=True
        )
    )
    plans = []
    for line, values in parsed:
        region = (
            _resolve(regions, values["region"], line, "所属区域", result, _("region")) if values.get("region") else None
        )
        school = existing.get(values.get("code") or "")
        if school is not None and school.pk not in visible:
            result.problems.append(
                Problem(
                    line,
                    "学校代码",
                    _("School code “%(code)s” belongs to a school outside your scope.") % {"code": school.code},
                )
            )
            continue
        data = {
            "code": values.get("code"),
            "name": values.get("name"),
            "region": region,
            "city_direct": bool(values.get("city_direct")),
            "village": bool(values.get("village")),
            "address": values.get("address") or "",
            **{f"has_{stage}": stage in (values.get("stages") or []) for stage in Stage.values},
        }
        if region is None or not values.get("stages"):
            continue
        candidate = School(**data)
        if school is not None:
            candidate.pk, candidate.uid = school.pk, school.uid
        _model_problems(candidate, line, SCHOOL_COLUMNS, result, exclude=values["_reported"])
        plans.append((school, data))
    if not result.ok:
        return result
    with transaction.atomic():
        for school, data in plans:
            _save(actor, school or School(), data, SCHOOL_FIELDS, "org.school", result)
        audit_record(
            actor=actor,
            action="org.roster.imported",
            target_label=_("School roster: %(name)s") % {"name": upload.name},
            region_path=_actor_region_path(principal),
            changes={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    return result


def _actor_region_path(principal: Any) -> str:
    paths = principal.region_paths
    if paths:
        return paths[0]
    school = School.objects.filter(pk__in=principal.school_ids).select_related("region").first()
    return school.region.path if school else ""


def _save(actor: Any, instance: Any, data: dict[str, Any], fields: list[str], action: str, result: ImportResult) -> Any:
    before = snapshot(instance, fields) if instance.pk else {}
    for name, value in data.items():
        setattr(instance, name, value)
    changes = diff(before, snapshot(instance, fields))
    if instance.pk and not changes:
        result.unchanged += 1
        return instance
    created = instance.pk is None
    instance.save()
    search_index_put(instance)
    audit_record(
        actor=actor, action=f"{action}.{'created' if created else 'updated'}", target=instance, changes=changes
    )
    if created:
        result.created += 1
    else:
        result.updated += 1
    return instance


def _school_of(schools: dict[str, list[School]], values: dict[str, Any], line: int, result: ImportResult) -> Any:
    """The row's school: by its code where the row gives one (two schools may share a name), which
    must then be the school the row names; else by the name (or code) in 学校."""
    named, code = values.get("school"), values.get("school_code")
    if not code:
        return _resolve(schools, named, line, "学校", result, _("school")) if named else None
    school = _resolve(schools, code, line, "学校代码", result, _("school"))
    if school is not None and named and named not in (school.name, school.code):
        result.problems.append(
            Problem(
                line,
                "学校",
                _("School code %(code)s is “%(name)s”, not “%(value)s”.")
                % {"code": school.code, "name": school.name, "value": named},
            )
        )
        return None
    return school


IMPORT_NO_OVERRIDE = gettext_lazy(
    "To assign this head teacher anyway, leave the head-teacher dates empty here and add the period on "
    "the teacher's page with a written reason."
)


def import_teachers(*, actor: Any, upload: Any) -> ImportResult:
    principal = principal_for(actor)
    principal.require("roster.import")
    principal.require("teacher.create")
    result = ImportResult()
    table = _read(upload, result)
    if table is None:
        return result
    parsed = _parse_rows(TEACHER_COLUMNS, table.headers, table.rows, result)
    _duplicates(parsed, "mobile", "手机号", result)
    schools = _lookup(importable_schools(principal), lambda s: s.name, lambda s: s.code)
    mobiles = [values["mobile"] for _, values in parsed if values.get("mobile")]
    existing = {t.mobile: t for t in Teacher.objects.filter(mobile__in=mobiles).select_related("school")}
    editable = set(
        principal.scoped("teacher.edit", Teacher.objects.filter(mobile__in=mobiles)).values_list("pk", flat=True)
    )
    services = {
        (record.teacher_id, record.started_on): record
        for record in HeadTeacherService.objects.filter(teacher__mobile__in=mobiles)
    }
    periods: dict[int, list[HeadTeacherService]] = {}
    for record in services.values():
        periods.setdefault(record.teacher_id, []).append(record)
    plans = []
    today = timezone.localdate()
    for line, values in parsed:
        school = _school_of(schools, values, line, result)
        teacher = existing.get(values.get("mobile") or "")
        if teacher is not None and teacher.pk not in editable:
            result.problems.append(
                Problem(
                    line,
                    "手机号",
                    _("Mobile %(mobile)s belongs to a teacher outside your scope.")
                    % {"mobile": mask_mobile(teacher.mobile)},
                )
            )
            continue
        start, end = values.get("service_from"), values.get("service_to")
        if end and not start:
            result.problems.append(Problem(line, "班主任起始日期", _("Give the start date when an end date is given.")))
        if start and end and end < start:
            result.problems.append(Problem(line, "班主任结束日期", _("Service cannot end before it starts.")))
        if start and start > timezone.localdate():
            result.problems.append(Problem(line, "班主任起始日期", _("The start date is in the future.")))
        if school is None:
            continue
        if teacher is not None and start and (not end or end >= start):
            # The row's period replaces the one with its start date; it may not overlap the others.
            others = [record for record in periods.get(teacher.pk, []) if record.started_on != start]
            problem = service_overlap_problem(others, school_id=school.pk, started_on=start, ended_on=end)
            if problem:
                result.problems.append(Problem(line, "班主任起始日期", problem))
        if start and (not end or end >= today) and (teacher is None or (teacher.pk, start) not in services):
            # A new period running today assigns the teacher now: the same rules as the teacher's page,
            # where the office may assign anyway with a written reason (an import carries none).
            who = teacher or Teacher(name=values.get("name") or "", school=school)
            for problem in assignment_problems(who, school, start):
                result.problems.append(Problem(line, "班主任起始日期", f"{problem} {IMPORT_NO_OVERRIDE}"))
        data = {
            "mobile": values.get("mobile"),
            "name": values.get("name"),
            "gender": values.get("gender"),
            "birth_year": values.get("birth_year"),
            "school": school,
            "subject": values.get("subject") or "",
            "title": values.get("title") or "",
            "education": values.get("education") or "",
        }
        candidate = Teacher(**data)
        _model_problems(candidate, line, TEACHER_COLUMNS, result, exclude=values["_reported"])
        plans.append((teacher, data, start, end, values.get("class_label") or ""))
    if not result.ok:
        return result
    with transaction.atomic():
        for teacher, data, start, end, class_label in plans:
            teacher = _save(actor, teacher or Teacher(), data, TEACHER_FIELDS, "org.teacher", result)
            if start:
                record = services.get((teacher.pk, start)) or HeadTeacherService(teacher=teacher, started_on=start)
                service_data = {"school": data["school"], "ended_on": end, "class_label": class_label}
                stored = (record.school_id, record.ended_on, record.class_label)
                if record.pk is None or stored != (data["school"].pk, end, class_label):
                    for name, value in service_data.items():
                        setattr(record, name, value)
                    record.save()
        audit_record(
            actor=actor,
            action="org.roster.imported",
            target_label=_("Teacher roster: %(name)s") % {"name": upload.name},
            region_path=_actor_region_path(principal),
            changes={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    return result


ROSTERS = {
    "schools": {"columns": SCHOOL_COLUMNS, "importer": import_schools, "title": "学校名册"},
    "teachers": {"columns": TEACHER_COLUMNS, "importer": import_teachers, "title": "教师名册"},
}


def export_schools(queryset: Any) -> bytes:
    rows = (
        [
            school.code,
            school.name,
            school.region.name,
            "、".join(name for name, stage in STAGE_NAMES.items() if getattr(school, f"has_{stage}")),
            "是" if school.city_direct else "否",
            "是" if school.village else "否",
            school.address,
        ]
        for school in queryset.select_related("region").iterator(chunk_size=2000)
    )
    return write_workbook([("学校名册", [c.header for c in SCHOOL_COLUMNS], rows)])


def export_teachers(queryset: Any, *, full_mobile_schools: Iterable[int] = ()) -> bytes:
    """The teacher roster in the import layout, with each one's current service.

    Mobile numbers are masked (138****5678) except for teachers of the schools in
    `full_mobile_schools`: a school's own staff keep its roster and need the number, the key an import
    matches on, for the round trip. Bureau staff and administrators read lists; they get masked numbers
    (a row they re-import with a masked number is refused as not a mobile number, never mismatched)."""
    full_for = set(full_mobile_schools)
    education_names = {value: name for name, value in EDUCATION_NAMES.items()}
    gender_names = {value: name for name, value in GENDERS.items()}
    today = timezone.localdate()
    current = {}
    for record in (
        HeadTeacherService.objects.filter(teacher__in=queryset.values("pk"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("started_on")
    ):
        current[record.teacher_id] = record
    rows = []
    for teacher in queryset.select_related("school").iterator(chunk_size=2000):
        record = current.get(teacher.pk)
        rows.append(
            [
                teacher.mobile if teacher.school_id in full_for else mask_mobile(teacher.mobile),
                teacher.name,
                gender_names.get(teacher.gender, ""),
                teacher.birth_year,
                teacher.school.name,
                teacher.school.code,
                teacher.subject,
                teacher.title,
                education_names.get(teacher.education, ""),
                record.started_on if record else None,
                record.ended_on if record else None,
                record.class_label if record else "",
            ]
        )
    return write_workbook([("教师名册", [c.header for c in TEACHER_COLUMNS], rows)])


def require_roster_kind(kind: str) -> None:
    if kind not in ROSTERS:
        raise PermissionDenied
