"""The signed-in home's to-dos (hts/core/todos.py): a studio's host finds the item a member offered and a
visitor's message waiting, with their age, at 1280 px and on a 375 px phone; the link lands on the queue
where it is decided, and once decided the to-do is gone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.archives.models import ArchiveItem
from hts.portal.comments import services as comments
from hts.portal.comments.models import Comment
from hts.portal.comments.targets import STUDIO, target_for
from hts.portal.sites import services as sites
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user


def test_a_host_finds_the_portals_queues_on_home(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    studio = make_running_studio(world)
    sites.site_ensure(studio)
    member_teacher = make_teacher(world.school_a, "陈静")
    Membership.objects.create(studio=studio, role="member", teacher=member_teacher, status="active")
    member = make_user("chenjing", teacher=member_teacher)
    item = ArchiveItem.objects.create(
        owner_teacher=member_teacher, kind="case", title="一次班会的案例", body="<p>班会</p>", visibility="studio",
        date=dt.date.today(),
    )  # fmt: skip
    publication = sites.offer_archive_item(actor=member, item=item, studio=studio)
    comments.comment_submit(
        target=target_for(STUDIO, str(studio.uid)), user=AnonymousUser(), name="家长", contact="", body="谢谢老师"
    )
    base = live_server.url
    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/home/")
    todos = page.get_by_test_id("home-todos")
    expect(todos).to_contain_text("1 项网站投稿等待你的决定")
    expect(todos).to_contain_text("1 条评论或留言等待你审核")
    expect(todos.get_by_test_id("todo-age").first).to_contain_text("已等待")
    assert serious_accessibility_violations(page) == []
    # A head teacher who hosts a studio has the longest menu: the bar still fits the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(artifacts / "home-todos-1280.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "home-todos-375.png"), full_page=True)
    page.get_by_test_id("home-todos").get_by_role("link").filter(has_text="网站投稿").click()
    expect(page.get_by_test_id("queue")).to_contain_text("一次班会的案例")

    sites.publication_return(actor=world.teacher_user, publication=publication, note="请补充照片")
    comments.comment_approve(actor=world.teacher_user, comment=Comment.objects.get())
    page.goto(f"{base}/home/")
    expect(page.get_by_test_id("home-todos")).to_have_count(0)
