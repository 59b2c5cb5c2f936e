"""The portal's parts wired to each other, through the pages a visitor takes: a studio's item page carries its
comments, the site and the bureau portal carry their message boards, the portal links studios and featured
items to the studios' sites, the essay contests' results show on the portal, and the sitemap lists them all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hts.portal.comments.models import Comment
from hts.portal.contest.models import Contest
from hts.portal.models import Publication
from hts.portal.sites.services import site_ensure
from hts.portal.tests.contest_kit import essay_version
from testkit import World, client_for, make_running_studio

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _site(world: World) -> Any:
    studio = make_running_studio(world, name="向阳花名班主任工作室")
    return site_ensure(studio)


def _published(studio: Any, title: str = "家校共育案例", **extra: Any) -> Publication:
    data = {"section": "case", "status": "published", "published_at": timezone.now(), "body": "<p>正文</p>", **extra}
    return Publication.objects.create(studio=studio, title=title, **data)


def test_an_item_page_carries_its_comments_and_loads_the_form_as_a_fragment(
    world: World, django_assert_max_num_queries: Any
) -> None:
    site = _site(world)
    item = _published(site.studio)
    for n in range(12):
        Comment.objects.create(
            kind="comment", studio=site.studio, publication=item, name=f"家长{n}", body="很实用", status="approved"
        )
    Comment.objects.create(kind="comment", studio=site.studio, publication=item, name="甲", body="待审的评论")
    url = f"/s/{site.slug}/p/{item.uid}/"
    with django_assert_max_num_queries(8):
        page = Client().get(url)
    text = page.text
    assert page.status_code == 200 and text.count('data-testid="comment"') == 12 and "待审的评论" not in text
    assert "csrfmiddlewaretoken" not in text and not page.cookies
    assert f'hx-get="/comments/form/publication/{item.uid}/"' in text and "htmx.min.js" in text
    assert f'href="/s/{site.slug}/messages/"' in text  # the site's navigation leads to its board
    fragment = Client().get(f"/comments/form/publication/{item.uid}/", headers={"HX-Request": "true"})
    assert "csrfmiddlewaretoken" in fragment.text
    # The first address by uid leads here.
    moved = Client().get(f"/s/{site.studio.uid}/comments/{item.uid}/")
    assert moved.status_code == 301 and moved["Location"] == url


def test_the_studio_board_lives_on_its_site_and_the_queue_links_to_it(world: World) -> None:
    site = _site(world)
    item = _published(site.studio)
    Comment.objects.create(kind="message", studio=site.studio, name="家长", body="孩子磨蹭怎么办", status="approved")
    Comment.objects.create(kind="comment", studio=site.studio, publication=item, name="乙", body="待审")
    page = Client().get(f"/s/{site.slug}/messages/").text
    assert "孩子磨蹭怎么办" in page and 'data-testid="site-nav"' in page and "csrfmiddlewaretoken" not in page
    assert Client().get(f"/s/{site.studio.uid}/messages/")["Location"] == f"/s/{site.slug}/messages/"
    queue = client_for(world.teacher_user)
    assert f'href="/s/{site.slug}/p/{item.uid}/"' in queue.get("/comments/").text
    assert f'href="/s/{site.slug}/messages/"' in queue.get("/comments/?status=approved").text


def test_the_bureau_board_lives_on_the_bureau_portal(world: World) -> None:
    Comment.objects.create(kind="message", region=world.city, name="家长", body="请问报名时间？", status="approved")
    home = Client().get(f"/b/{world.city.code}/").text
    assert f'href="/b/{world.city.code}/messages/"' in home
    board = Client().get(f"/b/{world.city.code}/messages/")
    assert board.status_code == 200 and "请问报名时间？" in board.text
    assert "csrfmiddlewaretoken" not in board.text and "/comments/form/bureau/" in board.text
    assert client_for(world.district_staff).get("/comments/?status=approved").status_code == 200


def test_the_portal_links_studios_and_featured_items_to_the_sites(world: World) -> None:
    site = _site(world)
    item = _published(site.studio, "精选的案例", featured=True)
    _published(site.studio, "待审的文章", status="offered", published_at=None, featured=True)
    home = Client().get(f"/b/{world.city.code}/").text
    assert f'href="/s/{site.slug}/p/{item.uid}/"' in home and "待审的文章" not in home
    studios = Client().get(f"/b/{world.city.code}/studios/").text
    assert f'href="/s/{site.slug}/"' in studios


def _contest(world: World, status: str) -> Contest:
    return Contest.objects.create(
        title=f"班主任征文{status}", theme="我的班级", categories="论文", region=world.city,
        organiser_path=world.city.path, opens_on=TODAY - dt.timedelta(days=60),
        closes_on=TODAY - dt.timedelta(days=40), judging_until=TODAY - dt.timedelta(days=20),
        version=essay_version(), status=status, finalised_on=TODAY if status == "final" else None,
    )  # fmt: skip


def test_final_contests_show_on_the_portal_and_in_the_sitemap(world: World) -> None:
    final = _contest(world, Contest.Status.FINAL)
    judging = _contest(world, Contest.Status.JUDGING)
    site = _site(world)
    item = _published(site.studio)
    for path in (f"/b/{world.city.code}/", f"/b/{world.city.code}/results/"):
        page = Client().get(path).text
        assert f'href="/contest/{final.uid}/"' in page and judging.title not in page
    sitemap = Client().get("/sitemap.xml").text
    assert f"/contest/{final.uid}/" in sitemap and str(judging.uid) not in sitemap
    assert f"/s/{site.slug}/</loc>" in sitemap and f"/s/{site.slug}/p/{item.uid}/" in sitemap
    assert f"/b/{world.city.code}/messages/" in sitemap
