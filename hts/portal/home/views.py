"""The bureau portal's public pages (no sign-in, cached by ``@public_page``): `/`, `/b/<code>/` and its
studios, notices and results, the logo, sitemap.xml and robots.txt."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.activities.checkin import qr_svg
from hts.core.files import serve_stored
from hts.org.models import Region, Stage
from hts.portal.contest.selectors import public_contests
from hts.portal.home import registry, selectors
from hts.portal.home.branding import brand_for, share_image
from hts.portal.home.models import BrandLogo
from hts.portal.home.sitemap import sitemap_entries
from hts.portal.public import public_page
from hts.studios.tiers import is_county, tier_choices, tier_label

STUDIOS_PER_PAGE = 20
# With more studios than this and no district chosen, the list starts with the districts' counts.
COUNTS_FIRST_OVER = 30
NOTICES_PER_PAGE = 20
CONTESTS_SHOWN = 3
# The contest's pages a visitor may open; its other addresses are staff pages.
CONTEST_PUBLIC_NAMES = frozenset({"portal-contest-public", "portal-contest-book"})


def _public(request: HttpRequest, region: Region, title: str, summary: str, **context: Any) -> dict[str, Any]:
    """What every portal page carries: the region, its brand, its share card and QR code."""
    brand = brand_for(region)
    url = request.build_absolute_uri()
    image = request.build_absolute_uri(share_image(brand))
    site_title = brand.name or region.bureau.name
    return {
        "region": region,
        "portal_brand": brand,
        "site_title": site_title,
        "share": {"title": title or site_title, "summary": Truncator(summary).chars(120), "url": url, "image": image},
        "qr": qr_svg(url),
        **context,
    }


def _linked(rows: list[Any], links: dict[int, str]) -> list[Any]:
    """Each row with its public page's path (`public_url`), where another part serves one."""
    for row in rows:
        row.public_url = links.get(row.pk, "")
    return rows


@public_page
def portal_root(request: HttpRequest) -> HttpResponse:
    region = selectors.home_region()
    if region is not None:
        return _bureau_home(request, region)
    portals = list(selectors.bureau_portals())
    return render(request, "portal/home/bureaus.html", {"portals": portals, "portal_brand": brand_for(None)})


@public_page
def bureau_home(request: HttpRequest, code: str) -> HttpResponse:
    return _bureau_home(request, selectors.bureau_region(code))


def _bureau_home(request: HttpRequest, region: Region) -> HttpResponse:
    today = timezone.localdate()
    districts = selectors.districts_of(region)
    filters = selectors.StudioFilters()
    featured = selectors.featured(region)
    context = _public(
        request,
        region,
        "",  # the site's own title
        _("Head-teacher studios, notices and results of %(region)s") % {"region": region.name},
        featured=_linked(featured, registry.publication_links(featured)),
        notices=list(selectors.public_notices(region)[:6]),
        district_counts=[(d, n) for d, n in selectors.district_counts(region, districts, filters) if n],
        tiers=tier_choices(region, [d.name for d in districts if not d.direct]),
        stages=Stage.choices,
        studio_total=selectors.public_studios(region).count(),
        honours=selectors.honours_in_notice(region, today),
        appointments=selectors.appointments_in_notice(region, today),
        contests=list(public_contests(region.path)[:CONTESTS_SHOWN]),
    )
    return render(request, "portal/home/home.html", context)


@public_page
def studios(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.bureau_region(code)
    districts = selectors.districts_of(region)
    filters = selectors.StudioFilters.from_query(request.GET, districts)
    counts = selectors.district_counts(region, districts, filters)
    total = sum(n for _d, n in counts) if districts else None
    counts_first = filters.district is None and districts and (total or 0) > COUNTS_FIRST_OVER
    page = None
    if not counts_first:
        page = Paginator(selectors.studio_directory(region, filters), STUDIOS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        _linked(list(page.object_list), registry.studio_links(list(page.object_list)))
        for studio in page.object_list:
            studio.tier_label = tier_label(studio.batch.tier, studio.batch.region)
    query = {k: v for k, v in (("tier", filters.tier), ("stage", filters.stage)) if v}
    if filters.district is not None:
        query["district"] = filters.district.code
    context = _public(
        request,
        region,
        _("Studios of %(region)s") % {"region": region.name},
        _("The head-teacher studios of %(region)s by tier, district and stage") % {"region": region.name},
        filters=filters,
        districts=districts,
        # A county's parts are its towns (镇, 乡), not districts.
        area_label=pgettext("parts of a county", "Town") if is_county(region) else _("District"),
        counts=counts,
        counts_first=counts_first,
        page=page,
        tiers=tier_choices(region, [d.name for d in districts if not d.direct]),
        stages=Stage.choices,
        query="&".join(f"{k}={v}" for k, v in query.items()),
    )
    return render(request, "portal/home/studios.html", context)


@public_page
def notices(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.bureau_region(code)
    page = Paginator(selectors.public_notices(region), NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    context = _public(
        request,
        region,
        _("Notices"),
        _("Notices of %(bureau)s") % {"bureau": region.bureau.name},
        page=page,
    )
    return render(request, "portal/home/notices.html", context)


@public_page
def notice(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    region = selectors.bureau_region(code)
    item = selectors.public_notice(region, uid)
    context = _public(
        request, region, item.title, strip_tags(item.body), notice=item, attachment=selectors.attachment_of(item)
    )
    return render(request, "portal/home/notice.html", context)


def notice_file(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    """A published notice's attachment: public with its notice, gone when the notice is withdrawn."""
    region = selectors.bureau_region(code)
    attachment = selectors.attachment_of(selectors.public_notice(region, uid))
    if attachment is None:
        raise Http404
    return serve_stored(attachment)


@public_page
def results(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.bureau_region(code)
    today = timezone.localdate()
    context = _public(
        request,
        region,
        pgettext("portal", "Results"),
        _("Selected studios and the lists in public notice of %(region)s") % {"region": region.name},
        selections=selectors.selection_results(region),
        honours=selectors.honours_in_notice(region, today),
        appointments=selectors.appointments_in_notice(region, today),
        contests=list(public_contests(region.path)),
    )
    return render(request, "portal/home/results.html", context)


@public_page
def messages_board(request: HttpRequest, code: str) -> HttpResponse:
    """The bureau's message board: approved messages with the bureau's replies; the form loads as a fragment."""
    region = selectors.bureau_region(code)
    context = _public(
        request,
        region,
        _("Message board"),
        _("Questions and suggestions for the education bureau: the bureau answers here."),
    )
    return render(request, "portal/home/messages.html", context)


def brand_logo(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    logo = get_object_or_404(BrandLogo.objects.select_related("brand__region"), uid=uid, brand__region__code=code)
    return serve_stored(logo)


@public_page
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    entries = [(request.build_absolute_uri(path), lastmod) for path, lastmod in sitemap_entries()]
    return render(request, "portal/home/sitemap.xml", {"entries": entries}, content_type="application/xml")


@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    # The portal is for everyone; the signed-in platform is not for search engines. Crawlers take the
    # longest matching rule (RFC 9309), so the contest's staff addresses under /contest/ stay out.
    lines = [
        "User-agent: *",
        "Allow: /$",
        "Allow: /b/",
        "Allow: /s/",
        "Allow: /u/",
        "Allow: /contest/",
        *(f"Disallow: {pattern}" for pattern in contest_staff_patterns()),
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('portal-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def contest_staff_patterns() -> list[str]:
    """The contest's signed-in addresses as robots patterns (a path parameter becomes ``*``), read from
    its URL list so a new staff page is kept out without an edit here."""
    from hts.portal.contest import urls as contest_urls

    prefix = reverse("portal-contest-home")
    found = []
    for entry in contest_urls.urlpatterns:
        if getattr(entry, "name", "") in CONTEST_PUBLIC_NAMES:
            continue
        route = re.sub(r"<[^>]+>", "*", str(entry.pattern))
        found.append(prefix + route + ("" if route else "$"))
    return found
