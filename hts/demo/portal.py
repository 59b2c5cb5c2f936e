"""The public face's demo (issue 16 point 11), over the studios, people and records seeded before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hts.portal.search import demo as search_demo

# Each portal part's demo story, in this order; each `seed(today) -> int` returns the records it
# created and creates nothing when run again. Add a part's seed here.
PORTAL_DEMOS: list[Callable[[dt.date], int]] = [
    # Search: indexes everything seeded before it, so it stays the last entry.
    search_demo.seed,
]


def seed_portal(today: dt.date) -> int:
    return sum(seed(today) for seed in PORTAL_DEMOS)
