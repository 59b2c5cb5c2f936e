"""A studio's lifecycle in the browser (issue 13, points 5, 6 and 9): a revoked studio's check-in
code is refused on the phone, a member's home shows the yellow card, and a closed studio's archive
and grades stay reachable from its page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from hts.activities import checkin
from hts.activities.models import Activity, Attendance
from hts.studios import services
from hts.studios.models import Membership, Studio
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user


def _member(world: World, studio: Studio) -> None:
    teacher = make_teacher(world.school_a2, "成员甲", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    make_user("member_a", teacher=teacher)


def test_a_revoked_studios_check_in_code_is_refused_on_the_phone(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    studio = make_running_studio(world, start_year=2024)  # 2024–2026: 2024 and 2025 have ended
    _member(world, studio)
    starts = timezone.now() - dt.timedelta(minutes=5)
    activity = Activity.objects.create(
        studio=studio,
        kind="collective_study",
        title="集体研修",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
    )
    # The code was on the organiser's screen; then the bureau records the second failed year.
    url = f"{live_server.url}/activities/{activity.uid}/checkin/?t={checkin.make_token(str(activity.uid))}"
    for year in (2024, 2025):
        services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=year, grade="failed")

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")
    phone = context.new_page()
    sign_in(phone, live_server.url, "member_a", PASSWORD)
    phone.goto(url)
    error = phone.get_by_test_id("checkin-error")
    expect(error).to_contain_text("已撤销")
    expect(error).to_contain_text("不再接受签到")
    expect(phone.get_by_test_id("checkin-ok")).to_have_count(0)
    phone.screenshot(path=str(artifacts / "checkin-revoked-phone.png"), full_page=True)
    context.close()
    assert not Attendance.objects.filter(activity=activity).exists()


def test_the_members_home_shows_the_yellow_card(page: Page, live_server: Any, world: World) -> None:
    studio = make_running_studio(world, status=Studio.Status.YELLOW_CARD, name="黄牌工作室")
    _member(world, studio)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "member_a", PASSWORD)
    mine = page.get_by_test_id("my-studios")
    expect(mine).to_contain_text("黄牌工作室")
    expect(mine).to_contain_text("黄牌")
    expect(mine).not_to_contain_text("运行中")


def test_a_closed_studios_archive_and_grades_stay_reachable(page: Page, live_server: Any, world: World) -> None:
    studio = make_running_studio(world, status=Studio.Status.EXPIRED, start_year=2023, name="期满工作室")
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/studios/{studio.uid}/")
    expect(page.get_by_test_id("studio-status")).to_have_text("期满")
    expect(page.get_by_test_id("expired-notice")).to_be_visible()
    page.get_by_test_id("archive-link").click()
    expect(page.get_by_test_id("archive-read-only")).to_be_visible()
    expect(page.get_by_test_id("new-material")).to_have_count(0)
    page.go_back()
    page.get_by_test_id("grades-link").click()
    expect(page).to_have_url(f"{live_server.url}/evaluation/grades/studio/{studio.uid}/")
    expect(page.locator("h1")).to_be_visible()
