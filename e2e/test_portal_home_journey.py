"""The bureau writes a notice and brands its portal; a visitor with no account reads it at 1280 px and
on a 375 px phone, where nothing overflows and axe finds nothing serious."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.notifications.models import Notification
from hts.portal.models import Publication
from testkit import PASSWORD, World, make_running_studio


def test_bureau_publishes_a_notice_and_a_visitor_reads_the_portal(
    page: Page, browser: Browser, live_server: Any, world: World, artifacts: Any
) -> None:
    cache.clear()
    studio = make_running_studio(world)
    Publication.objects.create(
        studio=studio, section="case", status="published", published_at=timezone.now(), title="一次班会的转变",
        summary="从冷场到人人发言的主题班会。", author=world.teacher_a,
    )  # fmt: skip
    base = live_server.url
    sign_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/portal/manage/440300/brand/")
    form = page.get_by_test_id("portal-brand-form")
    form.get_by_label("门户名称").fill("深圳市名班主任工作室门户")
    form.get_by_label("备案号").fill("粤ICP备00000001号")
    form.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="新建通知").click()
    form = page.get_by_test_id("portal-notice-form")
    form.get_by_label("标题").fill("关于班主任节表彰的通知")
    # The archives' editor, its toolbar in Chinese.
    expect(form.get_by_test_id("editor-source")).to_have_text("源代码")
    form.get_by_test_id("rich-editor").click()
    form.get_by_test_id("editor-bold").click()
    page.keyboard.type("请各校")
    form.get_by_test_id("editor-bold").click()
    page.keyboard.type("于月底前报送。")
    page.screenshot(path=str(artifacts / "portal-notice-form-1280.png"), full_page=True)
    form.get_by_role("button", name="保存").click()
    page.get_by_test_id("notice-publish").click()
    # The region's school offices and studio hosts are told.
    told = set(
        Notification.objects.filter(title__contains="关于班主任节表彰的通知").values_list("recipient", flat=True)
    )
    assert told == {world.school_staff.pk, world.teacher_user.pk}
    page.goto(f"{base}/portal/manage/440300/featured/")
    page.get_by_role("button", name="设为精选").click()

    visitor = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    desk = visitor.new_page()
    desk.goto(f"{base}/b/440300/")
    expect(desk.get_by_test_id("portal-notices")).to_contain_text("关于班主任节表彰的通知")
    expect(desk.get_by_test_id("portal-featured")).to_contain_text("一次班会的转变")
    expect(desk.locator("footer")).to_contain_text("粤ICP备00000001号")
    assert serious_accessibility_violations(desk) == []
    desk.screenshot(path=str(artifacts / "portal-home-1280.png"), full_page=True)
    assert visitor.cookies() == []

    desk.set_viewport_size({"width": 375, "height": 812})
    desk.get_by_role("link", name="工作室", exact=True).click()
    expect(desk.get_by_test_id("portal-studio-list")).to_contain_text("向阳花工作室")
    assert desk.evaluate("document.documentElement.scrollWidth") <= 375
    desk.screenshot(path=str(artifacts / "portal-studios-375.png"), full_page=True)
    desk.goto(f"{base}/b/440300/")
    desk.get_by_role("link", name="关于班主任节表彰的通知").click()
    expect(desk.get_by_test_id("portal-notice")).to_contain_text("请各校于月底前报送")
    expect(desk.get_by_test_id("portal-notice").locator("b, strong")).to_have_text("请各校")
    assert desk.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(desk) == []
    desk.screenshot(path=str(artifacts / "portal-notice-375.png"), full_page=True)
    visitor.close()
