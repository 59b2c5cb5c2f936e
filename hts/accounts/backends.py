"""Sign-in by username or by mobile number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from hts.accounts.models import User


def find_user(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    return User.objects.filter(Q(username__iexact=login) | Q(mobile=login)).order_by("id").first()


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        user = find_user(username or kwargs.get(User.USERNAME_FIELD, "") or "")
        if user is None:
            # Spend the same time as a real check, so timing does not tell which logins exist.
            User().set_password(password or "")
            return None
        if password and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        # The request's user comes with its unread-notification count: the navbar badge needs no query.
        from hts.notifications.selectors import with_unread_count

        user = with_unread_count(User._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Lockouts count per account: a mobile number and the username it belongs to are one account."""
    raw = ""
    if credentials:
        raw = credentials.get("username", "") or ""
    elif request is not None:
        raw = request.POST.get("username", "")
    user = find_user(raw)
    return user.username if user else (raw or "").strip().lower()
