"""A school's office confirms a head teacher's proposed rank, sets the allowance, builds and exports
the month's roll (desktop), and the head teacher sees the rank and its reasons on their profile on a
phone (375 px). Every ranks page fits 375 px and passes the accessibility check."""

from __future__ import annotations

import calendar
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.tests.ranks_kit import certificate, ganyu_scheme, second_level
from testkit import PASSWORD, World, make_user


def _rest_of_month(rate: int) -> Decimal:
    """A month's rate paid from today to the month's end, by days, to the fen."""
    today = timezone.localdate()
    days_in_month = calendar.monthrange(today.year, today.month)[1]
    share = Decimal(rate) * (days_in_month - today.day + 1) / days_in_month
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _fits(page: Any, artifacts: Path, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    assert serious_accessibility_violations(page) == [], name
    page.screenshot(path=str(artifacts / f"ranks_{name}_375.png"), full_page=True)


def test_a_school_confirms_a_rank_and_exports_the_roll_and_the_teacher_sees_it(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    ganyu_scheme(world)
    candidate = second_level(world, name="周二级")
    make_user("zhou", teacher=candidate)
    certificate(world.teacher_a, world)
    base = live_server.url

    office = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    sign_in(office, base, "school", PASSWORD)
    office.goto(f"{base}/corps/ranks/")
    row = office.get_by_test_id("rank-row").filter(has_text="周二级")
    expect(row.get_by_test_id("proposal")).to_have_text("二级班主任")
    office.screenshot(path=str(artifacts / "ranks_school_1280.png"), full_page=True)
    row.get_by_role("link").click()
    expect(office.get_by_test_id("proposed-rank")).to_have_text("二级班主任")
    office.screenshot(path=str(artifacts / "ranks_teacher_1280.png"), full_page=True)
    office.get_by_test_id("rank-form").get_by_role("button", name="保存").click()
    expect(office.get_by_test_id("rank-history")).to_contain_text("二级班主任")

    # Confirm all: 李红 (world.teacher_a) is proposed 三级.
    office.goto(f"{base}/corps/ranks/{world.school_a.uid}/confirm/")
    expect(office.get_by_test_id("preview-row")).to_have_count(1)
    office.get_by_test_id("confirm-form").get_by_role("button", name="确认 1 条建议").click()
    expect(office.get_by_test_id("rank-row").filter(has_text="李红")).to_contain_text("三级班主任")

    office.goto(f"{base}/corps/ranks/{world.school_a.uid}/rolls/")
    office.get_by_test_id("edit-rates").click()
    office.get_by_label("三级班主任").fill("200")
    office.get_by_label("二级班主任").fill("300")
    office.get_by_test_id("rates-form").get_by_role("button", name="保存").click()
    expect(office.get_by_test_id("rates")).to_contain_text("¥300")
    office.get_by_test_id("roll-build").get_by_role("button", name="生成").click()
    # Both ranks take effect today, so this month's roll pays the days from today on (hts/corps/ranks/pay.py).
    expect(office.get_by_test_id("roll-total")).to_have_text(f"¥{_rest_of_month(200) + _rest_of_month(300)}")
    office.screenshot(path=str(artifacts / "ranks_roll_1280.png"), full_page=True)
    office.get_by_test_id("roll-export").click()
    expect(office.locator("body")).to_contain_text("津贴")

    # The same pages fit a phone.
    office.set_viewport_size({"width": 375, "height": 812})
    for name, path in (
        ("school", f"/corps/ranks/{world.school_a.uid}/"),
        ("teacher", f"/corps/ranks/{world.school_a.uid}/teachers/{candidate.uid}/"),
        ("scheme", f"/corps/ranks/{world.school_a.uid}/scheme/"),
        ("rolls", f"/corps/ranks/{world.school_a.uid}/rolls/"),
        ("rates", f"/corps/ranks/{world.school_a.uid}/rates/"),
    ):
        office.goto(f"{base}{path}")
        _fits(office, artifacts, name)
    office.close()

    phone = browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")
    sign_in(phone, base, "zhou", PASSWORD)
    phone.goto(f"{base}/org/teachers/{candidate.uid}/")
    fact = phone.get_by_test_id("corps-rank")
    expect(fact).to_contain_text("二级班主任")
    expect(fact).to_contain_text("班主任年限")
    _fits(phone, artifacts, "profile")
    phone.close()
