"""Issue 16 point 4, in the browser: a visitor leaves a message on a studio's board (the form loads
into the cached page from its own address), nothing shows before the host approves it, the host
approves and answers it, and the visitor reads the answer: at desktop width and at 375 px."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.portal.sites.services import site_ensure
from testkit import PASSWORD, World, make_running_studio


def _both_widths(page: Page, artifacts: Any, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(artifacts / f"portal-comments-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_visitor_leaves_a_message_the_host_approves_and_answers_it(
    page: Page, live_server: Any, world: World, artifacts: Any, settings: Any
) -> None:
    settings.PORTAL_COMMENT_MIN_SECONDS = 0
    cache.clear()
    studio = make_running_studio(world)
    site_ensure(studio)
    board = f"{live_server.url}/s/{studio.site.slug}/messages/"

    page.goto(board)
    form = page.get_by_test_id("comment-form")  # loaded by htmx into the cached page
    form.get_by_label("昵称").fill("一年级家长")
    form.get_by_label("联系方式（选填）").fill("13912345678")
    form.get_by_label("留言内容").fill("孩子早上总是磨蹭，有什么好办法？")
    _both_widths(page, artifacts, "form")
    assert serious_accessibility_violations(page) == []
    form.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("comment-sent")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("comments-thread")).not_to_contain_text("磨蹭")

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/comments/")
    row = page.get_by_test_id("queue-row").filter(has_text="磨蹭")
    expect(row).to_contain_text("13912345678")
    _both_widths(page, artifacts, "queue")
    row.get_by_role("button", name="通过", exact=True).click()
    page.goto(f"{live_server.url}/comments/?status=approved")
    page.get_by_test_id("queue-row").filter(has_text="磨蹭").get_by_role("link", name="回复", exact=True).click()
    page.get_by_label("回复（显示在公开页面的该条下方）").fill("可以试试前一晚准备好书包和衣服。")
    page.get_by_role("button", name="保存回复").click()
    expect(page.get_by_test_id("queue-row").filter(has_text="磨蹭")).to_contain_text("前一晚准备好书包")

    page.context.clear_cookies()
    page.goto(board)
    thread = page.get_by_test_id("comments-thread")
    expect(thread.get_by_test_id("comment")).to_contain_text("孩子早上总是磨蹭")
    expect(thread.get_by_test_id("comment-reply")).to_contain_text("可以试试前一晚准备好书包和衣服。")
    expect(thread).not_to_contain_text("13912345678")
    expect(page.get_by_test_id("comment-form")).to_be_visible()
    _both_widths(page, artifacts, "answered")
    assert serious_accessibility_violations(page) == []
