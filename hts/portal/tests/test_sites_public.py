"""The public side of the studio websites: what shows and what never does, the address, closed and
unapproved studios, members' pages, sharing, query budgets (issue 16 points 1, 3, 5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hts.portal.models import Publication, Section
from hts.portal.sites.models import MemberProfile, StudioSite
from hts.portal.sites.services import site_ensure, slug_from_name
from hts.portal.tests.sites_kit import (
    PUPIL,
    Site,
    make_item,
    site_fixture,  # noqa: F401  (the fixture)
)
from hts.studios.models import Studio
from testkit import client_for

pytestmark = pytest.mark.django_db

STATES = ["offered", "returned", "withdrawn"]


def _pub(site: Site, section: str, status: str, title: str, **extra: object) -> Publication:
    published = status in ("published", "withdrawn")
    return Publication.objects.create(
        studio=site.studio,
        section=section,
        status=status,
        title=title,
        summary=title,
        body=f"<p>{title}</p>",
        author=site.member_teacher,
        return_note="改" if status == "returned" else "",
        published_at=timezone.now() if published or status == "published" else None,
        **extra,
    )


@pytest.fixture
def full(site: Site) -> Site:
    """In every section: one published row and one of each other state."""
    site_ensure(site.studio)
    for section in Section.values:
        _pub(site, section, "published", f"公开-{section}")
        for status in STATES:
            _pub(site, section, status, f"隐藏-{status}-{section}")
    return site


def _slug(site: Site) -> str:
    return StudioSite.objects.get(studio=site.studio).slug


def _pages(site: Site) -> list[str]:
    slug = _slug(site)
    pages = [reverse("portal-site-home", args=[slug]), reverse("portal-site-album", args=[slug])]
    pages += [reverse("portal-site-research", args=[slug]), reverse("portal-site-rss", args=[slug])]
    pages += [reverse("portal-site-section", args=[slug, s]) for s in Section.values if s not in ("album", "research")]
    pages.append(reverse("portal-blog", args=[site.member_teacher.uid]))
    return pages


def test_only_published_rows_show_on_any_public_page(full: Site) -> None:
    visitor = Client()
    seen = ""
    for url in _pages(full):
        response = visitor.get(url)
        assert response.status_code == 200, url
        seen += response.content.decode()
    for section in Section.values:
        if section not in ("album",):
            assert f"公开-{section}" in seen, section
        for status in STATES:
            assert f"隐藏-{status}-{section}" not in seen
    for status in STATES:
        hidden = Publication.objects.filter(status=status).first()
        assert visitor.get(reverse("portal-site-item", args=[_slug(full), hidden.uid])).status_code == 404


def test_each_section_page_lists_its_own_rows_only(full: Site) -> None:
    page = Client().get(reverse("portal-site-section", args=[_slug(full), "case"])).content.decode()
    assert "公开-case" in page and "公开-story" not in page


def test_the_site_and_member_pages_show_no_mobile_number_and_the_email_only_when_ticked(full: Site) -> None:
    MemberProfile.objects.create(teacher=full.member_teacher, profile="热爱班会", email="chen@example.cn")
    visitor = Client()
    text = "".join(visitor.get(url).content.decode() for url in _pages(full))
    assert full.member_teacher.mobile not in text and full.world.teacher_a.mobile not in text
    assert "chen@example.cn" not in text and "热爱班会" in text
    member = client_for(full.member)
    member.post(
        reverse("portal-sites-profile"), {"profile": "热爱班会", "email": "chen@example.cn", "show_email": "on"}
    )
    blog = Client().get(reverse("portal-blog", args=[full.member_teacher.uid])).content.decode()
    assert "chen@example.cn" in blog and full.member_teacher.mobile not in blog


def test_ticking_show_email_without_an_email_is_refused(site: Site) -> None:
    response = client_for(site.member).post(reverse("portal-sites-profile"), {"profile": "x", "show_email": "on"})
    assert response.status_code == 400 and not MemberProfile.objects.filter(show_email=True).exists()


@pytest.mark.parametrize("status", ["revoked", "rejected", "applied", "under_review", "draft"])
def test_a_revoked_rejected_or_unapproved_studio_has_no_site(full: Site, status: str) -> None:
    Studio.objects.filter(pk=full.studio.pk).update(status=status)
    visitor = Client()
    for url in _pages(full)[:-1]:
        assert visitor.get(url).status_code == 404, url


@pytest.mark.parametrize("status", ["expired", "completed"])
def test_a_closed_studio_keeps_its_site_but_takes_nothing_new(full: Site, status: str) -> None:
    offered = Publication.objects.filter(status="offered", section="case").get()
    Studio.objects.filter(pk=full.studio.pk).update(
        status=status, final_grade="qualified" if status == "completed" else ""
    )
    assert Client().get(reverse("portal-site-home", args=[_slug(full)])).status_code == 200
    story = make_item(full.member_teacher, title="新的故事", kind="narrative")
    member = client_for(full.member)
    member.post(reverse("portal-sites-offer", args=[full.studio.uid, "item", story.uid]))
    assert not Publication.objects.filter(archive_item=story).exists()
    host = client_for(full.host)
    assert host.post(reverse("portal-sites-publish", args=[offered.uid]), {"publish": "1"}).status_code == 403
    assert (
        host.post(reverse("portal-sites-news", args=[full.studio.uid]), {"title": "t", "body": "b"}).status_code == 400
    )
    assert not Publication.objects.filter(title="t").exists()
    offered.refresh_from_db()
    assert offered.status == "offered"


def test_the_address_comes_from_the_pinyin_and_the_host_may_change_it(site: Site) -> None:
    assert slug_from_name("“向阳花”名班主任工作室") == "xiangyanghua"
    assert site_ensure(site.studio).slug == "xiangyanghua"
    host = client_for(site.host)
    url = reverse("portal-sites-settings", args=[site.studio.uid])
    bad = host.post(url, {"slug": "Xiang Yang", "intro": ""})
    assert "小写字母" in bad.content.decode() or "lowercase" in bad.content.decode()
    reserved = host.post(url, {"slug": "admin", "intro": ""}).content.decode()
    assert "admin-site" in reserved
    host.post(url, {"slug": "sunflower", "intro": "向阳而生"})
    assert StudioSite.objects.get(studio=site.studio).slug == "sunflower"
    assert Client().get("/s/sunflower/").status_code == 200


def test_a_colliding_address_is_refused_proposing_a_free_one(site: Site) -> None:
    from testkit import make_running_studio

    other = make_running_studio(site.world, name="向阳花工作室")
    assert site_ensure(other).slug == "xiangyanghua"
    assert site_ensure(site.studio).slug == "xiangyanghua-2"
    response = client_for(site.host).post(
        reverse("portal-sites-settings", args=[site.studio.uid]), {"slug": "xiangyanghua", "intro": ""}
    )
    text = response.content.decode()
    assert "xiangyanghua-2" in text and StudioSite.objects.get(studio=site.studio).slug == "xiangyanghua-2"


def test_another_studios_host_cannot_change_the_address(site: Site) -> None:
    site_ensure(site.studio)
    response = client_for(site.world.outsider_teacher_user).post(
        reverse("portal-sites-settings", args=[site.studio.uid]), {"slug": "mine", "intro": ""}
    )
    assert response.status_code in (403, 404)
    assert StudioSite.objects.get(studio=site.studio).slug == "xiangyanghua"


def test_each_public_page_has_a_share_card_a_qr_code_and_the_feed(full: Site) -> None:
    visitor = Client()
    published = Publication.objects.get(status="published", section="case")
    page = visitor.get(reverse("portal-site-item", args=[_slug(full), published.uid])).content.decode()
    assert '<meta property="og:title" content="公开-case">' in page
    assert 'property="og:description"' in page and 'data-testid="share-qr"' in page and "<svg" in page
    feed = visitor.get(reverse("portal-site-rss", args=[_slug(full)]))
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert "公开-case" in feed.content.decode() and "隐藏-offered-case" not in feed.content.decode()


def test_an_anonymous_page_is_cached_without_a_session_or_csrf_token(full: Site) -> None:
    visitor = Client()
    first = visitor.get(reverse("portal-site-home", args=[_slug(full)]))
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "sessionid" not in first.cookies
    assert "public" in first["Cache-Control"]


@pytest.mark.parametrize("which", range(11))
def test_public_pages_keep_to_a_query_budget(full: Site, which: int, django_assert_max_num_queries: object) -> None:
    from django.core.cache import cache

    for n in range(12):  # more rows must not mean more queries
        _pub(full, "case", "published", f"更多-{n}")
    cache.clear()
    url = _pages(full)[which]
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert Client().get(url).status_code == 200


def test_the_item_page_keeps_to_a_query_budget(full: Site, django_assert_max_num_queries: object) -> None:
    published = Publication.objects.get(status="published", section="news")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert Client().get(reverse("portal-site-item", args=[_slug(full), published.uid])).status_code == 200


def test_a_pupil_name_never_reaches_a_public_page(full: Site) -> None:
    text = "".join(Client().get(url).content.decode() for url in _pages(full))
    assert PUPIL not in text
