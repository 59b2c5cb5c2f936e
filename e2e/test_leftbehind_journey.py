"""On a phone (375 px): a head teacher makes a left-behind child's file and records an activity; the
school's office is asked why before it reads the file; the city's bureau sees counts, never names."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import a_running_semester, serious_accessibility_violations, sign_in
from hts.classwork.models import LeftBehindFile, Pupil
from hts.core.models import AuditEntry
from testkit import PASSWORD, World


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_left_behind_file_from_head_teacher_to_office_and_bureau(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    a_running_semester(world.city)
    Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)
    page.set_viewport_size({"width": 375, "height": 812})

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/classwork/class/{world.class_a.uid}/pupils/")
    page.get_by_test_id("classwork-leftbehind-link").click()
    page.get_by_role("link", name="尚未建档：立即建档").click()
    form = page.get_by_test_id("leftbehind-new-form")
    form.get_by_label("监护人姓名").fill("李桂芳")
    form.get_by_label("监护人与孩子的关系").fill("祖母")
    form.get_by_label("父母务工地").fill("广东东莞")
    form.get_by_label("联系计划").fill("每两周视频一次。")
    _fits(page)
    page.screenshot(path=str(artifacts / "leftbehind-new-375.png"), full_page=True)
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("leftbehind-file")).to_contain_text("李桂芳")
    activity = page.get_by_test_id("leftbehind-activity-form")
    activity.get_by_label("活动").fill("生日会")
    activity.get_by_role("button", name="登记活动").click()
    expect(page.get_by_test_id("leftbehind-activities")).to_contain_text("生日会")
    _fits(page)
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "leftbehind-file-375.png"), full_page=True)
    file_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(file_url)
    reason = page.get_by_test_id("leftbehind-reason-form")
    expect(reason).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("李桂芳")
    _fits(page)
    page.screenshot(path=str(artifacts / "leftbehind-reason-375.png"), full_page=True)
    reason.get_by_label("查阅事由").fill("德育处检查留守儿童建档")
    reason.get_by_role("button", name="继续").click()
    expect(page.get_by_test_id("leftbehind-file")).to_contain_text("李桂芳")
    expect(page.get_by_test_id("leftbehind-audited")).to_contain_text("德育处检查留守儿童建档")
    file = LeftBehindFile.objects.get()
    reasons = AuditEntry.objects.filter(action="classwork.leftbehind.read", target_id=str(file.uid))
    assert "德育处检查留守儿童建档" in [entry.changes["reason"] for entry in reasons]

    page.context.clear_cookies()
    sign_in(page, live_server.url, "city", PASSWORD)
    page.goto(f"{live_server.url}/classwork/leftbehind/schools/")
    counts = page.get_by_test_id("leftbehind-counts")
    expect(counts).to_contain_text(world.school_a.name)
    expect(page.locator("body")).not_to_contain_text("陈小雨")
    _fits(page)
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "leftbehind-counts-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(artifacts / "leftbehind-counts-desktop.png"), full_page=True)
