"""Reading the index: ``search(user, query, kinds=…, page=…)`` for a signed-in person, over what they may
open, and ``search_public(query, page=…)`` for the portal, over what the public may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, QuerySet, Value, When

from hts.core.search.engine import matching
from hts.core.search.models import SearchEntry
from hts.core.search.registry import SEARCH_KINDS, SearchKind, kinds_in_order
from hts.core.search.tokens import normalise, query_groups

MAX_QUERY = 100


@dataclass
class KindResults:
    kind: SearchKind
    page: Page
    capped: bool = False  # more matched than CANDIDATES: the total is "more than"

    @property
    def label(self) -> Any:
        return self.kind.label

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _ranked(entries: QuerySet[SearchEntry], query: str) -> QuerySet[SearchEntry]:
    # A record whose title holds the query as typed comes first; then the newest.
    first = normalise(query).split()[0] if query.split() else ""
    return entries.annotate(
        in_title=Case(When(title__contains=first, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by("-in_title", "-updated_at", "-id")


def _with_urls(page: Page, kind: SearchKind) -> Page:
    for entry in page.object_list:
        entry.url = kind.url(entry.object_uid)
    return page


def _visible_kinds(kinds: list[str] | None) -> list[SearchKind]:
    chosen = []
    for kind in kinds_in_order():
        if kind.visible is not None and not (kinds and kind.kind not in kinds):
            chosen.append(kind)
    return chosen


# The best matches of a kind that are checked against the searcher's access, at most: the access rule
# (a bureau's region subtree, archives' visibility) is then applied to a bounded list of rows instead of
# being joined with every match in a city, so a page answers in the same time for a common word as for
# a rare one. A search that matches more is told to narrow its words (the count says "more than").
CANDIDATES = 500


def _visible_ids(
    kind: SearchKind, visible: QuerySet[Any], entries: QuerySet[SearchEntry], query: str
) -> tuple[list[int], bool]:
    """The ids of the matching entries of `kind` that `user` may open, best first, and whether the
    candidates ran out (more matched than were checked)."""
    candidates = list(_ranked(entries.filter(kind=kind.kind), query).values_list("id", "object_id")[: CANDIDATES + 1])
    capped = len(candidates) > CANDIDATES
    candidates = candidates[:CANDIDATES]
    if not candidates:
        return [], False
    allowed = set(visible.filter(pk__in=[object_id for _id, object_id in candidates]).values_list("pk", flat=True))
    return [entry_id for entry_id, object_id in candidates if object_id in allowed], capped


def search(
    user: Any, query: str, *, kinds: list[str] | None = None, page: Any = 1, per_page: int = 10
) -> list[KindResults]:
    """The records matching `query` that `user` may open, grouped by kind (only kinds with results),
    each group paginated. A record is listed only when its kind's own rule (the same queryset its page
    reads) reaches it; the rule is applied to the kind's best CANDIDATES matches (three queries a kind
    with matches, one without)."""
    groups = query_groups(query[:MAX_QUERY])
    if not groups:
        return []
    matched = SearchEntry.objects.filter(matching(groups))
    results = []
    for kind in _visible_kinds(kinds):
        visible = kind.visible(user) if kind.visible else None
        if visible is None:
            continue
        ids, capped = _visible_ids(kind, visible, matched, query)
        if not ids:
            continue
        paginated = Paginator(ids, per_page).get_page(page)
        rows = SearchEntry.objects.in_bulk(list(paginated.object_list))
        paginated.object_list = cast(Any, [rows[i] for i in paginated.object_list if i in rows])
        group = KindResults(kind, _with_urls(paginated, kind))
        group.capped = capped
        results.append(group)
    return results


def search_public(query: str, *, page: Any = 1, per_page: int = 10) -> Page | None:
    """What the public may see that matches `query` (published publications), one page; None for an
    empty query."""
    groups = query_groups(query[:MAX_QUERY])
    if not groups:
        return None
    entries = SearchEntry.objects.filter(matching(groups), is_public=True)
    allowed = None
    for kind in kinds_in_order():
        if kind.public is None:
            continue
        q = entries.filter(kind=kind.kind, object_id__in=kind.public().values("pk"))
        allowed = q if allowed is None else allowed | q
    if allowed is None:
        allowed = entries.none()
    paginated = Paginator(_ranked(allowed, query), per_page).get_page(page)
    for entry in paginated.object_list:
        kind = SEARCH_KINDS[entry.kind]
        entry.url = kind.url(entry.object_uid)
        entry.kind_label = kind.label
    return paginated
