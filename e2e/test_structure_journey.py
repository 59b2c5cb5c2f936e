"""A school names a mentoring pair; the mentor, on a phone (375 px), finds the pair from the bar,
records a guidance session, and sees the hours added up; the mentee reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.structure.models import GuidanceSession, MentorPair
from testkit import PASSWORD, World, make_teacher, make_user


def test_a_mentor_records_a_guidance_session_on_a_phone(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    mentee = make_teacher(world.school_a, "赵青", serving_since=dt.date.today() - dt.timedelta(days=200))
    make_user("zhaoqing", teacher=mentee)
    # The school's office names the chief and the pair on its structure page.
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/corps/structure/")
    chief = page.get_by_test_id("corps-chief-form")
    chief.get_by_label("教师").select_option(label="李红")
    chief.get_by_role("button", name="任命").click()
    expect(page.get_by_test_id("corps-chief-history")).to_contain_text("李红")
    pair = page.get_by_test_id("corps-pair-form")
    pair.get_by_label("导师").select_option(label="李红")
    pair.get_by_label("青年班主任").select_option(label="赵青")
    pair.get_by_label("开始日期").fill((dt.date.today() - dt.timedelta(days=30)).isoformat())
    pair.get_by_role("button", name="建立结对").click()
    expect(page.get_by_test_id("corps-pairs")).to_contain_text("赵青")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "structure-school-1280.png"), full_page=True)
    assert MentorPair.objects.get().mentee == mentee
    page.context.clear_cookies()

    # The mentor, on a phone.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/corps/structure/mine/")
    page.get_by_test_id("corps-my-pairs").get_by_role("link", name="指导赵青").click()
    form = page.get_by_test_id("corps-guidance-form")
    form.get_by_label("日期").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    form.get_by_label("主题").fill("如何召开第一次家长会")
    form.get_by_label("学时").fill("1.5")
    form.get_by_label("备注").fill("准备发言提纲，预演两次。")
    form.get_by_role("button", name="记录").click()
    expect(page.get_by_test_id("corps-guidance-list")).to_contain_text("如何召开第一次家长会")
    expect(page.get_by_test_id("corps-pair-hours")).to_contain_text("1.5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "structure-guidance-375.png"), full_page=True)
    assert GuidanceSession.objects.get().recorded_by.username == "teacher"  # type: ignore[union-attr]
