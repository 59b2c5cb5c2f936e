"""The sites' pages beside their homes and items for the portal's sitemap (``home.registry``): each
non-empty section page, the album when it holds a photo, the research page, and members' pages.

A fixed number of queries however many sites there are, each capped (a sitemap file holds 50,000
addresses); ``lastmod`` is the newest publication shown on the page, where there is one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hts.portal.models import PublicationPhoto, Section
from hts.portal.sites.guards import SITE_STATES
from hts.portal.sites.models import StudioSite
from hts.portal.sites.selectors import public_publications
from hts.portal.sites.views_public import LIST_SECTIONS

PAGES_LISTED = 10_000  # of each kind: section pages, albums, research pages, members' pages


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def site_page_paths() -> Iterator[tuple[str, dt.date | None]]:
    on_sites = public_publications().filter(studio__site__isnull=False)
    sections = (
        on_sites.filter(section__in=LIST_SECTIONS)
        .values("studio__site__slug", "section")
        .annotate(last=Max("published_at"))
        .order_by("studio__site__slug", "section")[:PAGES_LISTED]
    )
    for row in sections:
        yield (
            reverse("portal-site-section", kwargs={"slug": row["studio__site__slug"], "section": row["section"]}),
            _day(row["last"]),
        )
    albums = (
        PublicationPhoto.objects.filter(publication__in=on_sites)
        .values("publication__studio__site__slug")
        .annotate(last=Max("publication__published_at"))
        .order_by("publication__studio__site__slug")[:PAGES_LISTED]
    )
    for row in albums:
        yield reverse("portal-site-album", kwargs={"slug": row["publication__studio__site__slug"]}), _day(row["last"])
    research_last = dict(
        on_sites.filter(section=Section.RESEARCH)
        .values("studio__site__slug")
        .annotate(last=Max("published_at"))
        .values_list("studio__site__slug", "last")
    )
    slugs = StudioSite.objects.filter(studio__status__in=SITE_STATES).order_by("slug").values_list("slug", flat=True)
    for slug in slugs[:PAGES_LISTED]:
        yield reverse("portal-site-research", kwargs={"slug": slug}), _day(research_last.get(slug))
    yield from blog_paths()


def blog_paths() -> Iterator[tuple[str, dt.date | None]]:
    """Members' pages that list something: whoever has published, dated by their newest publication. A
    team member who has published nothing has a page (the studio's home links it) but an empty one, and
    the public search does not find it either (``search.kinds.blog_teachers``): neither invites a crawler."""
    authored = dict(
        public_publications()
        .filter(author__isnull=False)
        .values("author__uid")
        .annotate(last=Max("published_at"))
        .order_by("author__uid")
        .values_list("author__uid", "last")[:PAGES_LISTED]
    )
    for uid in sorted(authored, key=str):
        yield reverse("portal-blog", kwargs={"uid": uid}), _day(authored[uid])
