"""Reading and writing the tables people keep in Excel.

Reading accepts .xlsx and .csv; a CSV may be UTF-8 (with or without BOM) or GBK/GB18030, which is
what Chinese Excel and WPS write, and the encoding is detected without asking. The file's content
is checked, not only its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

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


# Writing -------------------------------------------------------------------------------------------
#
# Every workbook the platform hands out is written here, so that each one prints and reads the same
# way at a desk: columns wide enough for their Chinese text, A4 with the header row on every printed
# page, money as money and dates as dates that Excel can sort and sum.

MONEY_FORMAT = '"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
# Column widths in Excel's units (about one Latin digit); a Chinese character takes two.
MIN_WIDTH = 6
MAX_WIDTH = 48
# Rows read to measure the columns: enough to see the data, without holding a 100,000-row sheet twice.
MEASURED_ROWS = 1000
# Beyond this total width (about what portrait A4 holds at 100 %) or this many columns, a sheet prints
# on landscape A4; either way it is fitted to the width of the page.
PORTRAIT_WIDTH = 90
PORTRAIT_COLUMNS = 7
# Workbooks are documents, Chinese whatever the reader's language (as the roster headers are).
OPTIONS_SHEET = "可选值"
DROP_DOWN_ERROR = "请从下拉列表中选择。"


@dataclass(frozen=True)
class Heading:
    """A column header with what its cells are: `money` cells get the yuan format; `options` (the
    labels an import accepts) become the column's drop-down in a template."""

    text: str
    money: bool = False
    options: Sequence[str] = ()


def money(text: str) -> Heading:
    return Heading(text, money=True)


def text_width(value: Any) -> int:
    """The width of a value as Excel shows it: East Asian wide characters count double, and a
    multi-line text is as wide as its longest line."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len("2026-01-01 00:00:00")
    if isinstance(value, dt.date):
        return len("2026-01-01")
    text = value if isinstance(value, str) else str(value)
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n"))


def _money_text(value: Any) -> str:
    return f"¥{value:,.2f}" if isinstance(value, int | float | Decimal) else str(value)


def _widths(headings: list[Heading], rows: list[Sequence[Any]]) -> list[int]:
    widths = [text_width(heading.text) for heading in headings]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            measured = text_width(_money_text(value) if headings[index].money else value)
            widths[index] = max(widths[index], measured)
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]


class _CellMaker:
    """Typed and styled cells for one sheet. Styles are shared objects, so a 100,000-row sheet stores
    each format once."""

    def __init__(self, sheet: Any, headings: list[Heading], widths: list[int]) -> None:
        self.sheet = sheet
        self.headings = headings
        self.widths = widths
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def cell(self, index: int, value: Any) -> Any:
        if isinstance(value, str):
            if value.startswith("="):
                # A name or comment typed as =HYPERLINK(...) would become a live formula in the
                # reader's Excel: it is written as plain text.
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.data_type = "s"
            elif "\n" in value or (index < len(self.widths) and self._too_wide(value, self.widths[index])):
                cell = WriteOnlyCell(self.sheet, value=value)
            else:
                return value
            cell.alignment = self.wrap
            return cell
        if isinstance(value, dt.datetime):
            # Excel has no time zones: the reader's local time, as on the pages.
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            cell = WriteOnlyCell(self.sheet, value=local.replace(tzinfo=None))
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if index < len(self.headings) and self.headings[index].money and isinstance(value, int | float | Decimal):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = MONEY_FORMAT
            return cell
        return value

    @staticmethod
    def _too_wide(value: str, width: int) -> bool:
        # A character is one or two wide: most cells are settled by their length alone.
        if len(value) * 2 <= width:
            return False
        return len(value) > width or text_width(value) > width

    def row(self, values: Sequence[Any]) -> list[Any]:
        return [self.cell(index, value) for index, value in enumerate(values)]


def _caption_row(sheet: Any, caption: str, columns: int) -> None:
    cell = WriteOnlyCell(sheet, value=caption)
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.append([cell])
    if columns > 1:
        sheet.merged_cells.add(f"A1:{get_column_letter(columns)}1")


def _print_setup(sheet: Any, widths: list[int], header_rows: int = 1) -> None:
    sheet.freeze_panes = f"A{header_rows + 1}"
    sheet.print_title_rows = f"1:{header_rows}"
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = len(widths) > PORTRAIT_COLUMNS or sum(widths) > PORTRAIT_WIDTH
    setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if wide else Worksheet.ORIENTATION_PORTRAIT
    # Fit every column on the width of the page; as many pages down as the rows need.
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"


def _drop_downs(sheet: Any, headings: list[Heading], options_at: dict[int, str], first_row: int, last_row: int) -> None:
    for index, heading in enumerate(headings):
        if index not in options_at:
            continue
        validation = DataValidation(
            type="list",
            formula1=options_at[index],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=heading.text,
            error=DROP_DOWN_ERROR,
        )
        letter = get_column_letter(index + 1)
        validation.add(f"{letter}{first_row}:{letter}{last_row}")
        sheet.data_validations.append(validation)


# Rows of a template that carry the drop-downs: more than a school's staff type in one go.
TEMPLATE_ROWS = 2000

SheetSpec = tuple[str, Sequence[str | Heading], Iterable[Sequence[Any]]]


def write_workbook(sheets: Sequence[SheetSpec], *, caption: str = "") -> bytes:
    """An .xlsx with one sheet per (title, headers, rows); a header is a text or a `Heading`.

    A `caption` (say "某某学校 2026年11月 班主任津贴发放表") is a title row above each sheet's header,
    merged across its columns and printed on every page with it: what an office files or signs.

    Each sheet gets column widths measured on its first rows, a frozen bold header row that is
    repeated on every printed page, A4 fitted to the page width (landscape when wide), page numbers,
    and typed cells: dates as dates, `money` columns in yuan. Columns whose `Heading` lists `options`
    get a drop-down of them, read from a sheet of allowed values placed last."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    option_lists: list[tuple[str, Sequence[str]]] = []
    for title, headers, rows in sheets:
        headings = [header if isinstance(header, Heading) else Heading(str(header)) for header in headers]
        sheet = workbook.create_sheet(title=title[:31])
        rows = iter(rows)
        measured = list(itertools.islice(rows, MEASURED_ROWS))
        widths = _widths(headings, measured)
        if caption and (short := text_width(caption) * 7 // 5 - sum(widths)) > 0:
            # The caption is set larger than the cells: the last column takes what the others lack.
            widths[-1] = min(MAX_WIDTH, widths[-1] + short)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        _print_setup(sheet, widths, header_rows=2 if caption else 1)
        if caption:
            _caption_row(sheet, caption, len(headings))
        options_at = {}
        for index, heading in enumerate(headings):
            if heading.options:
                option_lists.append((heading.text, heading.options))
                letter = get_column_letter(len(option_lists))
                options_at[index] = f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(heading.options) + 1}"
        header_cells = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, value=heading.text)
            cell.font, cell.fill, cell.alignment = bold, fill, centred
            header_cells.append(cell)
        sheet.append(header_cells)
        maker = _CellMaker(sheet, headings, widths)
        count = 0
        for row in itertools.chain(measured, rows):
            sheet.append(maker.row(row))
            count += 1
        if options_at:
            first = 3 if caption else 2
            _drop_downs(sheet, headings, options_at, first, max(count + first - 1, TEMPLATE_ROWS))
    if option_lists:
        _options_sheet(workbook, option_lists)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _options_sheet(workbook: Workbook, option_lists: list[tuple[str, Sequence[str]]]) -> None:
    """The drop-downs' values, one column per coded column. Visible, so that a desk can read what a
    column accepts; it is the last sheet, and the import reads only the first."""
    sheet = workbook.create_sheet(title=OPTIONS_SHEET)
    widths = [
        max([text_width(name), *(text_width(option) for option in options)]) + 2 for name, options in option_lists
    ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width)
    _print_setup(sheet, widths)
    sheet.append([name for name, _options in option_lists])
    for position in range(max(len(options) for _name, options in option_lists)):
        sheet.append([options[position] if position < len(options) else None for _name, options in option_lists])
