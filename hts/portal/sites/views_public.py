"""A studio's website and a member's page: no sign-in, cached (``public_page``), published rows only."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hts.activities.checkin import qr_svg
from hts.core.files import serve_stored
from hts.core.pagination import paginate
from hts.portal.home.branding import Brand, brand_for, share_image
from hts.portal.models import Section
from hts.portal.public import public_page
from hts.portal.sites import selectors
from hts.portal.sites.models import StudioSite
from hts.studios.models import Membership

# The sections with a page of their own (research and the album have theirs).
LIST_SECTIONS = [Section.NEWS, Section.PAPER, Section.LESSON_DESIGN, Section.CASE, Section.STORY, Section.COMPILATION]


def _share(
    request: HttpRequest, *, title: str, summary: str, image: str = "", brand: Brand | None = None
) -> dict[str, Any]:
    """The share card (Open Graph) and the QR code that opens this page on a phone."""
    url = request.build_absolute_uri(request.path)
    image = share_image(brand, image)
    return {
        "share": {
            "title": title,
            "summary": summary,
            "url": url,
            "image": request.build_absolute_uri(image),
            "qr": mark_safe(qr_svg(url)),  # noqa: S308  (drawn by segno from our own address)
        }
    }


def _site_context(site: StudioSite) -> dict[str, Any]:
    """The site, its sections and the brand of the studio's bureau (its header logo, title and footer)."""
    return {
        "site": site,
        "studio": site.studio,
        "sections": [(s, Section(s).label) for s in LIST_SECTIONS],
        "portal_brand": _site_brand(site),
    }


def _site_brand(site: StudioSite) -> Brand:
    """The brand of the studio's bureau, looked up once a request (the header and the share card read it)."""
    if not hasattr(site, "portal_brand"):
        site.portal_brand = brand_for(site.studio.host_school.region)  # type: ignore[attr-defined]
    return site.portal_brand  # type: ignore[attr-defined,no-any-return]


def _photo_url(photo: Any, *, thumb: bool = False) -> str:
    return reverse("portal-site-photo-thumb" if thumb else "portal-site-photo", kwargs={"uid": photo.uid})


def _team_groups(team: dict[str, list[Any]]) -> list[dict[str, Any]]:
    return [
        {"label": label, "members": team.get(role, [])} for role, label in Membership.Role.choices if team.get(role)
    ]


@public_page
def site_home(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.site_get(slug)
    studio = site.studio
    news = selectors.latest(studio, section=Section.NEWS)
    latest = selectors.latest(studio, limit=8)
    cover = next((p for pub in latest for p in pub.photos.all()), None)
    context = {
        **_site_context(site),
        "team_groups": _team_groups(selectors.team(studio)),
        "news": news,
        "latest": latest,
        **_share(
            request,
            brand=_site_brand(site),
            title=studio.name,
            summary=site.intro or studio.theme,
            image=_photo_url(cover, thumb=True) if cover else "",
        ),
    }
    return render(request, "portal/sites/home.html", context)


@public_page
def site_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    if section not in LIST_SECTIONS:
        raise Http404
    site = selectors.site_get(slug)
    page = paginate(request, selectors.section_list(site.studio, section), 10)
    label = Section(section).label
    context = {
        **_site_context(site),
        "section": section,
        "section_label": label,
        "page_obj": page,
        **_share(
            request,
            brand=_site_brand(site),
            title=f"{label} · {site.studio.name}",
            summary=site.intro or site.studio.theme,
        ),
    }
    return render(request, "portal/sites/section.html", context)


@public_page
def site_album(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.site_get(slug)
    page = paginate(request, selectors.album_photos(site.studio), 24)
    first = page.object_list[0] if page.object_list else None
    context = {
        **_site_context(site),
        "page_obj": page,
        **_share(
            request,
            brand=_site_brand(site),
            title=f"{Section.ALBUM.label} · {site.studio.name}",
            summary=site.intro or site.studio.theme,
            image=_photo_url(first, thumb=True) if first else "",
        ),
    }
    return render(request, "portal/sites/album.html", context)


@public_page
def site_research(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.site_get(slug)
    context = {
        **_site_context(site),
        **selectors.research(site.studio),
        **_share(
            request,
            brand=_site_brand(site),
            title=f"{Section.RESEARCH.label} · {site.studio.name}",
            summary=site.studio.theme,
        ),
    }
    return render(request, "portal/sites/research.html", context)


def publication_redirect(request: HttpRequest, uid: Any) -> HttpResponse:
    """A published item's page wherever its studio's site lives now (the slug may have changed); 404 for
    anything the public may not see."""
    publication = get_object_or_404(
        selectors.public_publications().select_related("studio__site"), uid=uid, studio__site__isnull=False
    )
    return redirect("portal-site-item", slug=publication.studio.site.slug, uid=publication.uid)


@public_page
def site_item(request: HttpRequest, slug: str, uid: Any) -> HttpResponse:
    site = selectors.site_get(slug)
    publication = selectors.item_get(site, uid)
    photos = list(publication.photos.all())
    context = {
        **_site_context(site),
        "publication": publication,
        "photos": photos,
        **_share(
            request,
            brand=_site_brand(site),
            title=publication.title,
            summary=publication.summary,
            image=_photo_url(photos[0], thumb=True) if photos else "",
        ),
    }
    return render(request, "portal/sites/item.html", context)


@public_page
def site_messages(request: HttpRequest, slug: str) -> HttpResponse:
    """The studio's message board: approved messages with the studio's replies; the form loads as a fragment."""
    site = selectors.site_get(slug)
    context = {
        **_site_context(site),
        **_share(
            request,
            brand=_site_brand(site),
            title=f"{_('Message board')} · {site.studio.name}",
            summary=site.intro or site.studio.theme,
        ),
    }
    return render(request, "portal/sites/messages.html", context)


@public_page
def site_photo(request: HttpRequest, uid: Any, thumb: bool = False) -> HttpResponse:
    return serve_stored(selectors.photo_get(uid), thumbnail=thumb)


@public_page
def site_rss(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.site_get(slug)
    studio = site.studio
    feed = Rss201rev2Feed(
        title=studio.name,
        link=request.build_absolute_uri(reverse("portal-site-home", kwargs={"slug": site.slug})),
        description=site.intro or studio.theme,
        language="zh-cn",
    )
    for publication in selectors.latest(studio, limit=20):
        link = request.build_absolute_uri(
            reverse("portal-site-item", kwargs={"slug": site.slug, "uid": publication.uid})
        )
        feed.add_item(
            title=publication.title,
            link=link,
            description=publication.summary,
            pubdate=publication.published_at,
            unique_id=link,
            categories=[str(Section(publication.section).label)],
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@public_page
def blog(request: HttpRequest, uid: Any) -> HttpResponse:
    teacher = selectors.blog_teacher(uid)
    profile = getattr(teacher, "public_profile", None)
    page = paginate(request, selectors.blog_publications(teacher), 10)
    photo = getattr(profile, "photo", None) if profile else None
    brand = brand_for(teacher.school.region)  # the bureau of the member's school
    context = {
        "portal_brand": brand,
        "teacher": teacher,
        "profile": profile,
        "photo": photo,
        "page_obj": page,
        **_share(
            request,
            brand=brand,
            title=teacher.name,
            summary=(profile.profile if profile else "") or teacher.school.name,
            image=reverse("portal-blog-photo", kwargs={"uid": teacher.uid}) if photo else "",
        ),
    }
    return render(request, "portal/sites/blog.html", context)


@public_page
def blog_photo(request: HttpRequest, uid: Any) -> HttpResponse:
    return serve_stored(selectors.profile_photo_get(uid), thumbnail=True)
