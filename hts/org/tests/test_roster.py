"""Roster import and export, through the upload page as staff use it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from hts.core.models import AuditEntry
from hts.org.models import HeadTeacherService, School, Teacher
from testkit import World, client_for

TEACHER_HEADERS = [
    "手机号",
    "姓名",
    "性别",
    "出生年份",
    "学校",
    "任教学科",
    "职称",
    "学历",
    "班主任起始日期",
    "班主任结束日期",
    "所带班级",
]
# The layout the template and the export write: the school by name, its code beside it.
ROSTER_HEADERS = [*TEACHER_HEADERS[:5], "学校代码", *TEACHER_HEADERS[5:]]
# Files made before the 学校代码 column (and files people make by hand) leave it out.
GOOD_ROWS = [
    [
        "13500000001",
        "赵一",
        "女",
        "1988",
        "福田实验小学",
        "语文",
        "中小学一级教师",
        "本科",
        "2016-09-01",
        "",
        "四年级1班",
    ],
    ["13500000002", "钱二", "男", "1992", "FT-02", "数学", "", "硕士", "2020/9/1", "2023-07-10", ""],
    ["13500000003", "孙三", "女", "1995", "福田中学", "英语", "", "", "", "", ""],
]


def xlsx(rows: list[list[Any]], headers: list[str] = TEACHER_HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str, headers: list[str] = TEACHER_HEADERS) -> bytes:
    lines = [",".join(headers)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client: Any, name: str, data: bytes, kind: str = "teachers") -> Any:
    return client.post("/org/rosters/import/", {"kind": kind, "file": SimpleUploadedFile(name, data)})


def problems(response: Any) -> list[tuple[int | None, str, str]]:
    result = response.context["result"]
    return [(p.row, p.column, p.message) for p in result.problems]


def test_the_template_has_the_chinese_headers(world: World) -> None:
    response = client_for(world.school_staff).get("/org/rosters/teachers/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value.rstrip("*") for cell in sheet[1]]
    assert headers == ROSTER_HEADERS


def test_a_good_workbook_imports_and_importing_it_again_changes_nothing(world: World) -> None:
    client = client_for(world.district_staff)
    response = upload(client, "教师名册.xlsx", xlsx(GOOD_ROWS))
    assert response.status_code == 302
    assert Teacher.objects.filter(mobile__startswith="135").count() == 3
    zhao = Teacher.objects.get(mobile="13500000001")
    assert zhao.school == world.school_a and zhao.education == "bachelor" and zhao.gender == "F"
    service = HeadTeacherService.objects.get(teacher=zhao)
    assert str(service.started_on) == "2016-09-01" and service.ended_on is None
    assert str(HeadTeacherService.objects.get(teacher__mobile="13500000002").ended_on) == "2023-07-10"
    audit_count = AuditEntry.objects.count()

    again = upload(client, "教师名册.xlsx", xlsx(GOOD_ROWS))
    assert again.status_code == 302
    assert Teacher.objects.filter(mobile__startswith="135").count() == 3
    assert HeadTeacherService.objects.filter(teacher__mobile__startswith="135").count() == 2
    # Only the import itself is logged the second time: no record changed.
    assert AuditEntry.objects.count() == audit_count + 1
    follow = client.get("/org/rosters/import/?kind=teachers")
    assert "新增 0 条，更新 0 条，3 条无变化" in follow.content.decode()


def test_a_changed_row_updates_the_matched_teacher(world: World) -> None:
    client = client_for(world.district_staff)
    upload(client, "a.xlsx", xlsx(GOOD_ROWS))
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][5] = "道德与法治"
    assert upload(client, "a.xlsx", xlsx(changed)).status_code == 302
    assert Teacher.objects.get(mobile="13500000001").subject == "道德与法治"
    assert AuditEntry.objects.filter(action="org.teacher.updated", changes__subject__1="道德与法治").exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_and_wps_write(world: World, encoding: str) -> None:
    response = upload(client_for(world.district_staff), "名册.csv", csv_bytes(GOOD_ROWS, encoding))
    assert response.status_code == 302
    assert Teacher.objects.get(mobile="13500000003").name == "孙三"


def test_bad_rows_are_each_named_and_nothing_is_imported(world: World) -> None:
    rows = [
        GOOD_ROWS[0],
        ["1350000", "周四", "女", "1990", "福田实验小学", "", "", "", "", "", ""],  # mobile not 11 digits
        ["13500000005", "吴五", "男", "1990", "不存在的学校", "", "", "", "", "", ""],  # unknown school
        ["13500000001", "郑六", "男", "1990", "福田实验小学", "", "", "", "", "", ""],  # duplicate key
        [
            "13500000007",
            "王七",
            "男",
            "1990",
            "福田实验小学",
            "",
            "",
            "",
            "2020-09-01",
            "2019-07-01",
            "",
        ],  # ends before
        ["13500000008", "名" * 31, "女", "1990", "福田实验小学", "", "", "", "", "", ""],  # over-long name
        ["13500000009", "冯九", "未知", "19x0", "福田实验小学", "", "", "", "2020-13-45", "", ""],  # bad choices
        ["13500000010", "", "女", "1990", "福田实验小学", "", "", "", "", "", ""],  # required empty
    ]
    response = upload(client_for(world.district_staff), "bad.xlsx", xlsx(rows))
    assert response.status_code == 400
    found = problems(response)
    columns_by_row = {(row, column) for row, column, _ in found}
    assert [column for row, column, _ in found if row == 3] == ["手机号"]  # one reason, not a second "null"
    assert (4, "学校") in columns_by_row
    assert (5, "手机号") in columns_by_row
    assert (6, "班主任结束日期") in columns_by_row
    assert (7, "姓名") in columns_by_row
    assert {(8, "性别"), (8, "出生年份"), (8, "班主任起始日期")} <= columns_by_row
    assert (9, "姓名") in columns_by_row
    assert not Teacher.objects.filter(mobile__startswith="135").exists()
    body = response.content.decode()
    assert "未导入任何数据" in body
    assert "不是 11 位手机号" in body
    assert "第 2 行" in body  # the duplicate names the row it repeats


def test_a_missing_required_column_is_named(world: World) -> None:
    headers = [h for h in TEACHER_HEADERS if h != "性别"]
    rows = [[cell for index, cell in enumerate(row) if index != 2] for row in GOOD_ROWS]
    response = upload(client_for(world.district_staff), "a.xlsx", xlsx(rows, headers))
    assert response.status_code == 400
    assert problems(response)[0][:2] == (None, "性别")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("roster.pdf", b"%PDF-1.4 not a roster"),
        ("roster.xlsx", b"this is not a zip file at all"),
        ("roster.xlsx", b"PK\x03\x04broken-zip-content"),
        ("roster.csv", b"\x00\x01\x02binary"),
        ("roster.csv", b""),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(world: World, name: str, data: bytes) -> None:
    response = upload(client_for(world.district_staff), name, data)
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "alert-danger" in body or "invalid-feedback" in body
    assert not Teacher.objects.filter(mobile__startswith="135").exists()


def test_a_file_over_the_size_limit_is_refused(world: World, settings: Any) -> None:
    settings.ROSTER_UPLOAD_MAX_BYTES = 100
    response = upload(client_for(world.district_staff), "a.xlsx", xlsx(GOOD_ROWS))
    assert response.status_code == 400
    assert "大于" in problems(response)[0][2] or "MB" in problems(response)[0][2]


def test_school_staff_may_only_import_into_their_school(world: World) -> None:
    rows = [["13500000001", "赵一", "女", "1988", "南山外国语学校", "", "", "", "", "", ""]]
    response = upload(client_for(world.school_staff), "a.xlsx", xlsx(rows))
    assert response.status_code == 400
    assert problems(response)[0][:2] == (2, "学校")


def test_a_row_matching_a_teacher_outside_the_scope_is_refused(world: World) -> None:
    rows = [[world.teacher_b.mobile, "王明", "男", "1980", "福田实验小学", "", "", "", "", "", ""]]
    response = upload(client_for(world.district_staff), "a.xlsx", xlsx(rows))
    assert response.status_code == 400
    world.teacher_b.refresh_from_db()
    assert world.teacher_b.school == world.school_b
    assert "13800000002" not in response.content.decode()  # the other teacher's number is not revealed


SCHOOL_HEADERS = ["学校代码", "学校名称", "所属区域", "学段", "市直属", "村小", "地址"]


def test_bureau_staff_import_schools_by_code(world: World) -> None:
    rows = [
        ["FT-20", "福田新村小学", "福田区", "小学", "否", "是", ""],
        ["FT-21", "福田高级中学", "440304", "初中、高中", "", "", "福田路1号"],
    ]
    client = client_for(world.district_staff)
    assert upload(client, "schools.xlsx", xlsx(rows, SCHOOL_HEADERS), kind="schools").status_code == 302
    assert School.objects.get(code="FT-20").village is True
    high = School.objects.get(code="FT-21")
    assert high.has_junior and high.has_senior and not high.has_primary
    assert upload(client, "schools.xlsx", xlsx(rows, SCHOOL_HEADERS), kind="schools").status_code == 302
    assert School.objects.filter(code__in=["FT-20", "FT-21"]).count() == 2


def test_school_import_refuses_regions_outside_the_scope_and_unknown_stages(world: World) -> None:
    rows = [["NS-20", "南山新校", "南山区", "小学", "", "", ""], ["FT-22", "福田新校", "福田区", "大学", "", "", ""]]
    response = upload(client_for(world.district_staff), "s.xlsx", xlsx(rows, SCHOOL_HEADERS), kind="schools")
    assert response.status_code == 400
    assert {(row, column) for row, column, _ in problems(response)} == {(2, "所属区域"), (3, "学段")}
    assert not School.objects.filter(code__in=["NS-20", "FT-22"]).exists()


def test_school_staff_cannot_import_schools(world: World) -> None:
    response = upload(client_for(world.school_staff), "s.xlsx", xlsx([], SCHOOL_HEADERS), kind="schools")
    assert response.status_code == 403


def test_the_teacher_export_round_trips_through_the_import(world: World) -> None:
    # The school's own staff keep its roster: their export carries full mobile numbers (the import's key).
    upload(client_for(world.district_staff), "a.xlsx", xlsx(GOOD_ROWS))
    client = client_for(world.school_staff)
    export = client.get("/org/rosters/teachers/export.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ROSTER_HEADERS
    mobiles = {row[0] for row in rows[1:]}
    assert {"13500000001", world.teacher_a.mobile} <= mobiles
    assert world.teacher_b.mobile not in mobiles  # outside the school
    before = AuditEntry.objects.filter(action__startswith="org.teacher").count()
    assert upload(client, "export.xlsx", export.content).status_code == 302
    assert AuditEntry.objects.filter(action__startswith="org.teacher").count() == before


def test_the_school_export_follows_the_list_filters(world: World) -> None:
    export = client_for(world.city_staff).get("/org/rosters/schools/export.xlsx", {"stage": "senior"})
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["FT-02"]


def test_exported_text_that_looks_like_a_formula_stays_text(world: World) -> None:
    world.teacher_a.subject = '=HYPERLINK("x","点我")'  # fits the 20-character field
    world.teacher_a.save()
    export = client_for(world.school_staff).get("/org/rosters/teachers/export.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    cell = next(row[6] for row in sheet.iter_rows(min_row=2) if row[0].value == world.teacher_a.mobile)
    assert cell.data_type == "s"
    assert cell.value == world.teacher_a.subject
