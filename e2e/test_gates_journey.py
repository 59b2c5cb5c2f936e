"""A head teacher with a year and a bit of service opens their profile on a phone (375 px) and sees
001 8's gates: no title application until the second anniversary, no promotion until the third,
each with its reason and date. Their school's office sees the same on its gates page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.models import CorpsPolicy
from testkit import PASSWORD, World, make_teacher, make_user


def test_a_head_teacher_sees_their_gates_on_their_profile_at_375_px(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    CorpsPolicy.objects.create(
        region=world.city,
        title_min_service_years=2,
        promotion_min_service_years=3,
        failing_year_blocks_honours=True,
        template="ganyu",
    )
    start = timezone.localdate() - dt.timedelta(days=400)
    young = make_teacher(world.school_a, "周新", serving_since=start)
    make_user("zhouxin", teacher=young)
    base = live_server.url

    phone = browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")
    sign_in(phone, base, "zhouxin", PASSWORD)
    phone.goto(f"{base}/org/teachers/{young.uid}/")
    title = phone.get_by_test_id("gate-title")
    expect(title).to_contain_text("职称申报")
    expect(title).to_contain_text(start.replace(year=start.year + 2).isoformat())
    expect(title).to_contain_text("要求满2年")
    promotion = phone.get_by_test_id("gate-promotion")
    expect(promotion).to_contain_text("提拔为学校中层干部")
    expect(promotion).to_contain_text(start.replace(year=start.year + 3).isoformat())
    expect(phone.get_by_test_id("gate-honours")).to_contain_text("本学年无经核实的年度考评不合格")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(phone) == []
    phone.screenshot(path=str(artifacts / "gates_profile_375.png"), full_page=True)
    phone.close()

    # The school's office sees the teacher's gates on its page.
    office = browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")
    sign_in(office, base, "school", PASSWORD)
    office.goto(f"{base}/corps/gates/")
    row = office.get_by_test_id("gate-row").filter(has_text="周新")
    expect(row).to_contain_text(f"{start.replace(year=start.year + 2).isoformat()}起可以")
    assert office.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(office) == []
    office.screenshot(path=str(artifacts / "gates_school_375.png"), full_page=True)
    office.set_viewport_size({"width": 1280, "height": 900})
    office.screenshot(path=str(artifacts / "gates_school_1280.png"), full_page=True)
    office.close()
