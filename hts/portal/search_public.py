"""Published publications in the search index, for the portal's public search (issue 16 point 9).

The publish and withdraw steps (the sites part's services) call ``publication_indexed(pub)`` once a
publication is published and ``publication_unindexed(pub)`` once it is withdrawn (or returned); both
also suit any later change of a published text. Only a published publication of a studio that ran is
ever indexed, and the public search checks the publication's state again when it reads, so a missed
call can hide a publication but never show one that is not public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hts.core.search.index import search_index_drop, search_index_put
from hts.core.search.registry import Indexed, SearchKind, register_search_kind
from hts.portal.models import Publication
from hts.portal.sites.guards import SITE_STATES

# The studios that have a website (a revoked one's is taken down): their publications are public.
STUDIOS_SHOWN = SITE_STATES


def public_publications() -> QuerySet[Publication]:
    return Publication.objects.filter(status=Publication.Status.PUBLISHED, studio__status__in=STUDIOS_SHOWN)


def publication_entry(pub: Publication) -> Indexed | None:
    if pub.status != Publication.Status.PUBLISHED or pub.studio.status not in STUDIOS_SHOWN:
        return None
    # Only what the public page shows: the masked, sanitised snapshot, the studio's name and the author's.
    return Indexed(
        title=pub.title,
        text=pub.body,  # the summary is the body's beginning: indexed (and shown) once
        names=[pub.author.name] if pub.author_id else [],
        schools=[],
        region_path=pub.studio.host_school.region.path,
        studio_id=pub.studio_id,
        owner_teacher_id=pub.author_id,
        is_public=True,
    )


def publication_indexed(pub: Publication) -> None:
    """Call after a publication is published (or its public text changed); its author's blog is found
    from their first publication on."""
    search_index_put(pub)
    if pub.author is not None:
        search_index_put(pub.author)


def publication_unindexed(pub: Publication) -> None:
    """Call after a publication is withdrawn or returned: the public search no longer finds it, nor its
    author's blog once nothing of theirs is public."""
    search_index_drop(pub)
    if pub.author is not None:
        search_index_put(pub.author)


# The address of a publication's public page. The studio-website part names it; until then the link
# goes to the portal's search for the title.
PUBLICATION_URL_NAMES = ("portal-publication", "portal-sites-publication")
_url_resolver: list[Callable[[Any], str | None]] = []


def register_publication_url(resolver: Callable[[Any], str | None]) -> None:
    """The sites part tells search how to link a publication (by its uid)."""
    _url_resolver[:] = [resolver]


def publication_url(uid: Any) -> str | None:
    if _url_resolver:
        return _url_resolver[0](uid)
    for name in PUBLICATION_URL_NAMES:
        try:
            return reverse(name, kwargs={"uid": uid})
        except NoReverseMatch:
            continue
    return None


def register() -> None:
    from hts.portal.search import kinds

    kinds.register()
    register_search_kind(
        SearchKind(
            kind="publication",
            model=Publication,
            label=_("Published on the studios' websites"),
            entry=publication_entry,
            rows=lambda: Publication.objects.select_related("studio__host_school__region", "author"),
            url=publication_url,
            visible=None,
            public=public_publications,
            order=90,
        )
    )
