"""A studio's semester plan from draft to the bureau's acknowledgement; a second plan for the same
semester is refused with the first one named; a mentor's lesson observation shows as guidance hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.activities.models import Activity
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_school_year, make_teacher


def test_a_semester_plan_is_submitted_and_acknowledged(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    for year in (2025, 2026, 2027, 2028):
        make_school_year(world.city, year)
    studio = make_running_studio(world)
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/activities/studio/{studio.uid}/plans/")
    page.get_by_test_id("new-plan").locator("a[href*='kind=semester']").click()
    form = page.get_by_test_id("plan-form")
    form.locator("[name=title]").fill("2026 年秋季学期计划")
    form.locator("[name=period_key]").select_option(label="2026—2027学年 秋季学期")
    form.locator("[name=theme]").fill("家校共育")
    form.locator("[name=body]").fill("九月：开班；十月：读书会。")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("草稿")
    page.get_by_test_id("submit-plan").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已提交")

    # The same semester again: refused, the typed text kept, the existing plan named.
    page.goto(f"{live_server.url}/activities/studio/{studio.uid}/plans/new/?kind=semester")
    form = page.get_by_test_id("plan-form")
    form.locator("[name=title]").fill("重复的计划")
    form.locator("[name=period_key]").select_option(label="2026—2027学年 秋季学期")
    form.locator("[name=theme]").fill("主题")
    form.locator("[name=body]").fill("不应保存的正文")
    form.locator("button[type=submit]").click()
    expect(form.locator(".invalid-feedback").first).to_contain_text("2026 年秋季学期计划")
    expect(form.locator("[name=body]")).to_have_value("不应保存的正文")
    page.screenshot(path=str(artifacts / "plan-duplicate.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(artifacts / "plan-duplicate-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.context.clear_cookies()
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/activities/studio/{studio.uid}/plans/")
    page.get_by_test_id("studio-plans").get_by_text("2026 年秋季学期计划").click()
    page.get_by_test_id("acknowledge-plan").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已审阅")


def test_a_mentors_lesson_observation_counts_as_guidance_hours(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    studio = make_running_studio(world)
    policy = studio.batch.policy
    policy.mentor_guidance_hours = 10
    policy.save()
    mentor = make_teacher(world.school_a2, "李导师")
    Membership.objects.create(studio=studio, role="mentor", teacher=mentor, status="active")
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=1), dt.time(8, 30)))
    activity = Activity.objects.create(
        studio=studio, kind="lesson_observation", title="听评课", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), place="厅",
    )  # fmt: skip

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/activities/{activity.uid}/edit/")
    page.get_by_test_id("activity-form").get_by_label("李导师").check()
    page.get_by_test_id("activity-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("presenters")).to_contain_text("李导师")
    page.goto(f"{live_server.url}/activities/studio/{studio.uid}/quotas/")
    expect(page.get_by_test_id("guidance-table")).to_contain_text("李导师")
    expect(page.get_by_test_id("guidance-table")).to_contain_text("3.0 / 10.0")
    page.screenshot(path=str(artifacts / "guidance-hours.png"), full_page=True)
