"""View markers the URL walk (hts/accounts/tests/test_url_access.py) reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required


def signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page any signed-in person opens about their own records only (their home page, profile,
    notifications, the exports they started): no role governs it, so it declares none, and it must
    never show anyone else's records."""
    wrapped = login_required(view)
    wrapped.signed_in_only = True  # type: ignore[attr-defined]
    return wrapped
