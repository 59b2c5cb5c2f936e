"""Search in a browser (issue 16 point 9): a school office finds a teacher by initials from the top
bar's box on a desktop; a member on a phone (375 px) opens the menu and finds an archive item typed in
traditional characters; a visitor on a phone finds a published story and a studio's website by its
name's pinyin initials on the portal's search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.archives import services as archive_services
from hts.org import services as org_services
from hts.portal.models import Publication
from hts.portal.search_public import publication_indexed
from hts.portal.sites.services import site_ensure
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_search_from_the_top_bar_on_a_desktop_and_at_375_px(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    data = {"name": "张晓明", "gender": "M", "birth_year": 1980, "mobile": "13900000011", "school": world.school_a}
    teacher = org_services.teacher_create(actor=world.admin, data=data)
    data = {**data, "name": "张晓华", "mobile": "13900000012", "school": world.school_b}
    org_services.teacher_create(actor=world.admin, data=data)
    studio = make_running_studio(world)
    member = make_teacher(world.school_a, "陈静")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    member_user = make_user("member", teacher=member)
    item = archive_services.item_create(
        actor=member_user, owner=member,
        data={"kind": "case", "title": "一次班会设计的反思", "body": "<p>如何与留守儿童的家长沟通</p>",
              "date": dt.date(2026, 3, 2), "visibility": "studio", "studio": studio},
    )  # fmt: skip
    Publication.objects.create(
        studio=studio, section="story", status="published", author=member, title="一次难忘的家访",
        body="<p>家访的故事</p>", published_at=timezone.now(),
    )  # fmt: skip
    publication_indexed(Publication.objects.get(title="一次难忘的家访"))
    site = site_ensure(studio)
    assert site is not None
    base = live_server.url

    desk = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    sign_in(desk, base, "school", PASSWORD)
    box = desk.get_by_test_id("global-search").get_by_role("searchbox")
    box.fill("zxm")
    box.press("Enter")
    group = desk.get_by_test_id("search-group-teacher")
    expect(group).to_contain_text("张晓明")
    expect(group).not_to_contain_text("张晓华")  # another school's teacher
    assert serious_accessibility_violations(desk) == []
    desk.screenshot(path=str(artifacts / "search-desktop.png"), full_page=True)
    group.get_by_role("link", name="张晓明").click()
    desk.wait_for_url(f"**/org/teachers/{teacher.uid}/")

    phone = browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN")
    sign_in(phone, base, "member", PASSWORD)
    phone.get_by_role("button", name="菜单").click()
    box = phone.get_by_test_id("global-search").get_by_role("searchbox")
    expect(box).to_be_visible()
    box.fill("班會設計")
    box.press("Enter")
    group = phone.get_by_test_id("search-group-archive")
    expect(group).to_contain_text("一次班会设计的反思")
    _no_sideways_scroll(phone)
    phone.screenshot(path=str(artifacts / "search-375.png"), full_page=True)
    group.get_by_role("link", name="一次班会设计的反思").click()
    phone.wait_for_url(f"**/archives/items/{item.uid}/")

    visitor = browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN")
    visitor.goto(f"{base}/search/")
    visitor.get_by_role("searchbox").fill("家访")
    visitor.get_by_role("button", name="搜索").click()
    expect(visitor.get_by_test_id("public-results")).to_contain_text("一次难忘的家访")
    expect(visitor.locator("body")).not_to_contain_text("一次班会设计的反思")
    _no_sideways_scroll(visitor)
    assert serious_accessibility_violations(visitor) == []
    visitor.screenshot(path=str(artifacts / "search-public-375.png"), full_page=True)
    # The studio by its name's initials (向阳花 → xyh), on to its website.
    visitor.get_by_role("searchbox").fill("xyh")
    visitor.get_by_role("button", name="搜索").click()
    group = visitor.get_by_test_id("public-group-site")
    expect(group).to_contain_text(studio.name)
    expect(group).to_contain_text(world.school_a.name)
    _no_sideways_scroll(visitor)
    visitor.screenshot(path=str(artifacts / "search-public-studio-375.png"), full_page=True)
    group.get_by_role("link", name=studio.name).click()
    visitor.wait_for_url(f"**/s/{site.slug}/")
