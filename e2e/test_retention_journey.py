"""Issue 15 point 6 in a browser: the data inventory from the footer, and the school's office erasing a pupil's
records on a verified request on a phone (375 px), with the confirm step."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.classwork.models import Pupil
from hts.core.models import AuditEntry
from testkit import PASSWORD, World


def test_inventory_and_erasure_on_request(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)
    Pupil.objects.create(school_class=world.class_a, name="刘子轩", gender="M")

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.get_by_role("link", name="个人信息清单").click()
    expect(page.get_by_role("heading", name="个人信息清单")).to_be_visible()
    expect(page.locator("body")).to_contain_text("留守儿童档案")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "retention-inventory-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    page.screenshot(path=str(artifacts / "retention-inventory-375.png"), full_page=True)
    page.context.clear_cookies()

    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/classwork/class/{world.class_a.uid}/pupils/")
    page.get_by_test_id("classwork-pupil-table").get_by_role("link", name="陈小雨").click()
    expect(page.get_by_test_id("pupil-edit-form")).to_be_visible()
    page.get_by_test_id("pupil-request-link").click()
    form = page.get_by_test_id("pupil-request-form")
    form.get_by_label("删除：立即将记录匿名化").check()
    form.get_by_label("申请编号").fill("2026-家长申请-003")
    form.get_by_label("申请的核实方式").fill("学生母亲到校当面申请，核对户口簿。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "retention-request-375.png"), full_page=True)
    form.get_by_role("button", name="下一步：确认").click()
    expect(page.get_by_test_id("request-confirm")).to_contain_text("永久")
    assert Pupil.objects.get(pk=pupil.pk).name == "陈小雨"
    page.screenshot(path=str(artifacts / "retention-confirm-375.png"), full_page=True)
    page.get_by_test_id("request-confirm-button").click()
    expect(page.get_by_test_id("classwork-pupil-table")).to_contain_text(f"已匿名学生{pupil.pk}")
    expect(page.get_by_test_id("classwork-pupil-table")).not_to_contain_text("陈小雨")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "retention-erased-375.png"), full_page=True)
    assert AuditEntry.objects.filter(action="classwork.pupil.erased").count() == 1
