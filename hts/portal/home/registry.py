"""What the other portal parts tell this one (filled from their AppConfig ``ready``):

* ``register_sitemap_source(fn)``: ``fn()`` yields ``(path, lastmod date or None)`` for the sitemap
  (the studio sites part adds ``/s/<slug>/`` and its published items).
* ``register_studio_link(fn)``: ``fn(studios)`` maps studio ids to their public site's path; the
  portal's studio list links a studio only when its site exists.
* ``register_publication_link(fn)``: ``fn(publications)`` maps publication ids to their public path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

SitemapSource = Callable[[], Iterable[tuple[str, dt.date | None]]]
Linker = Callable[[list[Any]], dict[int, str]]

SITEMAP_SOURCES: list[SitemapSource] = []
_STUDIO_LINKS: list[Linker] = []
_PUBLICATION_LINKS: list[Linker] = []


def register_sitemap_source(source: SitemapSource) -> None:
    if source not in SITEMAP_SOURCES:
        SITEMAP_SOURCES.append(source)


def register_studio_link(linker: Linker) -> None:
    if linker not in _STUDIO_LINKS:
        _STUDIO_LINKS.append(linker)


def register_publication_link(linker: Linker) -> None:
    if linker not in _PUBLICATION_LINKS:
        _PUBLICATION_LINKS.append(linker)


def _links(linkers: list[Linker], rows: list[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for linker in linkers:
        found.update(linker(rows))
    return found


def studio_links(studios: list[Any]) -> dict[int, str]:
    return _links(_STUDIO_LINKS, studios) if studios else {}


def publication_links(publications: list[Any]) -> dict[int, str]:
    return _links(_PUBLICATION_LINKS, publications) if publications else {}
