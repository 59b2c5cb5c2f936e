"""The to-do registry on the signed-in home (issue 16 "Not done", issue 17's first registry): whoever must
act next on a portal queue finds it there, with its age and a link to where it is decided, at a bounded
cost; and it is gone once done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from hts.core.todos import Todo, register_todos, todos_for
from hts.portal.comments import services as comments
from hts.portal.comments.targets import BUREAU, STUDIO, target_for
from hts.portal.contest.models import Contest
from hts.portal.forum import services as forum
from hts.portal.ideas import services as ideas
from hts.portal.models import Publication
from hts.portal.sites import services as sites
from hts.portal.tests.contest_kit import make_kit, past_deadline, score_all, submit
from hts.portal.tests.sites_kit import Site, site_fixture  # noqa: F401  (the fixture)
from testkit import World, client_for, make_teacher, make_user

pytestmark = pytest.mark.django_db


def _todos(user_or_client: Any) -> str:
    client = user_or_client if isinstance(user_or_client, Client) else client_for(user_or_client)
    page = client.get("/home/").content.decode()
    if 'data-testid="home-todos"' not in page:
        return ""
    return page.split('data-testid="home-todos"')[1].split("</ul>")[0]


def test_the_hosts_queues_show_on_home_and_go_when_decided(site: Site, django_assert_max_num_queries: Any) -> None:
    publication = sites.offer_archive_item(actor=site.member, item=site.case, studio=site.studio)
    comments.comment_submit(
        target=target_for(STUDIO, str(site.studio.uid)), user=AnonymousUser(), name="家长", contact="", body="谢谢老师"
    )
    host = client_for(site.host)
    host.get("/home/")  # the session's first page pays for the menu
    # Each queue is one summary query, however many wait in it.
    with django_assert_max_num_queries(27):
        todos = _todos(host)
    queue = f"/portal/sites/studio/{site.studio.uid}/"
    assert f'href="{queue}"' in todos and "1 项网站投稿等待你的决定" in todos
    assert 'href="/comments/"' in todos and "1 条评论或留言等待你审核" in todos
    assert todos.count('data-testid="todo-age"') == 2 and "已等待" in todos
    # The host follows the link: the queue is where it is decided.
    assert publication.title in client_for(site.host).get(queue).content.decode()
    # A member has nothing to decide.
    assert _todos(site.member) == ""
    sites.publication_return(actor=site.host, publication=publication, note="请补充活动照片")
    assert Publication.objects.get(pk=publication.pk).status == Publication.Status.RETURNED
    assert queue not in _todos(site.host)
    comments.comment_approve(actor=site.host, comment=comments.Comment.objects.get())
    assert _todos(site.host) == ""


def test_the_bureaus_queues_show_on_home_and_go_when_decided(world: World, django_assert_max_num_queries: Any) -> None:
    bureau = world.district_staff
    comments.comment_submit(
        target=target_for(BUREAU, str(world.district_a.uid)), user=AnonymousUser(), name="市民", contact="", body="请问"
    )
    suggestion = ideas.suggestion_send(
        actor=world.teacher_user, kind="idea", title="建议增加班会课", body="每周一节", to_region=world.district_a,
        anonymous=True,
    )  # fmt: skip
    board = forum.board_create(actor=bureau, region=world.district_a, name="福田班主任沙龙")
    topic = forum.topic_start(actor=world.teacher_user, board=board, title="家访", text="心得")
    reporter = make_user("reporter", teacher=make_teacher(world.school_a, "赵老师"))
    report = forum.post_report(actor=reporter, post=topic.posts.get(), reason="广告")
    signed_in = client_for(bureau)
    signed_in.get("/home/")
    # Each queue is one summary query, however many wait in it.
    with django_assert_max_num_queries(22):
        todos = _todos(signed_in)
    assert 'href="/comments/"' in todos and 'href="/ideas/inbox/"' in todos and 'href="/forum/reports/"' in todos
    assert "1 条建议等待答复" in todos and "1 条论坛举报等待版主处理" in todos
    # The sender is anonymous: the to-do names nobody.
    assert "李红" not in todos
    # The school's office was not sent it; another district's bureau moderates neither board nor portal.
    assert _todos(world.district_b_staff) == ""
    ideas.suggestion_decide(actor=bureau, suggestion=suggestion, adopted=True, answer="下学期试行")
    forum.report_dismiss(actor=bureau, report=report)
    comments.comment_reject(actor=bureau, comment=comments.Comment.objects.get(), reason="与工作室无关")
    assert _todos(bureau) == ""


def test_the_contests_organiser_and_judges_find_their_step_on_home(
    world: World, django_assert_max_num_queries: Any
) -> None:
    kit = make_kit(world)
    assert submit(kit, kit.authors[1], "我的班级故事").status_code == 302
    past_deadline(kit)
    manage = f"/contest/{kit.contest.uid}/manage/"
    assert manage in _todos(world.district_staff) and "截止" in _todos(world.district_staff)
    assert kit.organiser.post(kit.url("step/judge/")).status_code == 302
    assert Contest.objects.get().status == Contest.Status.JUDGING
    judge = kit.judges[0]
    judging = client_for(judge)
    judging.get("/home/")
    # Each queue is one summary query, however many wait in it.
    with django_assert_max_num_queries(22):
        todos = _todos(judging)
    assert f'href="/contest/{kit.contest.uid}/judge/"' in todos and kit.contest.title in todos
    # While the judges score, nothing waits for the organiser.
    assert manage not in _todos(world.district_staff)
    score_all(kit, {"我的班级故事": [80, 75, 70]})
    assert _todos(judge) == ""
    # The organiser's next step stays until taken.
    assert manage in _todos(world.district_staff)


def test_the_registry_lists_the_longest_waiting_first(world: World) -> None:
    now = timezone.now()

    def provider(user: Any) -> list[Todo]:
        return [
            Todo("新", "/a/", now),
            Todo("无日期", "/b/"),
            Todo("旧", "/c/", (now - dt.timedelta(days=3)).date()),
        ]

    register_todos(provider, name="test.todos")
    try:
        texts = [todo.text for todo in todos_for(world.nobody) if todo.url in {"/a/", "/b/", "/c/"}]
        assert texts == ["旧", "新", "无日期"]
        assert todos_for(AnonymousUser()) == []
    finally:
        from hts.core import todos

        todos._PROVIDERS.pop("test.todos")
