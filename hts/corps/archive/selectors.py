"""Reads of the work archive: whose archive a user may see, its sections as of a day, and which
rows' source records the viewer may open (the page links only those)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import Resolver404, resolve

from hts.accounts.access import get_scoped_or_404, scoped
from hts.accounts.permissions import principal_for
from hts.corps.archive.sections import ArchiveRow, ArchiveSection, archive_sections
from hts.org.models import HeadTeacherService, School, Teacher

VIEW = "corps.archive.view"


@dataclass(frozen=True)
class ShownRow:
    row: ArchiveRow
    link: str  # "" when the viewer may not open the source record
    cells: list[tuple[str, str]]  # (column, value): a phone shows each row as a card of labelled values


@dataclass(frozen=True)
class ShownSection:
    section: ArchiveSection
    rows: list[ShownRow]


def archive_teacher(user: Any, uid: Any) -> Teacher:
    """The teacher whose archive `user` may see: themself, their school's staff, the bureau above; else 404."""
    return get_scoped_or_404(user, VIEW, Teacher.objects.select_related("school__region"), uid=uid)


def row_links(viewer: Any, rows: list[ArchiveRow]) -> dict[int, str]:
    """The rows (by index) whose source the viewer may open. One query per action and kind of record,
    whatever the number of rows."""
    principal = principal_for(viewer)
    wanted: dict[tuple[str, type[Model]], set[Any]] = defaultdict(set)
    for row in rows:
        if row.source_url and row.source_record is not None:
            for action in row.source_actions:
                if principal.can(action):
                    wanted[(action, type(row.source_record))].add(row.source_record.pk)
    reached: dict[tuple[str, type[Model]], set[Any]] = {
        (action, model): set(
            principal.scoped(action, model._default_manager.filter(pk__in=pks)).values_list("pk", flat=True)
        )
        for (action, model), pks in wanted.items()
    }
    links = {}
    for index, row in enumerate(rows):
        if not row.source_url:
            continue
        if row.source_record is not None:
            record = row.source_record
            if any(record.pk in reached.get((action, type(record)), ()) for action in row.source_actions):
                links[index] = row.source_url
        elif _declared_actions_allow(principal, row.source_url):
            links[index] = row.source_url
    return links


def _declared_actions_allow(principal: Any, url: str) -> bool:
    """A row without its record: the viewer's roles must hold an action the URL's view declares."""
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    actions = getattr(match.func, "required_actions", ())
    return any(principal.can(action) for action in actions)


def shown_sections(viewer: Any, teacher: Teacher, on: dt.date) -> list[ShownSection]:
    sections = archive_sections(teacher, on)
    rows = [row for section in sections for row in section.rows]
    links = row_links(viewer, rows)
    shown, index = [], 0
    for section in sections:
        shown_rows = []
        for row in section.rows:
            shown_rows.append(ShownRow(row, links.get(index, ""), list(zip(section.columns, row.cells, strict=False))))
            index += 1
        shown.append(ShownSection(section, shown_rows))
    return shown


# The school's list ------------------------------------------------------------------------------


def archive_schools(user: Any) -> QuerySet[School]:
    return scoped(user, VIEW, School.objects.select_related("region")).order_by("name")


def archive_school(user: Any, uid: Any) -> School:
    return get_scoped_or_404(user, VIEW, School.objects.select_related("region"), uid=uid)


def school_head_teachers(school: School) -> QuerySet[Teacher]:
    """Everyone at the school with a head-teacher service record, serving or not: an archive outlives the post."""
    has_service = Exists(HeadTeacherService.objects.filter(teacher=OuterRef("pk")))
    return Teacher.objects.filter(school=school).filter(has_service).order_by("name", "pk")
