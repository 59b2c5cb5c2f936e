"""To-dos: what waits for this person to act on, gathered from every app for the signed-in home.

A notification says once that something waits; a to-do stays on the home page until it is done. Each app
registers a provider in its ``ready`` (``register_todos``): ``provider(user) -> list[Todo]``. A provider
asks only what it must (a bounded number of queries, none for a user without the right, a summary per
queue rather than a row per item) and returns nothing once the step is taken, so a to-do vanishes by
itself. Issue 17 grows the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Todo:
    text: str
    # Where the step is taken (the score sheet, the queue), not merely where it is described.
    url: str
    # Since when it waits (a date or a time): the home page shows its age and lists the oldest first.
    since: dt.date | dt.datetime | None = None


TodoProvider = Callable[[Any], list[Todo]]
_PROVIDERS: dict[str, TodoProvider] = {}


def register_todos(provider: TodoProvider, *, name: str | None = None) -> None:
    """Add a provider (again under the same name: replaced, so a second ``ready`` adds nothing)."""
    _PROVIDERS[name or f"{provider.__module__}.{provider.__qualname__}"] = provider


def _sort_key(todo: Todo) -> tuple[int, dt.datetime]:
    since = todo.since
    if since is None:
        return (1, dt.datetime.min.replace(tzinfo=dt.UTC))
    if not isinstance(since, dt.datetime):
        since = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    return (0, since)


def todos_for(user: Any) -> list[Todo]:
    """Every registered provider's to-dos for `user`, the longest-waiting first (those without a date last)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Todo] = []
    for provider in _PROVIDERS.values():
        found.extend(provider(user))
    return sorted(found, key=_sort_key)
