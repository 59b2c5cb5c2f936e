"""The public face's demo (issue 16 point 11), over the studios, people and records seeded before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hts.portal.comments.demo import seed as seed_comments
from hts.portal.contest import demo as contest_demo
from hts.portal.exposure import demo as exposure_demo
from hts.portal.forum import demo as forum_demo
from hts.portal.home.demo import seed as seed_portal_home
from hts.portal.search import demo as search_demo
from hts.portal.sites.demo import seed as sites_seed

# Each portal part's demo story, in this order; each `seed(today) -> int` returns the records it
# created and creates nothing when run again. Add a part's seed here.
PORTAL_DEMOS: list[Callable[[dt.date], int]] = [
    exposure_demo.seed,  # the Ganyu class's guardian consents, one pupil's withdrawn (point 8)
    sites_seed,  # studio websites (issue 16 points 1, 2, 3)
    seed_portal_home,  # the bureau portal: brands, notices, a featured item (hts/portal/home/demo.py)
    # Comments and messages (issue 16 point 4): after the sites, so that it finds their published items.
    seed_comments,
    # The head-teacher forum and the suggestion box (issue 16 points 5 and 6).
    forum_demo.seed,
    contest_demo.seed,  # the essay contest: a finished call with its results and book (point 7)
    # Search: indexes everything seeded before it, so it stays the last entry.
    search_demo.seed,
]


def seed_portal(today: dt.date) -> int:
    return sum(seed(today) for seed in PORTAL_DEMOS)
