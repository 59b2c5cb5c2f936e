"""A member offers a case from her archive; the host checks it in the publish step (the pupil's name
masked) and publishes it; a visitor with no account reads it on the studio's website on a phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.archives.models import ArchiveItem
from hts.classwork.models import Pupil
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user


def _page(browser: Browser, width: int) -> Any:
    return browser.new_page(
        viewport={"width": width, "height": 812 if width < 500 else 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )


def test_a_member_offers_a_case_the_host_publishes_it_and_it_shows_at_375_px(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    studio = make_running_studio(world, name="“向阳花”名班主任工作室")
    teacher = make_teacher(world.school_a, "陈静")
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    make_user("chenjing", teacher=teacher)
    Pupil.objects.create(school_class=world.class_a, name="张晓明", gender="M")
    ArchiveItem.objects.create(
        owner_teacher=teacher, kind="case", title="一次班会的转变", date=dt.date.today(), visibility="studio",
        body="<p>张晓明在班会上第一次主动发言，同学们给他鼓掌。</p>",
    )  # fmt: skip
    base = live_server.url

    member = _page(browser, 375)
    sign_in(member, base, "chenjing", PASSWORD)
    member.goto(f"{base}/studios/{studio.uid}/")
    member.get_by_test_id("website-link").click()
    member.get_by_test_id("offer-items").get_by_test_id("offer-item").first.click()
    expect(member.get_by_test_id("my-publications")).to_contain_text("一次班会的转变")
    expect(member.get_by_test_id("publication-status").first).to_contain_text("待审核")
    assert member.evaluate("document.documentElement.scrollWidth") <= 375
    member.screenshot(path=str(artifacts / "portal_sites_offer_375.png"), full_page=True)

    host = _page(browser, 1280)
    sign_in(host, base, "teacher", PASSWORD)
    host.goto(f"{base}/studios/{studio.uid}/")
    host.get_by_test_id("website-link").click()
    expect(host.get_by_test_id("queue-count")).to_have_text("1")
    host.get_by_test_id("open-publish").click()
    expect(host.get_by_test_id("masked-names")).to_contain_text("张晓明")
    expect(host.get_by_test_id("preview-body")).to_contain_text("张*明在班会上第一次主动发言")
    host.screenshot(path=str(artifacts / "portal_sites_publish_step.png"), full_page=True)
    assert serious_accessibility_violations(host) == []
    host.get_by_test_id("publish").click()
    expect(host.get_by_test_id("decided")).to_contain_text("一次班会的转变")
    host.get_by_test_id("site-link").click()
    expect(host.get_by_test_id("site-latest")).to_contain_text("一次班会的转变")
    host.screenshot(path=str(artifacts / "portal_sites_home_desktop.png"), full_page=True)

    visitor = _page(browser, 375)
    visitor.goto(f"{base}/s/xiangyanghua/")
    expect(visitor.get_by_test_id("site-team")).to_contain_text("陈静")
    visitor.get_by_test_id("site-latest").get_by_text("一次班会的转变").click()
    body = visitor.get_by_test_id("publication-body")
    expect(body).to_contain_text("张*明在班会上第一次主动发言")
    expect(body).not_to_contain_text("张晓明")
    expect(visitor.get_by_test_id("share-qr").locator("svg")).to_have_count(1)
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(visitor) == []
    visitor.screenshot(path=str(artifacts / "portal_sites_item_375.png"), full_page=True)
    visitor.goto(f"{base}/s/xiangyanghua/section/case/")
    expect(visitor.get_by_test_id("section-list")).to_contain_text("一次班会的转变")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 375
    visitor.screenshot(path=str(artifacts / "portal_sites_section_375.png"), full_page=True)
