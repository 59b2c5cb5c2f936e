"""Check-in from a phone: the organiser creates a half-day activity and opens the screen; a member
scans the code at 375 px, signs in, lands back on the check-in, and finds 3 学时 on their hours."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from hts.studios.models import Batch, BatchPolicy, Membership, Studio
from hts.studios.policy_templates import policy_values
from testkit import PASSWORD, World, make_teacher, make_user


def test_check_in_from_a_phone_and_see_the_hours(
    page: Page, browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    batch = Batch.objects.create(
        region=world.district_a, name="福田区第一批", tier="district", start_year=2026, cycle_years=3
    )
    BatchPolicy.objects.create(batch=batch, template="shenzhen", **policy_values("shenzhen"))
    studio = Studio.objects.create(
        batch=batch,
        name="向阳花工作室",
        stage="primary",
        theme="家校共育",
        plan="规划",
        host=world.teacher_a,
        host_school=world.school_a,
        status="active",
    )
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    teacher = make_teacher(world.school_a2, "成员甲", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    make_user("member_a", teacher=teacher)

    # The host creates a half-day offline activity that has just begun.
    base = live_server.url
    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/studios/{studio.uid}/")
    page.get_by_test_id("activities-link").click()
    page.get_by_role("link", name="新建活动").click()
    form = page.get_by_test_id("activity-form")
    form.locator("select[name=kind]").select_option("collective_study")
    form.locator("input[name=title]").fill("三月集体研修")
    start = timezone.localtime() - dt.timedelta(minutes=2)
    form.locator("input[name=starts_at]").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=ends_at]").fill((start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=place]").fill("福田实验小学报告厅")
    form.get_by_role("button", name="保存").click()
    page.get_by_test_id("open-screen").click()
    qr = page.get_by_test_id("qr")
    expect(qr.locator("svg")).to_be_visible()
    checkin_url = qr.get_attribute("data-checkin-url")
    assert checkin_url and "t=" in checkin_url
    page.screenshot(path=str(artifacts / "checkin-screen.png"), full_page=True)

    # The member's phone opens the scanned link, signs in, and lands back on the check-in.
    phone_context = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    phone = phone_context.new_page()
    phone.goto(checkin_url)
    expect(phone).to_have_url(re.compile(r"/accounts/login/\?next="))
    phone.get_by_label("用户名或手机号").fill("member_a")
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    # The landing page writes nothing: its button is the check-in.
    phone.get_by_test_id("checkin-confirm").click()
    expect(phone.get_by_test_id("checkin-ok")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(artifacts / "checkin-phone.png"), full_page=True)
    phone.get_by_role("link", name="我的学时").last.click()
    expect(phone.get_by_test_id("hours-total")).to_have_text("3.0")
    phone_context.close()

    # The organiser's screen lists the member within one refresh.
    expect(page.get_by_test_id("live-list")).to_contain_text("成员甲", timeout=25_000)
