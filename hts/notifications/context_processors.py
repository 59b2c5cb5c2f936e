"""The navbar's unread badge. The signed-in user is normally loaded with the count already
(`selectors.with_unread_count`, in the sign-in backend's `get_user`): then it costs no query; otherwise
one COUNT query, and only when a page actually shows the badge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hts.notifications.selectors import UNREAD_ATTRIBUTE, unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(user, UNREAD_ATTRIBUTE, None)
    if known is not None:
        return {"unread_notifications": known}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
