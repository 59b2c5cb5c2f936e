"""On a phone (375 px): a head teacher starts a forum topic in the rich-text editor, a teacher of
another district replies and reports it, the city's bureau hides it from the reports queue and pins
another; a head teacher sends the district bureau an anonymous suggestion, which the bureau adopts
with an answer, never seeing who sent it, and the sender reads the answer."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.portal.forum import services
from hts.portal.forum.models import ForumPost, ForumTopic
from hts.portal.ideas.models import Suggestion
from testkit import PASSWORD, World


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_forum_topic_reply_report_and_moderation(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    board = services.board_create(actor=world.city_staff, region=world.city, name="深圳班主任论坛")
    page.set_viewport_size({"width": 375, "height": 812})

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/forum/")
    page.get_by_test_id("forum-boards").get_by_role("link").filter(has_text="深圳班主任论坛").click()
    page.get_by_test_id("topic-new").click()
    form = page.get_by_test_id("topic-form")
    # The toolbar reads in Chinese, its source button too (it said "HTML 源码").
    expect(form.get_by_test_id("editor-source")).to_have_text("源代码")
    expect(form.get_by_test_id("editor-toolbar")).not_to_contain_text("HTML")
    form.locator("[name=title]").fill("第一次家长会怎么开？")
    form.get_by_test_id("rich-editor").click()
    form.get_by_test_id("editor-bold").click()
    page.keyboard.type("新手求助：")
    form.get_by_test_id("editor-bold").click()
    page.keyboard.type("流程怎么安排比较好？")
    _fits(page)
    page.screenshot(path=str(artifacts / "forum-topic-new-375.png"), full_page=True)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("post-list")).to_contain_text("流程怎么安排比较好？")
    expect(page.get_by_test_id("post-list").locator(".card-body b, .card-body strong")).to_have_text("新手求助：")
    topic_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server.url, "teacher_b", PASSWORD)
    page.goto(topic_url)
    reply = page.get_by_test_id("reply-form")
    reply.get_by_test_id("rich-editor").click()
    page.keyboard.type("提前一周发问卷，了解家长最关心的问题。")
    reply.locator("button[type=submit]").click()
    expect(page.get_by_test_id("post-list")).to_contain_text("提前一周发问卷")
    page.get_by_test_id("post-list").locator("article").first.get_by_role("link", name="举报").click()
    page.get_by_test_id("reason-form").locator("[name=reason]").fill("与班主任工作无关的广告")
    page.get_by_test_id("reason-form").locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    _fits(page)
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "forum-topic-375.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server.url, "city", PASSWORD)
    page.goto(f"{live_server.url}/forum/")
    page.get_by_test_id("forum-reports-link").click()
    queue = page.get_by_test_id("report-list")
    expect(queue).to_contain_text("与班主任工作无关的广告")
    _fits(page)
    page.screenshot(path=str(artifacts / "forum-reports-375.png"), full_page=True)
    queue.get_by_role("link", name="隐藏").click()
    page.get_by_test_id("reason-form").locator("[name=reason]").fill("经核实为广告")
    page.get_by_test_id("reason-form").locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("已被版主隐藏：经核实为广告")
    opening = ForumPost.objects.get(opening=True)
    assert opening.hidden_reason == "经核实为广告"

    rules = services.topic_start(actor=world.city_staff, board=board, title="论坛公约", text="文明发言。")
    page.goto(f"{live_server.url}/forum/t/{rules.uid}/")
    page.get_by_test_id("pin").click()
    expect(page.locator("h1")).to_contain_text("置顶")
    assert ForumTopic.objects.get(pk=rules.pk).pinned
    page.goto(f"{live_server.url}/forum/b/{board.uid}/")
    _fits(page)
    page.screenshot(path=str(artifacts / "forum-board-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "forum-board-desktop.png"), full_page=True)


def test_anonymous_suggestion_answered_by_the_bureau(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/ideas/")
    page.get_by_test_id("idea-new").click()
    form = page.get_by_test_id("idea-form")
    form.get_by_label("支持申请").check()
    form.locator("[name=to]").select_option(label="福田区教育局")
    form.locator("[name=title]").fill("申请心理辅导专题培训")
    form.locator("[name=body]").fill("希望每学期组织一次心理辅导专题培训。")
    form.get_by_label("匿名提交").check()
    _fits(page)
    page.screenshot(path=str(artifacts / "ideas-new-375.png"), full_page=True)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("idea-status")).to_contain_text("已收到")
    mine_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/ideas/inbox/")
    inbox = page.get_by_test_id("ideas-inbox")
    expect(inbox).to_contain_text("申请心理辅导专题培训")
    expect(inbox).to_contain_text("匿名")
    expect(page.locator("body")).not_to_contain_text("李红")
    _fits(page)
    page.screenshot(path=str(artifacts / "ideas-inbox-375.png"), full_page=True)
    inbox.get_by_role("link", name="申请心理辅导专题培训").click()
    expect(page.get_by_test_id("received-facts")).to_contain_text("匿名")
    expect(page.locator("body")).not_to_contain_text("李红")
    answer = page.get_by_test_id("answer-form")
    answer.get_by_label("采纳", exact=True).check()
    answer.locator("[name=answer]").fill("已列入下学期培训计划。")
    _fits(page)
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "ideas-received-375.png"), full_page=True)
    answer.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Suggestion.objects.get().status == "adopted"

    page.context.clear_cookies()
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(mine_url)
    expect(page.get_by_test_id("idea-answer")).to_contain_text("已列入下学期培训计划。")
    _fits(page)
    page.screenshot(path=str(artifacts / "ideas-mine-375.png"), full_page=True)
