"""The demo's search index: everything the demo seeded (much of it written straight to the tables,
not through the services) indexed at the end, so the search box finds the demo city and county."""

from __future__ import annotations

import datetime as dt

from hts.core.search.index import search_index_rebuild
from hts.core.search.models import SearchEntry


def seed(today: dt.date) -> int:
    """Rebuilds the index; returns the entries made the first time and 0 after (the rows are the
    same records again). It must run after every other demo story, so it is the list's last entry."""
    first = not SearchEntry.objects.exists()
    counts = search_index_rebuild()
    return sum(counts.values()) if first else 0
