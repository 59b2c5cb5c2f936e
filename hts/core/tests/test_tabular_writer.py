"""The one workbook writer every export goes through: what each of them gets without asking."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from hts.core.tabular import MAX_WIDTH, MEASURED_ROWS, Heading, money, text_width, write_workbook


def _sheet(headers: list[str | Heading], rows: list[list[object]]) -> object:
    return load_workbook(io.BytesIO(write_workbook([("表", headers, rows)]))).worksheets[0]


def test_chinese_characters_count_double_in_the_widths_and_long_text_wraps() -> None:
    assert text_width("福田实验小学") == 12 and text_width("FT-01") == 5 and text_width("一\n二三") == 4
    sheet = _sheet(["学校", "代码", "说明"], [["福田实验小学", "FT-01", "很长的说明" * 20]])
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths["A"] == 14 and widths["B"] == 7 and widths["C"] == MAX_WIDTH
    assert sheet["C2"].alignment.wrap_text and not sheet["A2"].alignment.wrap_text


def test_money_dates_and_formula_like_text_are_typed() -> None:
    sheet = _sheet(
        ["日期", money("金额"), "数量", "备注"],
        [[dt.date(2026, 11, 27), Decimal("1234.50"), Decimal("1.5"), "=1+1"]],
    )
    assert sheet["A2"].is_date and sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].number_format == '"¥"#,##0.00' and sheet["C2"].number_format == "General"
    assert sheet["D2"].data_type == "s" and sheet["D2"].value == "=1+1"


def test_every_row_is_written_though_only_the_first_are_measured() -> None:
    rows = [[str(n)] for n in range(MEASURED_ROWS + 5)] + [["很长" * 30]]
    sheet = _sheet(["编号"], rows)
    assert sheet.max_row == len(rows) + 1
    assert sheet.column_dimensions["A"].width < MAX_WIDTH  # the late long cell wraps instead
    assert sheet[f"A{len(rows) + 1}"].alignment.wrap_text


def test_wide_sheets_print_landscape_and_narrow_ones_portrait() -> None:
    assert _sheet(["甲", "乙"], [["一", "二"]]).page_setup.orientation == "portrait"
    assert _sheet([f"列{n}" for n in range(9)], []).page_setup.orientation == "landscape"
    assert _sheet(["说明", "备注", "附注"], [["很长" * 30] * 3]).page_setup.orientation == "landscape"


def test_a_caption_is_a_merged_title_row_above_the_header_printed_with_it() -> None:
    caption = "福田实验小学 2026年11月 班主任津贴发放表"
    content = write_workbook(
        [("表", ["姓名", Heading("性别", options=("男", "女"))], [["李红", "女"]])], caption=caption
    )
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["A1"].value == caption and sheet["A1"].font.bold
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:B1"]
    assert [c.value for c in sheet[2]] == ["姓名", "性别"] and sheet["A3"].value == "李红"
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$1:$2"
    # The columns together are as wide as the caption, and the drop-down starts below the header.
    widths = sum(dimension.width for dimension in sheet.column_dimensions.values())
    assert widths >= text_width(caption)
    assert str(sheet.data_validations.dataValidation[0].sqref).startswith("B3:")
    # Without a caption the header stays the first row.
    plain = load_workbook(io.BytesIO(write_workbook([("表", ["姓名"], [["李红"]])]))).worksheets[0]
    assert plain["A1"].value == "姓名" and plain.freeze_panes == "A2"
