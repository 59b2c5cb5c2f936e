"""The roster workbooks as a desk uses them: templates whose drop-downs offer what the import accepts
and whose example row imports as downloaded, and exports that print on A4 and name schools."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hts.org.models import HeadTeacherService, School, Teacher
from hts.org.roster import SCHOOL_COLUMNS, TEACHER_COLUMNS
from hts.org.tests.test_roster import ROSTER_HEADERS, problems, upload, xlsx
from testkit import World, client_for, make_teacher


def _book(response: Any) -> Any:
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _drop_downs(book: Any) -> dict[str, list[str]]:
    """Header (without the required mark) → the values its drop-down lists."""
    sheet, options = book.worksheets[0], book["可选值"]
    headers = [cell.value.rstrip("*") for cell in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list" and validation.showErrorMessage
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        header = headers[sheet[f"{column}1"].column - 1]
        source = validation.formula1.split("!")[1].replace("$", "")
        found[header] = [row[0].value for row in options[source]]
    return found


def test_the_teacher_template_imports_as_downloaded_for_the_school_that_downloaded_it(world: World) -> None:
    client = client_for(world.school_staff)
    template = client.get("/org/rosters/teachers/template.xlsx")
    book = _book(template)
    example = [cell.value for cell in book.worksheets[0][2]]
    assert example[4] == world.school_a.name  # the downloader's school, not an invented one
    response = upload(client, "教师名册模板.xlsx", template.content)
    assert response.status_code == 302, problems(response)
    teacher = Teacher.objects.get(mobile=str(example[0]))
    assert teacher.school == world.school_a
    assert HeadTeacherService.objects.get(teacher=teacher).started_on == dt.date(2015, 9, 1)


def test_the_example_key_is_one_no_teacher_holds(world: World) -> None:
    make_teacher(world.school_b, "占号", mobile="13800138000")  # outside the school's scope
    client = client_for(world.school_staff)
    template = client.get("/org/rosters/teachers/template.xlsx")
    assert _book(template).worksheets[0]["A2"].value == "13800138001"
    assert upload(client, "t.xlsx", template.content).status_code == 302
    assert Teacher.objects.get(mobile="13800138000").name == "占号"


def test_the_teacher_drop_downs_offer_the_labels_and_the_schools_in_scope(world: World) -> None:
    drop_downs = _drop_downs(_book(client_for(world.district_staff).get("/org/rosters/teachers/template.xlsx")))
    assert drop_downs["性别"] == ["女", "男"]
    assert drop_downs["学历"] == ["大专", "本科", "硕士", "博士", "其他"]
    assert sorted(drop_downs["学校"]) == sorted([world.school_a.name, world.school_a2.name])  # not 南山's
    school_only = _drop_downs(_book(client_for(world.school_staff).get("/org/rosters/teachers/template.xlsx")))
    assert school_only["学校"] == [world.school_a.name]


def test_every_value_a_drop_down_offers_imports(world: World) -> None:
    for column in [*TEACHER_COLUMNS, *SCHOOL_COLUMNS]:
        for option in column.options:
            column.parse(option)  # raises CellError for a value the import refuses
    # The schools offered (two of the same name by their code) each import.
    School.objects.create(name="福田中学", code="FT-09", region=world.district_a, has_junior=True)
    client = client_for(world.district_staff)
    drop_downs = _drop_downs(_book(client.get("/org/rosters/teachers/template.xlsx")))
    assert "FT-02" in drop_downs["学校"] and "FT-09" in drop_downs["学校"] and "福田中学" not in drop_downs["学校"]
    rows = [
        [f"135000001{n:02d}", f"教师{n}", "女", "1990", school, "", "", "", "", "", ""]
        for n, school in enumerate(drop_downs["学校"])
    ]
    assert upload(client, "a.xlsx", xlsx(rows)).status_code == 302


def test_the_school_template_imports_as_downloaded_in_the_bureau_s_own_district(world: World) -> None:
    client = client_for(world.district_b_staff)
    template = client.get("/org/rosters/schools/template.xlsx")
    book = _book(template)
    drop_downs = _drop_downs(book)
    assert drop_downs["所属区域"] == ["南山区"]
    assert drop_downs["市直属"] == ["是", "否"] and "小学、初中" in drop_downs["学段"]
    code = book.worksheets[0]["A2"].value
    assert book.worksheets[0]["C2"].value == "南山区"
    response = upload(client, "学校名册模板.xlsx", template.content, kind="schools")
    assert response.status_code == 302, problems(response)
    assert School.objects.get(code=code).region == world.district_b
    # Downloaded again, the example takes a code no school holds yet rather than the one just imported.
    again = _book(client.get("/org/rosters/schools/template.xlsx"))
    assert again.worksheets[0]["A2"].value != code


def test_a_school_code_that_names_another_school_is_refused(world: World) -> None:
    rows = [["13500000001", "赵一", "女", "1988", "福田实验小学", "FT-02", "", "", "", "", "", ""]]
    response = upload(client_for(world.district_staff), "a.xlsx", xlsx(rows, ROSTER_HEADERS))
    assert response.status_code == 400
    assert problems(response)[0][:2] == (2, "学校")
    rows[0][5] = "FT-01"
    assert upload(client_for(world.district_staff), "a.xlsx", xlsx(rows, ROSTER_HEADERS)).status_code == 302


def _printable(sheet: Worksheet) -> None:
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)


def test_the_teacher_export_names_the_school_and_prints_on_a4(world: World) -> None:
    sheet = _book(client_for(world.school_staff).get("/org/rosters/teachers/export.xlsx")).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    row = next(row for row in rows if row[0].value == world.teacher_a.mobile)
    assert (row[4].value, row[5].value) == (world.school_a.name, world.school_a.code)
    assert row[2].value == "女" and row[9].value == dt.datetime(2015, 9, 1)  # a label; a real date
    assert row[9].number_format == "yyyy-mm-dd"
    _printable(sheet)
    assert sheet.page_setup.orientation == "landscape"  # twelve columns
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    # 福田实验小学: six characters of double width, plus the margin; the mobile column fits 11 digits.
    assert widths["E"] >= 14 and widths["A"] >= 11
    assert max(widths.values()) <= 48


def test_the_school_export_prints_portrait(world: World) -> None:
    sheet = _book(client_for(world.city_staff).get("/org/rosters/schools/export.xlsx")).worksheets[0]
    _printable(sheet)
    assert sheet.page_setup.orientation == "portrait"
    assert [cell.value for cell in sheet[2]][2] in {"福田区", "南山区"}


def test_a_city_bureau_s_example_school_is_city_direct_and_imports(world: World) -> None:
    client = client_for(world.city_staff)
    template = client.get("/org/rosters/schools/template.xlsx")
    example = [cell.value for cell in _book(template).worksheets[0][2]]
    assert example[2] == "深圳市" and example[4] == "是"
    response = upload(client, "学校名册模板.xlsx", template.content, kind="schools")
    assert response.status_code == 302, problems(response)
    assert School.objects.get(code=example[0]).city_direct
