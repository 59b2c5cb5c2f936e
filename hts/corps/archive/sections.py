"""The sections of a head teacher's work archive (001 3, 7, 10), one per corps part.

The archive page and its PDF list what a school hands to the bureau about one head teacher. Each
part of the corps (certificates, training, ranks, appointments, honours, mentoring…) knows its own
records, so it registers a function at start-up (CorpsConfig.ready) that builds its section; the
archive only orders and renders them. A section names each row's source record so a reader can
check it.

A section does not know who reads it (the PDF goes to the bureau; the page to whoever may see the
archive), so a row says which record its link opens and with which actions (`source_record`,
`source_actions`): the page links it only for a viewer one of those actions reaches the record for
(hts/corps/archive/selectors.row_links). A row with a URL and no record is linked when the viewer's
role has an action the URL's view declares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ArchiveRow:
    cells: tuple[str, ...]  # already formatted and translated, one per column
    source: str = ""  # the record the row comes from, e.g. "任职资格证 GY-2026-Q-0001"
    source_url: str = ""  # a page the viewer may open, "" when there is none
    source_record: Any = None  # the model instance `source_url` opens
    source_actions: tuple[str, ...] = ()  # any of them reaching `source_record` opens the page


@dataclass(frozen=True)
class ArchiveSection:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[ArchiveRow] = field(default_factory=list)
    empty_text: str = ""  # what the section says when it has no rows
    summary: str = ""  # a line under the rows drawn from them (a total), with how it is counted


# Builds one section for a teacher as of a date; None leaves the section out (its rule is off).
SectionSource = Callable[[Any, dt.date], ArchiveSection | None]

_SOURCES: dict[str, tuple[int, SectionSource]] = {}


def register_archive_section(key: str, order: int, source: SectionSource) -> None:
    """Idempotent: the same key again replaces the function (ready() may run twice)."""
    _SOURCES[key] = (order, source)


def archive_sections(teacher: Any, on: dt.date) -> list[ArchiveSection]:
    sections = []
    for _order, source in sorted(_SOURCES.values(), key=lambda entry: entry[0]):
        section = source(teacher, on)
        if section is not None:
            sections.append(section)
    return sections
