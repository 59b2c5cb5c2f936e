"""My notifications: the list (paginated, in budget), the navbar badge, opening one (read, then its link),
marking all read; another user's notification is 404 and other users' lists never show it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hts.accounts.models import User
from hts.notifications.context_processors import unread_notifications
from hts.notifications.models import Notification
from hts.notifications.services import notification_send
from testkit import World, client_for


def _notify(user: Any, key: str, url: str = "/activities/hours/") -> Notification:
    notification = notification_send(recipient=user, kind="general", title=f"提醒 {key}", url=url, dedupe_key=key)
    assert notification is not None
    return notification


def test_the_list_shows_mine_only_within_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for number in range(25):
        _notify(world.teacher_user, f"k{number}")
    _notify(world.outsider_teacher_user, "theirs")
    client = client_for(world.teacher_user)
    client.get("/home/")
    # session, user (with its unread count), roles (2: assignments, memberships), count, page rows,
    # session save (3)
    with django_assert_max_num_queries(9):
        response = client.get("/notifications/")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 25 and len(page.object_list) == 20
    assert all(n.recipient_id == world.teacher_user.pk for n in page.object_list)
    assert "提醒 theirs" not in response.content.decode()
    assert client.get("/notifications/", {"page": 2}).context["page"].object_list[-1].title == "提醒 k0"


def test_the_navbar_badge_costs_no_query_of_its_own(world: World) -> None:
    _notify(world.teacher_user, "a")
    _notify(world.teacher_user, "b")
    _notify(world.outsider_teacher_user, "c")
    client = client_for(world.teacher_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/home/").content.decode()
    assert 'data-testid="unread-badge">2<' in page
    # The count comes inside the query that loads the signed-in user.
    counting = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1 and "accounts_user" in counting[0]
    Notification.objects.update(read_at=timezone.now())
    assert 'data-testid="unread-badge"' not in client.get("/home/").content.decode()


def test_a_user_loaded_otherwise_gets_the_count_from_one_query(world: World, rf: Any) -> None:
    _notify(world.teacher_user, "a")
    request = rf.get("/")
    request.user = User.objects.get(pk=world.teacher_user.pk)
    with CaptureQueriesContext(connection) as queries:
        badge = unread_notifications(request)["unread_notifications"]
        assert badge == 1 and str(badge) == "1"
    assert len(queries.captured_queries) == 1
    request.user = AnonymousUser()
    assert unread_notifications(request) == {}


def test_opening_marks_read_and_follows_the_link(world: World) -> None:
    notification = _notify(world.teacher_user, "a", url="/activities/hours/")
    response = client_for(world.teacher_user).get(f"/notifications/{notification.uid}/")
    assert response.status_code == 302 and response["Location"] == "/activities/hours/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_elsewhere_is_not_followed(world: World) -> None:
    notification = _notify(world.teacher_user, "a", url="https://evil.example.com/")
    response = client_for(world.teacher_user).get(f"/notifications/{notification.uid}/")
    assert response["Location"] == "/notifications/"


def test_another_users_notification_is_404(world: World) -> None:
    notification = _notify(world.teacher_user, "a")
    for user in (world.outsider_teacher_user, world.admin):
        assert client_for(user).get(f"/notifications/{notification.uid}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_is_a_post_and_only_mine(world: World) -> None:
    _notify(world.teacher_user, "a")
    _notify(world.teacher_user, "b")
    theirs = _notify(world.outsider_teacher_user, "c")
    client = client_for(world.teacher_user)
    assert client.get("/notifications/read-all/").status_code == 405
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.teacher_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Any) -> None:
    notification = _notify(world.teacher_user, "a")
    for response in (
        client.get("/notifications/"),
        client.get(f"/notifications/{notification.uid}/"),
        client.post("/notifications/read-all/"),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
