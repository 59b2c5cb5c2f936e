"""A small per-client limiter for public pages that need no sign-in (django-axes guards only the sign-in).

Counts in the cache: per process with the default local-memory cache, shared when a shared cache
(Redis, Memcached, database) is configured."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", ""))


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Counts one hit in the current window; False once `limit` hits were already counted."""
    bucket = f"ratelimit:{key}:{int(time.time()) // window_seconds}"
    cache.add(bucket, 0, window_seconds + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, window_seconds + 1)
        count = 1
    return count <= limit


def rate_limited(scope: str, limit: int, window_seconds: int = 60) -> Callable[[Any], Any]:
    """Refuses with 429 a client (by IP) over `limit` requests in a window of `window_seconds`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not hit(f"{scope}:{client_ip(request)}", limit, window_seconds):
                # In the site's layout: whoever scanned a certificate's QR code reads why, and a way on.
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(window_seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
