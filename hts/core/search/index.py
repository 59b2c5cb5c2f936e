"""Writing the index: the services that write a record call ``search_index_put(row)`` after saving it
(and ``search_index_drop(row)`` when it goes); ``search_index_rebuild()`` makes it afresh."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from hts.core.search.models import SearchEntry
from hts.core.search.registry import Indexed, SearchKind, kinds_in_order, kinds_of
from hts.core.search.tokens import index_tokens

SNIPPET = 120


def _snippet(text: str) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(text).split())[:SNIPPET]


def _fields(data: Indexed) -> dict[str, Any]:
    return {
        "title": data.title[:300],
        "text": _snippet(data.text),
        "tokens": index_tokens(
            title=data.title, text=data.text, names=data.names, schools=data.schools, things=data.things
        ),
        "region_path": data.region_path or "",
        "school_id": data.school_id,
        "studio_id": data.studio_id,
        "owner_teacher_id": data.owner_teacher_id,
        "is_public": data.is_public,
    }


def search_index_put(row: Model) -> None:
    """Index `row` as it is now under each of its kinds (the kind's ``entry`` decides; None drops it)."""
    for kind in kinds_of(row):
        data = kind.entry(row)
        if data is None:
            SearchEntry.objects.filter(kind=kind.kind, object_id=row.pk).delete()
            continue
        SearchEntry.objects.update_or_create(
            kind=kind.kind, object_id=row.pk, defaults={"object_uid": row.uid, **_fields(data)}
        )


def search_index_drop(row: Model) -> None:
    kinds = [kind.kind for kind in kinds_of(row)]
    if kinds:
        SearchEntry.objects.filter(kind__in=kinds, object_id=row.pk).delete()


def _rebuild_kind(kind: SearchKind, batch: int) -> int:
    SearchEntry.objects.filter(kind=kind.kind).delete()
    count, pending = 0, []
    for row in kind.rows().iterator(chunk_size=batch):
        data = kind.entry(row)
        if data is None:
            continue
        pending.append(SearchEntry(kind=kind.kind, object_id=row.pk, object_uid=row.uid, **_fields(data)))
        if len(pending) >= batch:
            SearchEntry.objects.bulk_create(pending)
            count, pending = count + len(pending), []
    SearchEntry.objects.bulk_create(pending)
    return count + len(pending)


def search_index_rebuild(kinds: list[str] | None = None, *, batch: int = 1000) -> dict[str, int]:
    """Every record of every kind (or of `kinds`) indexed afresh; returns the count per kind."""
    counts = {}
    for kind in kinds_in_order():
        if kinds and kind.kind not in kinds:
            continue
        with transaction.atomic():
            counts[kind.kind] = _rebuild_kind(kind, batch)
    return counts
