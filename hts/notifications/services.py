"""Writing notifications: each is sent once per recipient and key, and emailed after the commit where
email is configured (settings.NOTIFICATIONS_EMAIL) and the recipient has an address.

No audit entry per notification: they are the platform's own messages and are themselves the record;
the reminder run writes one audit entry with its counts (see reminders.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from hts.notifications.models import Notification

logger = logging.getLogger(__name__)

# Rows per query when checking keys and inserting: keeps IN lists and statements small on any database.
BATCH = 500


@dataclass(frozen=True)
class Message:
    recipient: Any  # a User
    title: str
    dedupe_key: str
    kind: str = Notification.Kind.GENERAL
    body: str = ""
    url: str = ""


def notification_send(
    *, recipient: Any, kind: str, title: str, dedupe_key: str, body: str = "", url: str = ""
) -> Notification | None:
    """Notify one person; None when this key was already sent to them (nothing happens then)."""
    sent = notifications_send(
        [Message(recipient=recipient, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key)]
    )
    return sent[0] if sent else None


def notifications_send(messages: Iterable[Message]) -> list[Notification]:
    """Write the messages not sent before (by recipient and key); return those written.

    Queries: per batch of 500, one to find keys already sent, one insert and one to confirm which rows
    went in (a concurrent run may have written the same key in between: it is then skipped, not doubled).
    """
    unique: dict[tuple[int, str], Message] = {}
    for message in messages:
        unique.setdefault((message.recipient.pk, message.dedupe_key[:200]), message)
    items = list(unique.items())
    written: list[Notification] = []
    with transaction.atomic():
        for start in range(0, len(items), BATCH):
            written.extend(_send_batch(items[start : start + BATCH]))
        if written and settings.NOTIFICATIONS_EMAIL:
            to_email = [n for n in written if n.recipient.email and n.recipient.is_active]
            if to_email:
                transaction.on_commit(lambda: notifications_email(to_email))
    return written


def _send_batch(items: Sequence[tuple[tuple[int, str], Message]]) -> list[Notification]:
    keys = [key for key, _message in items]
    existing = set(
        Notification.objects.filter(
            recipient_id__in={user_id for user_id, _key in keys}, dedupe_key__in={key for _user_id, key in keys}
        ).values_list("recipient_id", "dedupe_key")
    )
    new = [
        Notification(
            recipient=message.recipient,
            kind=message.kind,
            title=message.title[:200],
            body=message.body[:4000],
            url=message.url[:300],
            dedupe_key=key[1],
        )
        for key, message in items
        if key not in existing
    ]
    if not new:
        return []
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    # With ignore_conflicts no database returns the new ids: read them back (and learn which rows went in).
    inserted = dict(Notification.objects.filter(uid__in=[n.uid for n in new]).values_list("uid", "pk"))
    written = []
    for notification in new:
        if notification.uid in inserted:
            notification.pk = inserted[notification.uid]
            notification._state.adding = False
            notification._state.db = "default"
            written.append(notification)
    return written


def _email_text(notification: Notification) -> str:
    link = notification.url
    if link.startswith("/") and settings.SITE_URL:
        link = settings.SITE_URL + link
    return "\n\n".join(part for part in (notification.body, link) if part)


def notifications_email(notifications: Sequence[Notification]) -> int:
    """Email each notification to its recipient over one connection; mark those sent. Never raises:
    a mail server that is down must not undo the notifications (they are already in the app)."""
    messages = [
        EmailMessage(subject=n.title, body=_email_text(n), to=[n.recipient.email])
        for n in notifications
        if n.recipient.email
    ]
    if not messages:
        return 0
    try:
        sent = get_connection().send_messages(messages) or 0
    except Exception:  # SMTP and network errors of many kinds
        logger.exception("Emailing %d notifications failed", len(messages))
        return 0
    Notification.objects.filter(uid__in=[n.uid for n in notifications if n.recipient.email]).update(
        emailed_at=timezone.now()
    )
    return sent


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    """The recipient opened it. Callers fetched it for this user (selectors.notification_get_for_user)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
