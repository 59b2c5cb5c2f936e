"""The Ganyu demo county in a browser: the county bureau reads its certificates on a phone (375 px),
each state shown as a card; the school's office sees the gates and the structure on a desktop; the
young head teacher finds their closed gates and their mentor on a phone."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.accounts.models import Role, User
from hts.demo.ganyu import seed_ganyu
from hts.evaluation.rubrics.builtin import install_builtin
from testkit import make_user


def _seed() -> None:
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    User.objects.filter(pk=make_user("admin", Role.SYSTEM_ADMIN).pk).update(is_superuser=True)
    seed_ganyu(timezone.localdate())


def test_the_ganyu_accounts_on_a_phone_and_a_desktop(page: Page, live_server: Any, artifacts: Any) -> None:
    _seed()
    base, password = live_server.url, settings.DEMO_PASSWORD

    # The county bureau on a phone: every state, each certificate a card wide enough to read.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, base, "ganyu_bureau", password)
    page.goto(f"{base}/corps/certificates/?kind=qualification")
    listing = page.get_by_test_id("certificate-list")
    for state in ("有效", "即将到期", "已过期", "已撤销"):
        expect(listing.get_by_test_id("certificate-state").filter(has_text=state).first).to_be_visible()
    school_cell = listing.locator("tbody tr").first.locator("td").nth(3)
    assert school_cell.bounding_box()["width"] > 300  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "ganyu-certificates-375.png"), full_page=True)
    listing.locator("tbody tr").filter(has_text="已撤销").first.get_by_role("link").click()
    expect(page.get_by_test_id("certificate-history")).to_contain_text("申报材料")
    expect(page.get_by_test_id("certificate-history")).to_contain_text("朱县育")
    page.context.clear_cookies()

    # The school's office on a desktop: the gates and the structure of 赣榆县实验小学.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "ganyu_school", password)
    page.goto(f"{base}/corps/gates/")
    expect(page.locator("main")).to_contain_text("王晓萌")
    expect(page.locator("main")).to_contain_text("优秀等次向班主任倾斜")
    page.screenshot(path=str(artifacts / "ganyu-gates-1280.png"), full_page=True)
    page.goto(f"{base}/corps/structure/")
    expect(page.get_by_test_id("corps-pairs")).to_contain_text("王晓萌")
    expect(page.get_by_test_id("corps-pairs")).to_contain_text("张雨涵")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "ganyu-structure-1280.png"), full_page=True)
    page.context.clear_cookies()

    # The young head teacher on a phone: the closed gates on their profile, and their mentor.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, base, "ganyu_young", password)
    young = User.objects.select_related("teacher").get(username="ganyu_young").teacher
    page.goto(f"{base}/org/teachers/{young.uid}/")  # type: ignore[union-attr]
    expect(page.locator("main")).to_contain_text("暂不可以")
    page.goto(f"{base}/corps/structure/mine/")
    expect(page.get_by_test_id("corps-my-pairs")).to_contain_text("孙立新")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "ganyu-young-375.png"), full_page=True)
