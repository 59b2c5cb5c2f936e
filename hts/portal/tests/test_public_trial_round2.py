"""The public pages' small points from the browser trial, second round (issue 16): robots.txt and the
sitemap agree, the sitemap lists every kind of public page, district counts add up, brands, tier
labels by the region's level, share pictures, and the error pages' way home."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hts.core.files import stored_file_accept
from hts.portal.contest.models import Contest
from hts.portal.models import Publication, PublicationPhoto
from hts.portal.sites.models import StudioSite
from hts.portal.sites.services import site_ensure
from hts.portal.tests.contest_kit import essay_version
from hts.portal.tests.sites_kit import Site, png, site_fixture  # noqa: F401  (the fixture)
from testkit import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def robots_allows(robots: str, path: str) -> bool:
    """RFC 9309 as crawlers read it: of the rules for ``*`` that match, the longest wins, Allow on a tie;
    ``*`` matches any run of characters and a final ``$`` the end of the path."""
    best: tuple[int, bool] = (-1, True)
    for line in robots.splitlines():
        key, _sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key not in ("allow", "disallow") or not value:
            continue
        anchored = value.endswith("$")
        regex = ".*".join(re.escape(part) for part in value.rstrip("$").split("*")) + ("$" if anchored else "")
        if re.match(regex, path):
            rank = (len(value), key == "allow")
            best = max(best, rank)
    return best[1]


def _sitemap_paths(client: Client) -> list[str]:
    body = client.get("/sitemap.xml").content.decode()
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body)]


def _publication(site: Site, section: str, title: str, *, author: Any = None) -> Publication:
    return Publication.objects.create(
        studio=site.studio, section=section, status="published", title=title, summary=title,
        body=f"<p>{title}</p>", author=author, published_at=timezone.now(),
    )  # fmt: skip


def final_contest(world: World) -> Contest:
    today = timezone.localdate()
    return Contest.objects.create(
        title="班主任征文", theme="我的班级", categories="论文", region=world.city, organiser_path=world.city.path,
        opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=40),
        judging_until=today - dt.timedelta(days=20), version=essay_version(), status="final", finalised_on=today,
    )  # fmt: skip


def test_every_sitemap_address_is_allowed_by_robots_and_staff_pages_are_not(site: Site) -> None:
    site_ensure(site.studio)
    _publication(site, "case", "公开的案例", author=site.member_teacher)
    contest = final_contest(site.world)
    client = Client()
    robots = client.get("/robots.txt").content.decode()
    paths = _sitemap_paths(client)
    assert f"/contest/{contest.uid}/" in paths
    refused = [p for p in paths if not robots_allows(robots, p)]
    assert not refused, refused
    for staff in [
        "/contest/", "/contest/new/", "/contest/mine/", f"/contest/{contest.uid}/manage/",
        f"/contest/{contest.uid}/judge/", "/home/", "/portal/manage/", "/accounts/login/", "/search/all/",
    ]:  # fmt: skip
        assert not robots_allows(robots, staff), staff
    assert robots_allows(robots, reverse("portal-contest-book", args=[contest.uid]))


def test_the_sitemap_lists_sections_album_research_and_members_pages(
    site: Site, django_assert_max_num_queries: Any
) -> None:
    site_ensure(site.studio)
    slug = StudioSite.objects.get(studio=site.studio).slug
    case = _publication(site, "case", "公开的案例", author=site.member_teacher)
    news = _publication(site, "news", "工作动态")
    stored_file_accept(PublicationPhoto, png(), uploaded_by=site.host, publication=news)
    Publication.objects.create(studio=site.studio, section="story", status="offered", title="待审", body="x")
    with django_assert_max_num_queries(16):
        paths = _sitemap_paths(Client())
    assert f"/s/{slug}/section/case/" in paths and f"/s/{slug}/section/news/" in paths
    assert f"/s/{slug}/section/story/" not in paths  # only an offered item there: an empty page
    assert f"/s/{slug}/album/" in paths and f"/s/{slug}/research/" in paths
    # A member who published is listed; the host, in the team but with nothing published, has an empty page
    # that the public search does not find either: not listed.
    assert f"/u/{site.member_teacher.uid}/" in paths and f"/u/{site.world.teacher_a.uid}/" not in paths
    body = Client().get("/sitemap.xml").content.decode()
    day = timezone.localdate(case.published_at).isoformat()
    assert re.search(rf"/s/{slug}/section/case/</loc>\s*<lastmod>{day}</lastmod>", body)


def _studio_in(world: World, school: Any, name: str, *, region: Any, tier: str = "city") -> Any:
    from hts.studios.models import Batch, Membership, Studio
    from testkit import make_teacher

    batch = Batch.objects.get_or_create(
        region=region, name=f"{region.name}第一批", defaults={"tier": tier, "start_year": 2026, "cycle_years": 3}
    )[0]
    host = make_teacher(school, f"{name}主持人")
    studio = Studio.objects.create(
        batch=batch, name=name, stage="primary", theme="t", plan="p", host=host, host_school=school, status="active"
    )
    Membership.objects.create(studio=studio, role="host", teacher=host, status="active")
    return studio


def test_a_city_level_school_s_studio_counts_under_the_city_s_own_line(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from hts.org.models import School

    city_school = School.objects.create(name="深圳市直属实验学校", code="SZ-01", region=world.city, has_primary=True)
    _studio_in(world, city_school, "市直工作室", region=world.city)
    _studio_in(world, world.school_a, "福田工作室", region=world.city)
    _studio_in(world, world.school_b, "南山工作室", region=world.city)
    client = Client()
    with django_assert_max_num_queries(14):
        home = client.get("/b/440300/").content.decode()
    counts = re.search(r'data-testid="portal-district-counts">(.*?)</ul>', home, re.S)
    assert counts is not None
    lines = dict(re.findall(r">([^<]+)</a> (\d+)</li>", counts.group(1)))
    assert lines == {"福田区": "1", "南山区": "1", "市直": "1"}
    listed = client.get("/b/440300/studios/", {"district": "440300"}).content.decode()
    assert "市直工作室" in listed and "福田工作室" not in listed and "南山工作室" not in listed
    assert "市直工作室" not in client.get("/b/440300/studios/", {"district": "440304"}).content.decode()


def test_a_county_portal_names_the_district_tier_county_level(world: World) -> None:
    from hts.org.models import School
    from testkit import make_region

    county = make_region("赣榆县", "320721", "district", make_region("连云港市", "320700", "city"))
    make_region("青口镇", "320721100", "township", county)
    school = School.objects.create(name="赣榆县实验小学", code="GY-01", region=county, has_primary=True)
    _studio_in(world, school, "赣榆工作室", region=county, tier="district")
    home = Client().get("/b/320721/").content.decode()
    studios = Client().get("/b/320721/studios/").content.decode()
    results = Client().get("/b/320721/results/").content.decode()
    for page in (home, studios, results):
        assert "县级" in page and "区级" not in page
    assert "县直" in studios  # the county's own schools have their line in the filter
    # The filter over a county's parts is headed 乡镇 (its parts are towns), a city's 区.
    assert '<label class="form-label small" for="f-district">乡镇</label>' in studios
    city = Client().get("/b/440300/studios/").content.decode()
    assert '<label class="form-label small" for="f-district">区</label>' in city
    assert "区级" in Client().get("/b/440300/").content.decode()  # 深圳's districts are 区


def test_studio_sites_contest_and_search_wear_their_bureau_s_brand(
    site: Site, settings: Any, django_assert_max_num_queries: Any
) -> None:
    from hts.portal.home.models import PortalBrand

    world = site.world
    PortalBrand.objects.create(
        region=world.city, name="深圳班主任网", footer="深圳市教育局主办", filing_number="粤ICP备1号"
    )
    site_ensure(site.studio)
    slug = StudioSite.objects.get(studio=site.studio).slug
    item = _publication(site, "case", "公开的案例", author=site.member_teacher)
    contest = final_contest(world)
    pages = {
        "site": f"/s/{slug}/",
        "item": f"/s/{slug}/p/{item.uid}/",
        "blog": f"/u/{site.member_teacher.uid}/",
        "contest": f"/contest/{contest.uid}/",
        "search": "/search/?q=案例&b=440300",
    }
    for name, path in pages.items():
        page = Client().get(path).content.decode()
        assert "深圳班主任网" in page and "深圳市教育局主办" in page and "粤ICP备1号" in page, name
    # Without ?b= the search wears the home portal's brand (here the province's: none, so the platform's).
    assert "深圳班主任网" not in Client().get("/search/", {"q": "案例"}).content.decode()
    cache.clear()
    settings.PORTAL_HOME_REGION = "440300"
    assert "深圳班主任网" in Client().get("/search/", {"q": "案例"}).content.decode()
    assert 'name="b" value="440300"' in Client().get("/search/", {"q": "案例"}).content.decode()
    assert "?b=440300" in Client().get("/b/440300/").content.decode()  # the portal leads to its search


def test_a_text_item_shares_the_bureau_logo_or_the_platform_mark_and_a_photo_item_its_photo(site: Site) -> None:
    site_ensure(site.studio)
    slug = StudioSite.objects.get(studio=site.studio).slug
    text = _publication(site, "case", "只有文字的案例", author=site.member_teacher)
    photo_item = _publication(site, "news", "有照片的动态")
    photo = stored_file_accept(PublicationPhoto, png(), uploaded_by=site.host, publication=photo_item)

    def og_image(path: str) -> str:
        found = re.search(r'property="og:image" content="([^"]+)"', Client().get(path).content.decode())
        assert found is not None, path
        return found.group(1)

    assert og_image(f"/s/{slug}/p/{text.uid}/") == "http://testserver/static/img/share-default.png"
    assert og_image(f"/s/{slug}/p/{photo_item.uid}/") == f"http://testserver/s/photo/{photo.uid}/thumb/"
    from django.contrib.staticfiles import finders

    assert finders.find("img/share-default.png")
    from hts.portal.home.models import BrandLogo, PortalBrand
    from hts.portal.tests.sites_kit import png as logo_png

    brand = PortalBrand.objects.create(region=site.world.city, name="深圳班主任网")
    logo = stored_file_accept(BrandLogo, logo_png(), uploaded_by=site.host, brand=brand)
    cache.clear()
    assert og_image(f"/s/{slug}/p/{text.uid}/") == f"http://testserver/b/440300/logo/{logo.uid}/"


@pytest.mark.parametrize("status", [403, 404, 429])
def test_an_error_page_leads_a_signed_in_person_to_the_workspace_and_a_visitor_to_the_portal(
    world: World, status: int
) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from testkit import client_for

    if status == 404:
        signed_in = client_for(world.teacher_user).get("/no-such-page/").content.decode()
        visitor = Client().get("/no-such-page/").content.decode()
    else:
        from django.contrib.auth.models import AnonymousUser

        request = RequestFactory().get("/")
        request.user = world.teacher_user
        signed_in = render_to_string(f"{status}.html", request=request)
        request.user = AnonymousUser()
        visitor = render_to_string(f"{status}.html", request=request)
    assert re.search(r'href="/home/"[^>]*data-testid="back-home"', signed_in)
    assert re.search(r'href="/"[^>]*data-testid="back-home"', visitor)


def test_make_run_shows_the_demo_city_s_portal_at_root() -> None:
    """The demo has two top-level regions; `make run` names the city's portal for `/` (issue 16 trial)."""
    from pathlib import Path

    from django.conf import settings as django_settings

    from hts.portal.home.demo import CITY

    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()
    default = re.search(r"^PORTAL_HOME_REGION \?= (\d+)$", makefile, re.M)
    assert default is not None and default.group(1) == CITY
    runserver = next(line for line in makefile.splitlines() if "manage.py runserver" in line)
    assert "PORTAL_HOME_REGION=$(PORTAL_HOME_REGION)" in runserver


def test_the_public_contest_page_keeps_its_budget_with_the_brand(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from hts.portal.home.models import PortalBrand

    PortalBrand.objects.create(region=world.city, name="深圳班主任网")
    contest = final_contest(world)
    client = Client()
    with django_assert_max_num_queries(4):  # the contest, its bureau's brand, the winners, the book
        page = client.get(f"/contest/{contest.uid}/").content.decode()
    assert "深圳班主任网" in page
    # Its bureau's portal menu leads the visitor back to the portal.
    assert f'href="/b/{world.city.code}/studios/"' in page
    with django_assert_max_num_queries(0):
        client.get(f"/contest/{contest.uid}/")
