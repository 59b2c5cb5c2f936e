"""Reading and writing the tables people keep in Excel.

Reading accepts .xlsx and .csv; a CSV may be UTF-8 (with or without BOM) or GBK/GB18030, which is
what Chinese Excel and WPS write, and the encoding is detected without asking. The file's content
is checked, not only its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MAGIC = b"PK\x03\x04"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TableError(Exception):
    """The file as a whole cannot be read (wrong type, corrupt, empty, too big)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # cell text, stripped; rows[i] is spreadsheet row i + 2


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # calamine returns whole numbers as floats: 13800000000.0 is a mobile number, 2024.0 a year.
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _decode_csv(data: bytes) -> str:
    if b"\x00" in data:
        raise TableError(_("This is not a text CSV file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The CSV file is neither UTF-8 nor GBK/GB18030 text."))


def read_table(name: str, data: bytes, *, max_rows: int) -> Table:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(XLSX_MAGIC):
            raise TableError(_("The file is named .xlsx but is not an Excel workbook."))
        raw_rows = _read_xlsx(data, max_rows)
    elif lower.endswith(".csv"):
        if data.startswith(XLSX_MAGIC):
            raise TableError(_("The file is named .csv but is an Excel workbook; save it as .xlsx."))
        text = _decode_csv(data)
        raw_rows = list(csv.reader(io.StringIO(text)))
    else:
        raise TableError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    rows = [[_cell_text(cell) for cell in row] for row in raw_rows]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise TableError(_("The file is empty: the first row must hold the column headers."))
    headers = [header.replace("*", "").strip() for header in rows[0]]
    body = [row + [""] * (len(headers) - len(row)) for row in rows[1:]]
    if len(body) > max_rows:
        raise TableError(
            _("The file has %(count)d rows; at most %(max)d can be imported at once.")
            % {"count": len(body), "max": max_rows}
        )
    return Table(headers=headers, rows=body)


# Claimed sizes are checked on the sheet's XML before the workbook is opened: a reader builds the
# whole claimed range, so a 2 KB file whose dimension says A1:K1000000 would cost seconds of CPU and
# hundreds of MB before the row count could refuse it.
_SHEET_PATH = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]+)"')
_REL = re.compile(
    rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"|<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"'
)
# A cell reference (`r="K12"`), a row's number (`r="12"`) or the dimension's corners (`ref="A1:K12"`).
_REFERENCE = re.compile(rb'\br(?:ef)?="([A-Z]{0,3})(\d{1,9})(?::([A-Z]{0,3})(\d{1,9}))?"')
_MAX_COLUMNS = 1000
_MAX_SHEET_XML = 200 * 1024 * 1024
_CHUNK = 1024 * 1024


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    try:
        first = _SHEET_PATH.search(archive.read("xl/workbook.xml"))
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        first, rels = None, b""
    if first:
        for match in _REL.finditer(rels):
            rel_id, target = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            if rel_id == first.group(1):
                path = target.decode().lstrip("/")
                path = path if path.startswith("xl/") else f"xl/{path}"
                if path in names:
                    return path
    sheets = sorted(name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    if not sheets:
        raise TableError(_("The workbook has no sheet."))
    return sheets[0]


def _check_claimed_size(data: bytes, max_rows: int) -> None:
    """Refuse a workbook whose first sheet claims (by its dimension or any cell) more rows than may be
    imported, or absurdly many columns. Reads the sheet's XML as a stream, stopping at the first excess."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        path = _first_sheet_path(archive)
        stream = archive.open(path)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as error:
        raise TableError(_("The workbook cannot be read (it may be damaged): %(error)s") % {"error": error}) from error
    rows_allowed = max_rows + 1  # the header row
    tail = b""
    read = 0
    with stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > _MAX_SHEET_XML:
                raise TableError(_("The workbook is too large to import."))
            window = tail + chunk
            for match in _REFERENCE.finditer(window):
                for letters, digits in ((match.group(1), match.group(2)), (match.group(3), match.group(4))):
                    if digits is None:
                        continue
                    if int(digits) > rows_allowed:
                        raise TableError(
                            _("The sheet reaches row %(row)d; at most %(max)d rows can be imported at once.")
                            % {"row": int(digits), "max": max_rows}
                        )
                    if letters and _column_number(letters) > _MAX_COLUMNS:
                        raise TableError(_("The sheet has more than %(max)d columns.") % {"max": _MAX_COLUMNS})
            tail = window[-64:]


def _read_xlsx(data: bytes, max_rows: int) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    _check_claimed_size(data, max_rows)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except Exception as error:  # calamine raises several types for a damaged workbook
        raise TableError(_("The workbook cannot be read (it may be damaged): %(error)s") % {"error": error}) from error


def _as_text_cell(sheet: Any, value: Any) -> Any:
    """A string that starts with "=" would become a live formula in the reader's Excel (a name or a
    comment typed as =HYPERLINK(...) is an attack); it is written as plain text instead."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_workbook(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
) -> bytes:
    """An .xlsx with one sheet per (title, headers, rows); headers bold on a shaded band."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            cell.fill = fill
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_as_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
