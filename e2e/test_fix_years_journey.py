"""A school's office looks at a head teacher with a broken service history on a phone (375 px) and on
a desk: the profile, its gates, the work archive and the rank page read the same years; crediting club
work that has not ended yet is refused naming the fields as they read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.models import CorpsPolicy
from hts.corps.tests.ranks_kit import ganyu_scheme
from hts.org.models import HeadTeacherService
from hts.org.service_time import served_days, years_text
from testkit import PASSWORD, World, make_teacher


def test_the_office_reads_one_figure_of_years_on_every_page_at_375_px(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    CorpsPolicy.objects.create(
        region=world.city, title_min_service_years=2, promotion_min_service_years=3, template="ganyu"
    )
    ganyu_scheme(world)
    today = timezone.localdate()
    teacher = make_teacher(world.school_a, "断续老师")
    spans = [
        (today - dt.timedelta(days=3600), today - dt.timedelta(days=2401)),
        (today - dt.timedelta(days=2400), today - dt.timedelta(days=1201)),
        (today - dt.timedelta(days=943), None),
    ]
    for start, end in spans:
        HeadTeacherService.objects.create(teacher=teacher, school=world.school_a, started_on=start, ended_on=end)
    figure = years_text(served_days(spans, today))
    base = live_server.url

    page = browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")
    sign_in(page, base, "school", PASSWORD)
    page.goto(f"{base}/org/teachers/{teacher.uid}/")
    expect(page.get_by_test_id("service-years")).to_have_text(figure)
    expect(page.get_by_test_id("gate-title")).to_contain_text(f"担任班主任{figure}年")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "fix_years_profile_375.png"), full_page=True)
    page.goto(f"{base}/corps/archive/{teacher.uid}/")
    expect(page.get_by_test_id("archive-summary")).to_contain_text(f"担任班主任{figure}年")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "fix_years_archive_375.png"), full_page=True)
    page.goto(f"{base}/corps/ranks/{world.school_a.uid}/teachers/{teacher.uid}/")
    expect(page.locator("main")).to_contain_text(f"{figure} 年")
    page.screenshot(path=str(artifacts / "fix_years_rank_375.png"), full_page=True)

    page.goto(f"{base}/corps/gates/{world.school_a.uid}/credited/new/")
    page.get_by_label("教师").select_option(label=teacher.name)
    page.get_by_label("开始日期").fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label("结束日期").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("认定的工作").fill("书法兴趣小组辅导")
    page.get_by_label("认定理由").fill("校务会认定")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("结束日期晚于今天")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "fix_years_credited_375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/corps/archive/{teacher.uid}/")
    page.screenshot(path=str(artifacts / "fix_years_archive_1280.png"), full_page=True)
    page.close()
