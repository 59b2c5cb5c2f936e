"""Reading and writing the tables people keep in Excel.

Reading accepts .xlsx and .csv; a CSV may be UTF-8 (with or without BOM) or GBK/GB18030, which is
what Chinese Excel and WPS write, and the encoding is detected without asking. The file's content
is checked, not only its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
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
        raw_rows = _read_xlsx(data)
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


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

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
