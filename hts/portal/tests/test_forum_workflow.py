"""The head-teacher forum through the pages: boards of one's region and above, topics and replies,
moderation (pin, close, hide with a reason), reports and their queue, sensitive words, the rate limit
and scripts; another region's teacher gets 404."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from hts.accounts.models import Role
from hts.core.models import AuditEntry
from hts.notifications.models import Notification
from hts.portal.forum import services
from hts.portal.forum.models import ForumBoard, ForumPost, ForumReport, ForumTopic
from hts.portal.models import PortalPolicy
from testkit import World, client_for, make_teacher, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def boards(world: World) -> dict[str, ForumBoard]:
    city = services.board_create(actor=world.city_staff, region=world.city, name="深圳班主任论坛")
    district = services.board_create(actor=world.district_staff, region=world.district_a, name="福田班主任沙龙")
    return {"city": city, "district": district}


def _start(client: Any, board: ForumBoard, title: str = "家访心得", body: str = "第一次家访要注意什么？") -> Any:
    return client.post(reverse("portal-forum-topic-new", args=[board.uid]), {"title": title, "body": body})


def test_a_teacher_sees_the_boards_of_their_region_and_above_only(world: World, boards: dict[str, ForumBoard]) -> None:
    inside = client_for(world.teacher_user).get(reverse("portal-forum-boards"))
    assert "深圳班主任论坛" in inside.text and "福田班主任沙龙" in inside.text
    outside = client_for(world.outsider_teacher_user)
    page = outside.get(reverse("portal-forum-boards"))
    assert "深圳班主任论坛" in page.text and "福田班主任沙龙" not in page.text
    assert outside.get(reverse("portal-forum-board", args=[boards["district"].uid])).status_code == 404


def test_topic_reply_and_notification_to_the_author(world: World, boards: dict[str, ForumBoard]) -> None:
    author = client_for(world.teacher_user)
    response = _start(author, boards["city"])
    assert response.status_code == 302
    topic = ForumTopic.objects.get(title="家访心得")
    assert ForumPost.objects.get(topic=topic, opening=True).body == "<p>第一次家访要注意什么？</p>"
    replier = client_for(world.outsider_teacher_user)
    reply = replier.post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "先电话约好时间。\n带上记录本。"})
    assert reply.status_code == 302
    topic.refresh_from_db()
    assert topic.reply_count == 1
    note = Notification.objects.get(recipient=world.teacher_user)
    assert "家访心得" in note.title and note.url.startswith(f"/forum/t/{topic.uid}/")
    page = author.get(reverse("portal-forum-topic", args=[topic.uid]) + "?page=last")
    assert "先电话约好时间。<br>带上记录本。" in page.text
    assert AuditEntry.objects.filter(action="forum.reply.add").count() == 1


def test_newest_activity_first_and_pinned_on_top(world: World, boards: dict[str, ForumBoard]) -> None:
    client = client_for(world.teacher_user)
    for title in ("甲", "乙", "丙"):
        _start(client, boards["district"], title=title)
    first = ForumTopic.objects.get(title="甲")
    client.post(reverse("portal-forum-topic", args=[first.uid]), {"body": "顶"})
    page = client.get(reverse("portal-forum-board", args=[boards["district"].uid]))
    titles = [t.title for t in page.context["page"].object_list]
    assert titles == ["甲", "丙", "乙"]
    pinned = ForumTopic.objects.get(title="乙")
    staff = client_for(world.district_staff)
    assert staff.post(reverse("portal-forum-topic-pin", args=[pinned.uid]), {"pinned": "1"}).status_code == 302
    titles = [t.title for t in client.get(reverse("portal-forum-board", args=[boards["district"].uid])).context["page"]]
    assert titles[0] == "乙"


def test_moderators_pin_close_and_hide_and_others_are_refused(world: World, boards: dict[str, ForumBoard]) -> None:
    teacher = client_for(world.teacher_user)
    _start(teacher, boards["district"])
    topic = ForumTopic.objects.get()
    pin = reverse("portal-forum-topic-pin", args=[topic.uid])
    close = reverse("portal-forum-topic-close", args=[topic.uid])
    # A teacher is no moderator; another district's bureau does not even see the board; the city's moderates.
    assert teacher.post(pin, {"pinned": "1"}).status_code == 403
    assert client_for(world.district_b_staff).post(pin, {"pinned": "1"}).status_code == 404
    assert client_for(world.city_staff).post(close, {"closed": "1"}).status_code == 302
    topic.refresh_from_db()
    assert topic.closed
    refused = teacher.post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "还能回复吗"})
    assert refused.status_code == 400 and "已关闭" in refused.text
    opening = ForumPost.objects.get(topic=topic)
    hide = reverse("portal-forum-post-hide", args=[opening.uid])
    assert teacher.get(hide).status_code == 403
    staff = client_for(world.district_staff)
    assert staff.post(hide, {"reason": ""}).status_code == 400
    assert staff.post(hide, {"reason": "含有学生隐私"}).status_code == 302
    topic.refresh_from_db()
    assert topic.hidden
    # Hidden with its opening post: gone for the teachers, kept with its reason for the moderators.
    assert teacher.get(reverse("portal-forum-topic", args=[topic.uid])).status_code == 404
    page = staff.get(reverse("portal-forum-topic", args=[topic.uid]))
    assert "含有学生隐私" in page.text and "第一次家访要注意什么" in page.text
    assert Notification.objects.filter(recipient=world.teacher_user, body="含有学生隐私").exists()
    assert {"forum.topic.close", "forum.post.hide"} <= set(AuditEntry.objects.values_list("action", flat=True))


def test_a_hidden_reply_shows_its_reason_not_its_text(world: World, boards: dict[str, ForumBoard]) -> None:
    _start(client_for(world.teacher_user), boards["city"])
    topic = ForumTopic.objects.get()
    client_for(world.outsider_teacher_user).post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "广告内容"})
    reply = ForumPost.objects.get(opening=False)
    services.post_hide(actor=world.city_staff, post=reply, reason="广告")
    page = client_for(world.teacher_user).get(reverse("portal-forum-topic", args=[topic.uid]))
    assert "广告内容" not in page.text and "版主" in page.text
    topic.refresh_from_db()
    assert topic.reply_count == 0


def test_report_reaches_the_moderators_queue(world: World, boards: dict[str, ForumBoard]) -> None:
    _start(client_for(world.teacher_user), boards["city"])
    post = ForumPost.objects.get()
    reporter = client_for(world.outsider_teacher_user)
    url = reverse("portal-forum-post-report", args=[post.uid])
    assert reporter.post(url, {"reason": "人身攻击"}).status_code == 302
    assert reporter.get(url).status_code == 403  # once is enough
    # Own posts are not reported.
    assert client_for(world.teacher_user).get(url).status_code == 403
    assert Notification.objects.filter(recipient=world.city_staff, body="人身攻击").exists()
    # The district's bureau does not moderate the city's board: neither told nor queued.
    assert not Notification.objects.filter(recipient=world.district_staff).exists()
    assert "人身攻击" not in client_for(world.district_staff).get(reverse("portal-forum-reports")).text
    queue = client_for(world.city_staff).get(reverse("portal-forum-reports"))
    assert "人身攻击" in queue.text
    report = ForumReport.objects.get()
    assert (
        client_for(world.district_staff).post(reverse("portal-forum-report-dismiss", args=[report.uid])).status_code
        == 404
    )
    assert (
        client_for(world.city_staff).post(reverse("portal-forum-report-dismiss", args=[report.uid])).status_code == 302
    )
    report.refresh_from_db()
    assert report.outcome == ForumReport.Outcome.DISMISSED


def test_a_named_moderator_moderates_that_board(world: World, boards: dict[str, ForumBoard]) -> None:
    url = reverse("portal-forum-moderators", args=[boards["district"].uid])
    assert client_for(world.teacher_user).get(url).status_code == 403
    # Only a teacher of the board's region is named.
    other = client_for(world.district_staff).post(url, {"username": world.outsider_teacher_user.username})
    assert other.status_code == 400
    assert client_for(world.district_staff).post(url, {"username": world.teacher_user.username}).status_code == 302
    _start(client_for(world.outsider_teacher_user), boards["city"])
    _start(client_for(world.district_staff), boards["district"], title="沙龙通知")
    topic = ForumTopic.objects.get(title="沙龙通知")
    named = client_for(world.teacher_user)
    assert named.post(reverse("portal-forum-topic-pin", args=[topic.uid]), {"pinned": "1"}).status_code == 302
    city_topic = ForumTopic.objects.get(board=boards["city"])
    assert named.post(reverse("portal-forum-topic-pin", args=[city_topic.uid]), {"pinned": "1"}).status_code == 403


def test_sensitive_words_are_refused(world: World, boards: dict[str, ForumBoard]) -> None:
    PortalPolicy.objects.create(region=world.city, sensitive_words="违禁词\n赌博")
    response = _start(client_for(world.teacher_user), boards["district"], body="这里有 赌 博 内容")
    assert response.status_code == 400 and "赌博" in response.text
    assert not ForumTopic.objects.exists()


def test_the_rate_limit_per_person(world: World, boards: dict[str, ForumBoard]) -> None:
    # The city's bureau sets the limit on its portal-policy page, with the comments' limit.
    saved = client_for(world.city_staff).post(
        reverse("portal-comments-policy", args=[world.city.uid]),
        {"sensitive_words": "", "comments_per_hour": "5", "forum_posts_per_hour": "2"},
    )
    assert saved.status_code == 302
    client = client_for(world.teacher_user)
    assert _start(client, boards["city"], title="一").status_code == 302
    topic = ForumTopic.objects.get()
    assert client.post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "二"}).status_code == 302
    third = client.post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "三"})
    assert third.status_code == 400 and "一小时" in third.text
    # Someone else still writes.
    other = client_for(world.outsider_teacher_user)
    assert other.post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "四"}).status_code == 302


def test_scripts_are_neutralised(world: World, boards: dict[str, ForumBoard]) -> None:
    body = '<p onclick="steal()">你好</p><script>alert(1)</script><a href="javascript:alert(2)">链接</a>'
    _start(client_for(world.teacher_user), boards["city"], title="<script>x</script>标题", body=body)
    post = ForumPost.objects.get()
    assert "script" not in post.body and "onclick" not in post.body and "javascript:" not in post.body
    page = client_for(world.outsider_teacher_user).get(reverse("portal-forum-topic", args=[post.topic.uid]))
    assert "<script>x</script>" not in page.text and "&lt;script&gt;x&lt;/script&gt;标题" in page.text
    assert "alert(1)" not in page.text


def test_outsiders_get_404_and_people_without_the_right_403(world: World, boards: dict[str, ForumBoard]) -> None:
    _start(client_for(world.teacher_user), boards["district"])
    topic = ForumTopic.objects.get()
    post = ForumPost.objects.get()
    outsider = client_for(world.outsider_teacher_user)
    for url in (
        reverse("portal-forum-board", args=[boards["district"].uid]),
        reverse("portal-forum-topic-new", args=[boards["district"].uid]),
        reverse("portal-forum-topic", args=[topic.uid]),
        reverse("portal-forum-post-report", args=[post.uid]),
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(reverse("portal-forum-topic", args=[topic.uid]), {"body": "闯入"}).status_code == 404
    assert client_for(world.nobody).get(reverse("portal-forum-boards")).status_code == 403
    assert client_for(world.legal_rep).get(reverse("portal-forum-boards")).status_code == 403
    # A bureau opens boards in its own region only.
    assert client_for(world.teacher_user).get(reverse("portal-forum-board-new")).status_code == 403
    refused = client_for(world.district_b_staff).post(
        reverse("portal-forum-board-new"), {"region": world.district_a.pk, "name": "越界"}
    )
    assert refused.status_code == 400 and not ForumBoard.objects.filter(name="越界").exists()


def test_school_staff_take_part(world: World, boards: dict[str, ForumBoard]) -> None:
    client = client_for(world.school_staff)
    assert _start(client, boards["district"], title="德育处通知").status_code == 302


def test_query_budgets(world: World, boards: dict[str, ForumBoard], django_assert_max_num_queries: Any) -> None:
    teachers = [make_user(f"t{i}", teacher=make_teacher(world.school_a, f"老师{i}")) for i in range(5)]
    board = boards["district"]
    for i in range(25):
        services.topic_start(actor=teachers[i % 5], board=board, title=f"话题{i}", text="内容")
    topic = ForumTopic.objects.first()
    assert topic is not None
    for i in range(25):
        services.reply_add(actor=teachers[i % 5], topic=topic, text=f"回复{i}")
    for post in ForumPost.objects.filter(topic=topic).exclude(author=teachers[0])[:12]:
        services.post_report(actor=teachers[0], post=post, reason="举报")
    assert ForumReport.objects.count() == 12
    client = client_for(world.teacher_user)
    staff = client_for(world.district_staff)
    for c, url in (
        (client, reverse("portal-forum-boards")),
        (client, reverse("portal-forum-board", args=[board.uid])),
        (client, reverse("portal-forum-topic", args=[topic.uid])),
        (staff, reverse("portal-forum-reports")),
    ):
        c.get(url)  # warm the session and caches
        with django_assert_max_num_queries(14):
            assert c.get(url).status_code == 200


def test_a_role_in_another_region_reads_nothing_there(world: World, boards: dict[str, ForumBoard]) -> None:
    staff_b = make_user("school_b_staff", Role.SCHOOL_STAFF, school=world.school_b)
    page = client_for(staff_b).get(reverse("portal-forum-boards"))
    assert "福田班主任沙龙" not in page.text and "深圳班主任论坛" in page.text


def test_a_regions_own_forum_limit_holds(world: World, boards: dict[str, ForumBoard]) -> None:
    """The district's own number beats the city's (and the default) on the district's board; the city's
    board keeps the city's."""
    PortalPolicy.objects.create(region=world.city, forum_posts_per_hour=50)
    PortalPolicy.objects.create(region=world.district_a, forum_posts_per_hour=1)
    client = client_for(world.teacher_user)
    assert _start(client, boards["district"], title="一").status_code == 302
    second = _start(client, boards["district"], title="二")
    assert second.status_code == 400 and "1" in second.text and "一小时" in second.text
    assert _start(client, boards["city"], title="三").status_code == 302
    assert ForumTopic.objects.count() == 2


def test_the_editors_toolbar_is_labelled_in_chinese(world: World, boards: dict[str, ForumBoard]) -> None:
    """The toolbar's names (the source button said "HTML 源码"): no Latin word, so the crawl needs no
    allowance for it."""
    page = client_for(world.teacher_user).get(reverse("portal-forum-topic-new", args=[boards["city"].uid]))
    labels = json.loads(html.unescape(re.search(r'data-rich-editor="([^"]*)"', page.text).group(1)))  # type: ignore[union-attr]
    assert labels["source"] == "源代码"
    assert not [label for label in labels.values() if re.search(r"[A-Za-z]", label)]
