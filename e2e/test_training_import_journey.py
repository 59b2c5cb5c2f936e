"""At 375 px: a bureau imports a score sheet with bad cells and reads each one (row, column, what is
wrong) with nothing imported; then reminds who is behind, and pressing again says why nothing went out."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import Course, Enrolment
from testkit import PASSWORD, World, make_teacher


def _sheet(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机号", "理论知识考试", "专业水平测试"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_bad_cells_and_a_reminder_that_says_why(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    from hts.studios.policy_templates.ganyu import CORPS

    CorpsPolicy.objects.create(region=world.city, **CORPS)
    make_teacher(world.school_a, "周明", serving_since=dt.date(2020, 9, 1))
    course = Course.objects.create(kind="pre_service", title="县班主任岗前培训", year=2026, region=world.district_a,
                                   pass_mark=Decimal(60))  # fmt: skip
    Enrolment.objects.create(course=course, teacher=world.teacher_a)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/corps/training/courses/{course.uid}/")
    page.set_input_files("#id_import-file", files=[{"name": "成绩.xlsx", "buffer": _sheet([
        ["王五", "13800000001", "八十", 120]]), "mimeType": "application/octet-stream"}])  # fmt: skip
    page.get_by_role("button", name="导入", exact=True).click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("有 3 个单元格需要更正")
    expect(errors).to_contain_text("“八十”不是数字")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "training-import-errors-375.png"), full_page=True)

    page.goto(f"{live_server.url}/corps/training/behind/region/{world.district_a.uid}/")
    page.get_by_test_id("behind-remind").click()
    expect(page.locator(".alert").first).to_contain_text("没有可用的平台账号")
    page.get_by_test_id("behind-remind").click()
    expect(page.locator(".alert").first).to_contain_text("本周已提醒过")
    page.screenshot(path=str(artifacts / "training-remind-375.png"), full_page=True)
