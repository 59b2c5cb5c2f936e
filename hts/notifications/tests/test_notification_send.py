"""notification_send: once per recipient and key; emailed after the commit only where email is configured
and the recipient has an address; a failing mail server loses no notification."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from hts.notifications.models import Notification
from hts.notifications.services import Message, notification_send, notifications_send
from testkit import World


def _send(user: Any, key: str = "k1") -> Notification | None:
    return notification_send(
        recipient=user,
        kind=Notification.Kind.GENERAL,
        title="明天有活动",
        body="地点：报告厅",
        url="/x/",
        dedupe_key=key,
    )


def test_the_same_key_is_sent_once(world: World) -> None:
    assert _send(world.teacher_user) is not None
    assert _send(world.teacher_user) is None
    assert _send(world.outsider_teacher_user) is not None  # the key is per recipient
    assert Notification.objects.count() == 2


def test_a_batch_with_repeats_writes_each_key_once(world: World) -> None:
    message = Message(recipient=world.teacher_user, title="t", dedupe_key="same")
    assert len(notifications_send([message, message])) == 1
    assert len(notifications_send([message])) == 0


@pytest.mark.parametrize("configured", [True, False])
def test_email_goes_out_after_commit_only_where_configured(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any, configured: bool
) -> None:
    settings.NOTIFICATIONS_EMAIL = configured
    settings.SITE_URL = "https://bzr.example.cn"
    world.teacher_user.email = "li@example.cn"
    world.teacher_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = _send(world.teacher_user)
        assert mail.outbox == []  # nothing before the commit
    assert notification is not None
    notification.refresh_from_db()
    if configured:
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["li@example.cn"]
        assert mail.outbox[0].subject == "明天有活动"
        assert "地点：报告厅" in mail.outbox[0].body and "https://bzr.example.cn/x/" in mail.outbox[0].body
        assert notification.emailed_at is not None
    else:
        assert mail.outbox == []
        assert notification.emailed_at is None


def test_no_email_without_an_address(world: World, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.NOTIFICATIONS_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        _send(world.teacher_user)
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_notification(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFICATIONS_EMAIL = True
    settings.EMAIL_BACKEND = "hts.notifications.tests.test_notification_send.BrokenBackend"
    world.teacher_user.email = "li@example.cn"
    world.teacher_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        _send(world.teacher_user)
    notification = Notification.objects.get()
    assert notification.emailed_at is None


class BrokenBackend:
    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise OSError("connection refused")
