"""The pupil list from Excel or CSV: the whole file is refused on any bad row, each bad cell named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from hts.classwork.models import Pupil
from hts.core.tabular import Heading, Table, write_workbook

MAX_ROWS = 200
YES, NO = "是", "否"


def headers() -> list[str]:
    return [_("Pupil's name"), _("Gender"), _("Left-behind child"), _("Special family"), _("Learning difficulty")]


def template_workbook() -> bytes:
    genders = [str(label) for _value, label in Pupil.Gender.choices]
    heads = headers()
    columns = [Heading(heads[0]), Heading(heads[1], options=genders)] + [
        Heading(text, options=[YES, NO]) for text in heads[2:]
    ]
    return write_workbook([(_("Pupils"), columns, [[_("Zhang San"), genders[0], NO, NO, NO]])])


@dataclass
class Problem:
    row: int
    column: str
    reason: str


def check(table: Table, existing: set[str]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The rows as Pupil fields, and every problem (row numbers as the spreadsheet shows them)."""
    heads = headers()
    missing = [text for text in heads[:2] if text not in table.headers]
    if missing:
        return [], [Problem(1, text, _("This column is missing.")) for text in missing]
    at = {text: table.headers.index(text) for text in heads if text in table.headers}
    genders = {str(label): value for value, label in Pupil.Gender.choices}
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def cell(raw: list[str], text: str) -> str:
        index = at.get(text)
        return raw[index].strip() if index is not None and index < len(raw) else ""

    for number, raw in enumerate(table.rows, start=2):
        if not any(value.strip() for value in raw):
            continue
        name, gender = cell(raw, heads[0]), cell(raw, heads[1])
        if not name:
            problems.append(Problem(number, heads[0], _("The name is empty.")))
        elif len(name) > 40:
            problems.append(Problem(number, heads[0], _("The name is longer than 40 characters.")))
        elif name in seen:
            problems.append(Problem(number, heads[0], _("“%(name)s” appears twice in the file.") % {"name": name}))
        elif name in existing:
            pass  # already on the list: importing the same file again adds nothing
        seen.add(name)
        if gender not in genders:
            problems.append(Problem(number, heads[1], _("“%(value)s” is not a gender (男 or 女).") % {"value": gender}))
        flags = {}
        for field, text in zip(("left_behind", "special_family", "learning_difficulty"), heads[2:], strict=True):
            value = cell(raw, text)
            if value not in ("", YES, NO):
                problems.append(Problem(number, text, _("“%(value)s” is not 是 or 否.") % {"value": value}))
            flags[field] = value == YES
        rows.append({"name": name, "gender": genders.get(gender, ""), **flags})
    if not rows and not problems:
        problems.append(Problem(2, heads[0], _("The file has no pupils.")))
    return rows, problems
