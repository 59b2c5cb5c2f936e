"""Search pages (issue 16 point 9): the signed-in search over what the person may open, grouped by kind,
and the portal's public search over published content (cached like every public page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from hts.core.decorators import signed_in
from hts.core.pagination import querystring_without_page
from hts.core.search.registry import SEARCH_KINDS
from hts.core.search.selectors import MAX_QUERY, public_kinds, search, search_public
from hts.org.models import Region
from hts.portal.home.branding import brand_context
from hts.portal.home.selectors import home_region
from hts.portal.public import public_page

PER_KIND = 5
PER_PAGE = 20


def _address(name: str, **params: str) -> str:
    """This search's address without its kind and page: "all kinds", and each kind's "all of them"."""
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v})}"


def _query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY]


@require_GET
@signed_in
def search_all(request: HttpRequest) -> HttpResponse:
    """Every result is filtered by its kind's own access rule for this person, so the page shows only
    records they may open; it declares no action of its own."""
    query = _query(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in SEARCH_KINDS and SEARCH_KINDS[kind].visible is not None else ""
    groups = []
    if query:
        groups = search(
            request.user,
            query,
            kinds=[kind] if kind else None,
            page=request.GET.get("page", 1),
            per_page=PER_PAGE if kind else PER_KIND,
        )
    return render(
        request,
        "portal/search/results.html",
        {
            "query": query,
            "kind": SEARCH_KINDS[kind] if kind else None,
            "groups": groups,
            "more": _address("search-all", q=query),
            "querystring": querystring_without_page(request),
        },
    )


@require_GET
@public_page
def search_public_page(request: HttpRequest) -> HttpResponse:
    """Studio websites, members' pages, published items, notices and contest results, grouped by kind:
    each kind's first few, or one kind's pages (``?kind=``)."""
    query = _query(request)
    kind = next((k for k in public_kinds() if k.kind == request.GET.get("kind", "")), None)
    region = _portal_region(request.GET.get("b", ""))
    groups = None
    if query:
        groups = search_public(
            query,
            kind=kind.kind if kind else "",
            page=request.GET.get("page", 1),
            per_page=PER_PAGE,
            per_kind=PER_KIND,
            region_path=region.path if region else "",
        )
    return render(
        request,
        "portal/search/public.html",
        {
            "query": query,
            "kind": kind,
            "groups": groups,
            "more": _address("portal-search", q=query, b=region.code if region else ""),
            "querystring": querystring_without_page(request),
            "region": region,
            **brand_context(region),
        },
    )


def _portal_region(code: str) -> Region | None:
    """The portal the search was opened from (``?b=<code>``, carried by its form), else the home portal's:
    its brand is the page's. An unknown code is not an error here, the search still answers."""
    found = Region.objects.filter(code=code[:12], bureau__isnull=False).first() if code else None
    return found or home_region()
