"""Public pages (no sign-in) served fast: for a visitor who is not signed in, a page is rendered once
per address and language and then served from the cache to every visitor, with no session.

So a cached page must hold nothing personal and no CSRF token: a form on a public page (a comment, a
message) loads as a fragment from an uncached address. Whatever changes what the public sees (a
publication, a withdrawal, a moderated comment, a brand) calls ``public_pages_changed()``, which moves
every cached page to a new generation at once: shared by all processes when the cache is shared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "portal:public:generation"


def public_pages_changed() -> None:
    """Every public page is rendered afresh on its next visit."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _generation() -> int:
    return int(cache.get_or_set(GENERATION_KEY, 1, None))


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Caches `view`'s successful answers to visitors who are not signed in (see the module's note)."""

    seconds = int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300))

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated or request.method != "GET":
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"portal:page:{_generation()}:{getattr(request, 'LANGUAGE_CODE', '')}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            # Browsers and proxies ask again each time (the answer comes from this cache): a withdrawal, above
            # all a guardian's consent taken back, is gone for every visitor at once.
            patch_cache_control(response, public=True, no_cache=True)
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            cache.set(key, response, seconds)
        return response

    return wrapped
