"""The one access API: every view, service, selector and template tag asks here.

* ``can(user, action, obj=None) -> bool``: ask. Without ``obj``: whether one of the user's roles has
  the action at all. With ``obj``: whether the action reaches that object (it lies in a scope of a
  role that has the action).
* ``require(user, action, obj=None)``: insist. 403 (``PermissionDenied``) when no role of the user has
  the action; with ``obj``, 404 (``OutOfScope``) when the object is outside every scope that grants
  it, the same answer as for a missing object, so nothing leaks.
* ``scoped(user, action, queryset)``: the rows the action reaches; ``get_scoped_or_404`` fetches one.
* ``action_required(*actions)``: the view decorator; it also declares the view's actions, which the
  URL walk (tests/test_url_access.py) checks every view has.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from hts.accounts.permissions import Principal, principal_for

View = Callable[..., HttpResponse]


class OutOfScope(Http404, PermissionDenied):
    """The object lies outside every scope that grants the action.

    Django answers it with 404, the same as a missing object. It is also a ``PermissionDenied``, so a
    caller that is not a page (a job, a test, another service) sees the refusal it always saw."""


def principal(request: HttpRequest) -> Principal:
    return principal_for(request.user)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether the user may do `action` (on `obj`, when given: it must lie in the action's scope)."""
    p = principal_for(user)
    if obj is None:
        return p.can(action)
    return p.reaches(action, obj)


def can_any(user: Any, *actions: str, obj: Any = None) -> bool:
    return any(can(user, action, obj) for action in actions)


def require(user: Any, action: str, obj: Any = None) -> None:
    """Refuse unless the user may do `action` (on `obj`): 403 without the action, 404 outside its scope."""
    p = principal_for(user)
    p.require(action)
    if obj is not None and not p.reaches(action, obj):
        raise OutOfScope(_("“%(name)s” is outside the scope of your role.") % {"name": obj})


def require_any(user: Any, *actions: str, obj: Any = None) -> str:
    """Like `require` for the first of `actions` the user may do (on `obj`); returns that action."""
    p = principal_for(user)
    p.require_any(*actions)
    for action in actions:
        if p.can(action) and (obj is None or p.reaches(action, obj)):
            return action
    raise OutOfScope(_("“%(name)s” is outside the scope of your role.") % {"name": obj})


def scoped(user: Any, action: str, queryset: Any) -> Any:
    """The rows of `queryset` that `action` reaches for the user (403 without the action)."""
    return principal_for(user).scoped(action, queryset)


def get_scoped_or_404(user: Any, action: str, queryset: Any, **lookup: Any) -> Any:
    """The object if it exists and `action` reaches it for this user; else 404 (same for both)."""
    return get_object_or_404(scoped(user, action, queryset), **lookup)


def declares(*actions: str) -> Callable[[View], View]:
    """Declares the actions of a view that checks them itself (per object, inside), for the URL walk.

    It enforces sign-in only; use it where the view calls `require`/`can` with the object it loads."""

    def decorator(view: View) -> View:
        wrapped = login_required(view)
        wrapped.required_actions = actions  # type: ignore[attr-defined]
        return wrapped

    return decorator


def action_required(*actions: str) -> Callable[[View], View]:
    """Sign-in required, then 403 unless one of the user's roles has one of `actions` in the matrix.

    Which objects the action reaches is the selectors' job (they answer 404 outside the scope).
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            principal(request).require_any(*actions)
            return view(request, *args, **kwargs)

        wrapped.required_actions = actions  # type: ignore[attr-defined]
        return wrapped

    return decorator
