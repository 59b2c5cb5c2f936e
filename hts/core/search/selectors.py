"""Reading the index: ``search(user, query, kinds=…, page=…)`` for a signed-in person, over what they may
open, and ``search_public(query, page=…)`` for the portal, over what the public may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from hts.core.search.engine import matching, ranked_candidates
from hts.core.search.models import SearchEntry
from hts.core.search.registry import SearchKind, kinds_in_order
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


def _title_first(rows: list[tuple[int, str, int, str]], query: str) -> list[tuple[int, str, int, str]]:
    """Those whose title holds the query's first word come first, each part newest first (stable)."""
    first = normalise(query).split()[0] if query.split() else ""
    return sorted(rows, key=lambda row: first not in row[3].lower()) if first else rows


def _with_entries(results: list[KindResults]) -> list[KindResults]:
    """Each group's page of entry ids becomes its entries with their links: one query reads the entries
    of every group, one per kind shown reads the links."""
    rows = SearchEntry.objects.in_bulk([i for group in results for i in group.page.object_list])
    for group in results:
        shown = [rows[i] for i in group.page.object_list if i in rows]
        urls = group.kind.urls_of([entry.object_uid for entry in shown])
        for entry in shown:
            entry.url = urls.get(entry.object_uid)
        group.page.object_list = cast(Any, shown)
    return results


def search(
    user: Any, query: str, *, kinds: list[str] | None = None, page: Any = 1, per_page: int = 10
) -> list[KindResults]:
    """The records matching `query` that `user` may open, grouped by kind (only kinds with results),
    each group paginated. A record is listed only when its kind's own rule (the same queryset its page
    reads) reaches it; the rule is applied to the kind's newest CANDIDATES matches (title matches
    first among them). One query finds every kind's candidates, one per kind with candidates checks
    the rule, one reads the rows shown."""
    groups = query_groups(query[:MAX_QUERY])
    if not groups:
        return []
    rules = {}
    for kind in _visible_kinds(kinds):
        visible = kind.visible(user) if kind.visible else None
        if visible is not None:
            rules[kind.kind] = (kind, visible)
    by_kind: dict[str, list[tuple[int, str, int, str]]] = {}
    for row in ranked_candidates(groups, list(rules), CANDIDATES + 1):
        by_kind.setdefault(row[1], []).append(row)
    results = []
    for name, (kind, visible) in rules.items():
        rows = by_kind.get(name)
        if not rows:
            continue
        capped = len(rows) > CANDIDATES
        rows = _title_first(rows[:CANDIDATES], query)
        allowed = set(visible.filter(pk__in=[row[2] for row in rows]).values_list("pk", flat=True))
        ids = [row[0] for row in rows if row[2] in allowed]
        if ids:
            results.append(KindResults(kind, Paginator(ids, per_page).get_page(page), capped=capped))
    return _with_entries(results)


# The public search's best matches over all its kinds, at most (grouped by kind afterwards).
PUBLIC_CANDIDATES = 1000


def public_kinds() -> list[SearchKind]:
    return [kind for kind in kinds_in_order() if kind.public is not None]


def search_public(
    query: str, *, kind: str = "", page: Any = 1, per_page: int = 10, per_kind: int = 5, region_path: str = ""
) -> list[KindResults] | None:
    """What the public may see that matches `query`, grouped by kind (only kinds with results): every
    kind's first `per_kind`, or one kind's `page` of `per_page`; None for an empty query. Each kind's
    own rule (``public()``) is applied again as the index is read, so an entry a service failed to drop
    never shows what is no longer public. With `region_path`, only what lies in that region: a bureau's
    portal searches its own studios, notices and contests, under its own brand."""
    groups = query_groups(query[:MAX_QUERY])
    if not groups:
        return None
    kinds = [k for k in public_kinds() if not kind or k.kind == kind]
    if not kinds:
        return []
    allowed = Q()
    for k in kinds:
        allowed |= Q(kind=k.kind, object_id__in=cast(Any, k.public)().values("pk"))
    entries = SearchEntry.objects.filter(matching(groups), allowed, is_public=True)
    if region_path:
        entries = entries.filter(region_path__startswith=region_path)
    candidates = list(_ranked(entries, query).values_list("id", "kind")[: PUBLIC_CANDIDATES + 1])
    capped = len(candidates) > PUBLIC_CANDIDATES
    by_kind: dict[str, list[int]] = {}
    for entry_id, entry_kind in candidates[:PUBLIC_CANDIDATES]:
        by_kind.setdefault(entry_kind, []).append(entry_id)
    results = []
    for k in kinds:
        ids = by_kind.get(k.kind)
        if ids:
            paginated = Paginator(ids, per_page if kind else per_kind).get_page(page if kind else 1)
            results.append(KindResults(k, paginated, capped=capped))
    return _with_entries(results)
