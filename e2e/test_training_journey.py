"""A school calls its head-teacher meeting and records attendance; the bureau runs a county course and
enters the trainees' scores on a phone (375 px)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import Course, Enrolment
from testkit import PASSWORD, World, make_teacher


def test_a_school_meeting_and_a_county_course(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    CorpsPolicy.objects.create(
        region=world.city, course_pass_mark=Decimal(60), training_hours_per_half_day=Decimal(3),
        school_course_yearly=True, county_course_every_years=3,
    )  # fmt: skip
    make_teacher(world.school_a, "周明", serving_since=dt.date(2020, 9, 1))
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/corps/training/meetings/{world.school_a.uid}/")
    form = page.get_by_test_id("meeting-form")
    start = dt.datetime.now() + dt.timedelta(minutes=10)
    form.get_by_label("标题").fill("班主任工作例会")
    form.get_by_label("开始时间").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("结束时间").fill((start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("地点").fill("三楼会议室")
    form.get_by_role("button", name="发布").click()
    expect(page.get_by_test_id("organised-by")).to_contain_text(world.school_a.name)
    page.screenshot(path=str(artifacts / "training-meeting-1280.png"), full_page=True)
    page.goto(f"{live_server.url}/corps/training/meetings/{world.school_a.uid}/")
    expect(page.get_by_test_id("meeting-list")).to_contain_text("班主任工作例会")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "training-meetings-1280.png"), full_page=True)
    page.context.clear_cookies()

    course = Course.objects.create(kind="pre_service", title="县班主任岗前培训", year=2026, region=world.district_a,
                                   pass_mark=Decimal(60))  # fmt: skip
    Enrolment.objects.create(course=course, teacher=world.teacher_a)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/corps/training/courses/{course.uid}/")
    page.get_by_label("理论知识考试成绩 李红").fill("86")
    page.get_by_label("专业水平测试成绩 李红").fill("72")
    page.get_by_test_id("save-scores").click()
    expect(page.get_by_test_id("result-李红")).to_have_text("合格")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "training-course-375.png"), full_page=True)
