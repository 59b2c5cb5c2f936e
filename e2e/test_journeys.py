"""What a new user does in a real browser, on a desktop and at phone width."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.org.models import Teacher
from testkit import PASSWORD, World

HEADERS = [
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


def workbook(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_bureau_staff_sign_in_and_find_a_school(page: Page, live_server: Any, world: World) -> None:
    sign_in(page, live_server.url, "district", PASSWORD)
    expect(page.get_by_test_id("figure-schools")).to_have_text("2")
    page.get_by_test_id("nav-people").get_by_role("button", name="人员与学校").click()
    page.get_by_test_id("nav-people").get_by_role("link", name="学校", exact=True).click()
    page.get_by_placeholder("学校名称或代码").fill("福田中学")
    page.get_by_role("button", name="搜索").click()
    table = page.get_by_test_id("school-table")
    expect(table).to_contain_text("福田中学")
    expect(table).not_to_contain_text("福田实验小学")
    table.get_by_role("link", name="福田中学").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("福田中学")
    expect(page.locator("body")).to_contain_text("初中、高中")


def test_roster_import_shows_bad_rows_then_takes_a_good_file(
    page: Page, live_server: Any, world: World, tmp_path: Path, artifacts: Path
) -> None:
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/org/rosters/import/?kind=teachers")
    bad = workbook(
        tmp_path / "bad.xlsx",
        [
            ["13500000001", "赵一", "女", "1988", "福田实验小学", "", "", "", "", "", ""],
            ["1350000", "钱二", "男", "1990", "福田实验小学", "", "", "", "", "", ""],
        ],
    )
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="检查并导入").click()
    errors = page.get_by_test_id("problem-table")
    expect(page.get_by_test_id("import-errors")).to_contain_text("未导入任何数据")
    expect(errors).to_contain_text("手机号")
    expect(errors.locator("tbody tr").first).to_contain_text("3")
    page.screenshot(path=str(artifacts / "roster-import-errors.png"), full_page=True)
    assert not Teacher.objects.filter(mobile="13500000001").exists()

    good = workbook(
        tmp_path / "good.xlsx",
        [
            ["13500000001", "赵一", "女", "1988", "福田实验小学", "", "", "", "2019-09-01", "", ""],
            ["13500000002", "钱二", "男", "1990", "福田实验小学", "", "", "", "", "", ""],
        ],
    )
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="检查并导入").click()
    expect(page.locator(".alert-success")).to_contain_text("新增 2 条")
    page.get_by_test_id("nav-people").get_by_role("button", name="人员与学校").click()
    page.get_by_test_id("nav-people").get_by_role("link", name="教师", exact=True).click()
    expect(page.get_by_test_id("teacher-table")).to_contain_text("赵一")
    expect(page.get_by_test_id("teacher-table")).to_contain_text("135****0001")


def test_a_teacher_cannot_open_a_bureau_page(page: Page, live_server: Any, world: World) -> None:
    sign_in(page, live_server.url, "teacher", PASSWORD)
    expect(page.get_by_role("link", name="学校", exact=True)).to_have_count(0)
    response = page.goto(f"{live_server.url}/org/schools/")
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("forbidden")).to_contain_text("无权访问")
    response = page.goto(f"{live_server.url}/accounts/audit/")
    assert response is not None and response.status == 403


def test_home_page_at_phone_width(page: Page, live_server: Any, world: World, artifacts: Path) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "city", PASSWORD)
    expect(page.get_by_test_id("figure-teachers")).to_have_text("2")
    # Nothing sticks out sideways, and the menu folds behind its button.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    toggler = page.get_by_role("button", name="菜单")
    expect(toggler).to_be_visible()
    expect(page.locator("#main-nav").get_by_role("link", name="审计日志")).to_be_hidden()
    page.screenshot(path=str(artifacts / "home-phone.png"), full_page=True)
    toggler.click()
    # The menu slides open; a click on 系统 while it is still sliding ("collapsing") can be lost.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bcollapse\b.*\bshow\b"))
    page.get_by_test_id("nav-system").get_by_role("button", name="系统").click()
    expect(page.locator("#main-nav").get_by_role("link", name="审计日志")).to_be_visible()
    page.screenshot(path=str(artifacts / "home-phone-menu.png"), full_page=True)


def test_home_page_on_a_desktop(page: Page, live_server: Any, world: World, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, live_server.url, "district", PASSWORD)
    # A bureau's many pages sit in menus: the bar stays one line high.
    bar = page.locator("nav.navbar").bounding_box()
    assert bar is not None and bar["height"] < 80
    page.get_by_test_id("nav-system").get_by_role("button", name="系统").click()
    expect(page.locator("#main-nav").get_by_role("link", name="审计日志")).to_be_visible()
    page.screenshot(path=str(artifacts / "home-desktop.png"), full_page=True)


def test_the_downloaded_template_imports_unchanged(
    page: Page, live_server: Any, world: World, tmp_path: Path, artifacts: Path
) -> None:
    """A school's desk downloads the teacher template, sends it back as it came, and it imports: the
    example names their own school. At phone width, the page and its column notes still fit."""
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/org/rosters/import/?kind=teachers")
    with page.expect_download() as download_info:
        page.get_by_test_id("template-link").click()
    template = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(template)
    assert template.name == "教师名册模板.xlsx"
    page.screenshot(path=str(artifacts / "roster-import-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("input[type=file]").set_input_files(str(template))
    page.get_by_role("button", name="检查并导入").click()
    expect(page.locator(".alert-success")).to_contain_text("新增 1 条")
    page.screenshot(path=str(artifacts / "roster-import-template.png"), full_page=True)
    assert Teacher.objects.get(mobile="13800138000").school == world.school_a
