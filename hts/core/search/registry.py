"""How each app's records become search entries, registered by the app at start-up (core sits below
every app that has something to find)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


@dataclass
class Indexed:
    """One record as search sees it. `names` are people's names (their pinyin is indexed too);
    `schools` are (school name, names of its region and ancestors, nearest first); `things` are names
    of studios and the like (their pinyin and initials are indexed, without the generic words)."""

    title: str
    text: str = ""
    names: Iterable[str] = ()
    things: Iterable[str] = ()
    schools: Iterable[tuple[str, Iterable[str]]] = ()
    region_path: str = ""
    school_id: int | None = None
    studio_id: int | None = None
    owner_teacher_id: int | None = None
    is_public: bool = False


@dataclass
class SearchKind:
    """`entry(row)` gives what is indexed (None: the row is not to be found, its entry is dropped);
    `rows()` every row for a rebuild, with what `entry` reads; `visible(user)` the rows the user may
    open (the same rule as the record's own page; None when the user may open none), None for a kind found only by the public search;
    `url(uid)` the record's page (or `urls(uids)`, a dict, for a page of results in one query);
    `public()` the rows the public may see. A model may have several kinds (a studio is found by the
    signed-in search as a record and by the public search as a website): each is written and dropped
    with the row."""

    kind: str
    model: type[Model]
    label: Any
    entry: Callable[[Any], Indexed | None]
    rows: Callable[[], QuerySet[Any]]
    url: Callable[[Any], str | None]
    visible: Callable[[Any], QuerySet[Any] | None] | None = None
    public: Callable[[], QuerySet[Any]] | None = None
    order: int = 100
    urls: Callable[[list[Any]], dict[Any, str]] | None = None

    def urls_of(self, uids: list[Any]) -> dict[Any, str | None]:
        if self.urls is not None:
            return dict(self.urls(uids))
        return {uid: self.url(uid) for uid in uids}


SEARCH_KINDS: dict[str, SearchKind] = {}


def register_search_kind(kind: SearchKind) -> None:
    SEARCH_KINDS[kind.kind] = kind


def kinds_of(row: Model) -> list[SearchKind]:
    return [kind for kind in SEARCH_KINDS.values() if isinstance(row, kind.model)]


def kinds_in_order() -> list[SearchKind]:
    return sorted(SEARCH_KINDS.values(), key=lambda k: (k.order, k.kind))
