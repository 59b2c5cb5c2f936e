"""Comments and messages from the public (issue 16 point 4), through the pages a visitor uses: the
cached board holds no form, the form comes from its own address, and nothing shows before approval."""

from __future__ import annotations

from typing import Any

from django.test import Client

from hts.core.models import AuditEntry
from hts.notifications.models import Notification
from hts.portal.comments.models import Comment
from hts.portal.models import Publication
from hts.portal.tests.comments_kit import form_url, fresh_cache, held, policy, published, send, studio_of  # noqa: F401
from testkit import World, client_for


def board_url(studio: Any) -> str:
    return f"/s/{studio.site.slug}/messages/"


def test_the_cached_board_holds_no_form_but_loads_it_from_an_uncached_address(
    world: World, django_assert_max_num_queries: Any
) -> None:
    studio = studio_of(world)
    for i in range(30):
        Comment.objects.create(
            kind="message", studio=studio, name=f"家长{i}", body="留言", status="approved", reply="回复"
        )
    with django_assert_max_num_queries(3):
        page = Client().get(board_url(studio))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" not in page.text and not page.cookies
    assert f'hx-get="{form_url("studio", studio.uid)}"' in page.text and 'hx-trigger="load"' in page.text
    assert page.text.count('data-testid="comment"') == 30 and "回复" in page.text
    fragment = Client().get(form_url("studio", studio.uid), headers={"HX-Request": "true"})
    assert "csrfmiddlewaretoken" in fragment.text and 'name="website"' in fragment.text
    assert "no-cache" in fragment["Cache-Control"] and "<html" not in fragment.text
    # Without JavaScript the loader's link opens the form as a page of its own.
    assert "<html" in Client().get(form_url("studio", studio.uid)).text


def test_a_message_is_held_until_the_host_approves_and_answers_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    studio = studio_of(world)
    visitor = Client()
    assert visitor.get(board_url(studio)).status_code == 200  # cached, before the message
    sent = send(visitor, "studio", studio.uid, body="孩子早上磨蹭怎么办？", name="一年级家长", contact="13912345678")
    assert sent.status_code == 200 and 'data-testid="comment-sent"' in sent.text
    message = held(studio=studio)
    assert message.contact == "13912345678" and message.name == "一年级家长"
    assert "孩子早上磨蹭" not in visitor.get(board_url(studio)).text
    assert AuditEntry.objects.filter(action="portal.comment.received").exists()
    # The host is told, once a day per board, with the queue's address.
    note = Notification.objects.get(recipient=world.teacher_user)
    assert note.url == "/comments/"
    send(visitor, "studio", studio.uid, body="第二条", ip="10.0.0.2")
    assert Notification.objects.filter(recipient=world.teacher_user).count() == 1

    host = client_for(world.teacher_user)
    assert "13912345678" in host.get("/comments/").text  # the contact, for the moderator only
    with django_capture_on_commit_callbacks(execute=True):
        host.post(f"/comments/{message.uid}/approve/")
        host.post(f"/comments/{message.uid}/reply/", {"reply": "试试前一晚准备好书包。"})
    page = visitor.get(board_url(studio)).text  # the cached page was invalidated
    assert "孩子早上磨蹭" in page and "试试前一晚准备好书包。" in page
    assert "13912345678" not in page and "第二条" not in page


def test_a_comment_on_a_published_item_and_its_page(world: World, django_assert_max_num_queries: Any) -> None:
    studio = studio_of(world)
    item = published(studio)
    send(Client(), "publication", item.uid, body="很实用")
    comment = held(publication=item)
    assert comment.kind == "comment" and comment.studio == studio
    client_for(world.teacher_user).post(f"/comments/{comment.uid}/approve/")
    item_url = f"/s/{studio.site.slug}/p/{item.uid}/"
    with django_assert_max_num_queries(8):
        page = Client().get(item_url)
    assert "很实用" in page.text and "家校共育案例" in page.text
    assert "csrfmiddlewaretoken" not in page.text and 'hx-trigger="load"' in page.text
    # The first address by uid leads to the item's page.
    moved = Client().get(f"/s/{studio.uid}/comments/{item.uid}/")
    assert moved.status_code == 301 and moved["Location"] == item_url


def test_a_withdrawn_or_unpublished_item_takes_no_comment_and_has_no_public_page(world: World) -> None:
    studio = studio_of(world)
    item = published(studio)
    Publication.objects.filter(pk=item.pk).update(status="withdrawn", withdraw_reason="撤回")
    fragment = Client().get(form_url("publication", item.uid))
    assert 'data-testid="comment-refused"' in fragment.text and "csrfmiddlewaretoken" not in fragment.text
    posted = Client().post(form_url("publication", item.uid), {"name": "a", "body": "我的评论", "token": "x"})
    assert posted.status_code == 403 and 'data-testid="comment-refused"' in posted.text
    assert "我的评论" in posted.text  # kept, to copy
    assert not Comment.objects.exists()
    assert Client().get(f"/s/{studio.uid}/comments/{item.uid}/").status_code == 404
    assert Client().get(f"/s/{studio.site.slug}/p/{item.uid}/").status_code == 404


def test_a_revoked_studio_takes_no_message(world: World) -> None:
    studio = studio_of(world, status="revoked")
    page = Client().get(form_url("studio", studio.uid))
    assert 'data-testid="comment-refused"' in page.text
    assert Client().post(form_url("studio", studio.uid), {"name": "a", "body": "b"}).status_code == 403
    assert not Comment.objects.exists()
    # A studio never selected has no public board at all.
    draft = studio_of(world, status="applied", name="未入选工作室")
    assert Client().get(f"/s/{draft.uid}/messages/").status_code == 404


def test_a_sensitive_word_is_refused_by_name_and_the_input_comes_back(world: World) -> None:
    studio = studio_of(world)
    policy(world.city, words="博彩\n代开发票")
    answer = send(Client(), "studio", studio.uid, body="专业代 开发票，欢迎联系", name="小王")
    assert answer.status_code == 400
    assert "代开发票" in answer.text and "博彩" not in answer.text
    assert "专业代 开发票，欢迎联系" in answer.text and 'value="小王"' in answer.text
    assert not Comment.objects.exists()


def test_the_rate_limit_counts_per_address(world: World) -> None:
    studio = studio_of(world)
    policy(world.city, per_hour=2)
    visitor = Client()
    for i in range(2):
        assert send(visitor, "studio", studio.uid, body=f"第{i}条", ip="10.1.1.1").status_code == 200
    refused = send(visitor, "studio", studio.uid, body="第三条", ip="10.1.1.1")
    assert refused.status_code == 429 and "第三条" in refused.text and "请稍后" in refused.text
    assert send(Client(), "studio", studio.uid, body="另一个地址", ip="10.2.2.2").status_code == 200
    assert Comment.objects.count() == 3
    # Through htmx the refusal comes in the fragment itself (htmx swaps only 2xx answers).
    again = send(visitor, "studio", studio.uid, body="第四条", ip="10.1.1.1", htmx=True)
    assert again.status_code == 200 and "请稍后" in again.text and "第四条" in again.text


def test_a_filled_honeypot_is_dropped_silently(world: World) -> None:
    studio = studio_of(world)
    answer = send(Client(), "studio", studio.uid, body="广告", website="http://spam.example")
    assert answer.status_code == 200 and 'data-testid="comment-sent"' in answer.text
    assert not Comment.objects.exists()


def test_a_form_sent_too_quickly_comes_back_filled(world: World, settings: Any) -> None:
    settings.PORTAL_COMMENT_MIN_SECONDS = 60
    studio = studio_of(world)
    answer = send(Client(), "studio", studio.uid, body="很快的留言")
    assert answer.status_code == 400 and "很快的留言" in answer.text
    assert not Comment.objects.exists()
    forged = Client().post(form_url("studio", studio.uid), {"name": "a", "body": "b", "token": "forged"})
    assert forged.status_code == 400 and not Comment.objects.exists()


def test_scripts_and_html_are_shown_as_plain_text(world: World) -> None:
    studio = studio_of(world)
    send(Client(), "studio", studio.uid, body='<script>alert(1)</script><b onclick="x()">粗</b>', name="<i>坏</i>")
    message = held(studio=studio)
    client_for(world.teacher_user).post(f"/comments/{message.uid}/approve/")
    page = Client().get(board_url(studio)).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>坏</i>" not in page and "&lt;i&gt;坏&lt;/i&gt;" in page


def test_a_signed_in_teacher_writes_under_their_name(world: World) -> None:
    studio = studio_of(world)
    teacher = client_for(world.outsider_teacher_user)
    fragment = teacher.get(form_url("studio", studio.uid)).text
    assert 'name="name"' not in fragment and "王明" in fragment
    send(teacher, "studio", studio.uid, body="交流一下", name="冒名", contact="x")
    message = held(studio=studio)
    assert (message.name, message.by_teacher, message.contact) == ("王明", True, "")


def test_a_message_to_the_bureau_portal(world: World) -> None:
    send(Client(), "bureau", world.district_a.uid, body="请问报名时间？")
    message = held(region=world.district_a)
    assert Notification.objects.filter(recipient=world.district_staff).exists()
    assert not Notification.objects.filter(recipient=world.district_b_staff).exists()
    client_for(world.district_staff).post(f"/comments/{message.uid}/approve/")
    board = f"/b/{world.district_a.code}/messages/"
    assert "请问报名时间？" in Client().get(board).text
    assert Client().get(f"/b/{world.district_a.uid}/messages/")["Location"] == board
