"""Reading one's own notifications: never anyone else's (404, the same as a missing one)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from hts.notifications.models import Notification


def notification_list(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def notification_get_for_user(user: Any, uid: Any) -> Notification:
    notification = Notification.objects.filter(recipient_id=user.pk, uid=uid).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


# The attribute the signed-in user carries (see `with_unread_count`), read by the navbar's context processor.
UNREAD_ATTRIBUTE = "unread_notification_count"


def with_unread_count(users: QuerySet[Any]) -> QuerySet[Any]:
    """Users with their unread count in the same query: the request's user is loaded with it, so the
    badge on every page costs no query of its own."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return users.annotate(**{UNREAD_ATTRIBUTE: Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))})
