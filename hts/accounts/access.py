"""View-side access helpers: every view states the action it performs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from hts.accounts.permissions import Principal, principal_for


def principal(request: HttpRequest) -> Principal:
    return principal_for(request.user)


def action_required(*actions: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Sign-in required, then 403 unless one of the user's roles has one of `actions` in the matrix.

    Which objects the action reaches is the selectors' job (they answer 404 outside the scope).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            principal(request).require_any(*actions)
            return view(request, *args, **kwargs)

        wrapped.required_actions = actions  # type: ignore[attr-defined]
        return wrapped

    return decorator


def get_scoped_or_404(user: Any, action: str, queryset: Any, **lookup: Any) -> Any:
    """The object if it exists and `action` reaches it for this user; else 404 (same for both)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(principal_for(user).scoped(action, queryset), **lookup)


def in_scope(user: Any, action: str, obj: Any) -> bool:
    model = type(obj)
    return principal_for(user).scoped(action, model._default_manager.filter(pk=obj.pk)).exists()
