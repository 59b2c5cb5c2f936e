"""The portal's sitemap: every bureau's portal pages and published notices here, and whatever the other
parts register (studio sites, published items: ``registry.register_sitemap_source``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from hts.org.models import Region
from hts.portal.contest.selectors import public_contests
from hts.portal.home.models import Notice
from hts.portal.home.registry import SITEMAP_SOURCES

NOTICES_LISTED = 5000  # a sitemap file holds at most 50,000 addresses; notices are a small share


def sitemap_entries() -> Iterator[tuple[str, dt.date | None]]:
    yield reverse("portal-root"), None
    for code in Region.objects.filter(bureau__isnull=False).order_by("path").values_list("code", flat=True):
        for name in ("portal-bureau", "portal-studios", "portal-notices", "portal-results", "portal-bureau-messages"):
            yield reverse(name, args=[code]), None
    notices = (
        Notice.objects.filter(status=Notice.Status.PUBLISHED)
        .order_by("-published_on")
        .values_list("region__code", "uid", "published_on")[:NOTICES_LISTED]
    )
    for code, uid, published_on in notices:
        yield reverse("portal-notice", args=[code, uid]), published_on
    for uid, finalised_on in public_contests().values_list("uid", "finalised_on"):
        yield reverse("portal-contest-public", args=[uid]), finalised_on
    for source in SITEMAP_SOURCES:
        yield from source()
