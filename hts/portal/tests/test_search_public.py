"""The portal's public search (issue 16 point 9): published publications only, no session, cached."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hts.archives.models import Visibility
from hts.portal.models import Publication
from hts.portal.search_public import publication_indexed, publication_unindexed
from hts.portal.tests.search_world import new_item, search_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    # Public pages are cached per address across tests in one process: each test starts empty.
    cache.clear()


def _publication(team, title, status=Publication.Status.PUBLISHED, body="<p>家访的故事</p>"):
    pub = Publication.objects.create(
        studio=team.studio, section="story", status=status, author=team.member.teacher, title=title,
        body=body, published_at=timezone.now() if status == Publication.Status.PUBLISHED else None,
        return_note="再改改" if status == Publication.Status.RETURNED else "",
    )  # fmt: skip
    publication_indexed(pub)
    return pub


def _titles(client, q, kind=None):
    response = client.get(reverse("portal-search"), {"q": q})
    assert response.status_code == 200
    assert response.context is not None, "rendered afresh, not from the cache"
    groups = response.context["groups"] or []
    return response, [e.title for g in groups if kind in (None, g.kind.kind) for e in g.page.object_list]


def test_a_published_publication_is_found_by_word_pinyin_and_traditional_characters(world, client):
    team = search_team(world)
    _publication(team, "一次难忘的家访")
    for query in ("家访", "難忘", "chenjing", "cj 家访"):
        assert _titles(client, query, "publication")[1] == ["一次难忘的家访"], query
    # The page names the publication for every visitor, from the cache after the first.
    assert "一次难忘的家访" in client.get(reverse("portal-search"), {"q": "家访"}).content.decode()


@pytest.mark.parametrize("status", [Publication.Status.OFFERED, Publication.Status.RETURNED])
def test_what_is_not_published_is_never_found(world, client, status):
    team = search_team(world)
    _publication(team, "尚未发布的家访", status=status)
    assert _titles(client, "家访")[1] == []


def test_a_withdrawn_publication_is_no_longer_found(world, client):
    team = search_team(world)
    pub = _publication(team, "一次难忘的家访")
    pub.status = Publication.Status.WITHDRAWN
    pub.withdraw_reason = "家长撤回同意"
    pub.save()
    publication_unindexed(pub)
    assert _titles(client, "家访")[1] == []


def test_a_withdrawal_the_index_missed_still_hides_the_publication(world, client):
    team = search_team(world)
    pub = _publication(team, "一次难忘的家访")
    Publication.objects.filter(pk=pub.pk).update(status=Publication.Status.WITHDRAWN, withdraw_reason="x")
    assert _titles(client, "家访")[1] == []


def test_nothing_from_the_signed_in_index_reaches_the_public_search(world, client):
    team = search_team(world)
    new_item(team, "家访记录", "<p>家访</p>", visibility=Visibility.PUBLIC)
    new_item(team, "私人的家访", "<p>家访</p>", visibility=Visibility.PRIVATE)
    response, found = _titles(client, "家访")
    assert found == []
    assert "陈静" not in response.content.decode()


def test_the_public_search_is_cached_without_a_session_and_keeps_its_budget(
    world, client, django_assert_max_num_queries
):
    team = search_team(world)
    for n in range(12):
        _publication(team, f"家访的故事{n}")
    with django_assert_max_num_queries(4):  # one more finds the portal whose brand the page wears
        response = client.get(reverse("portal-search"), {"q": "家访"})
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "public" in response["Cache-Control"]
    with django_assert_max_num_queries(0):
        client.get(reverse("portal-search"), {"q": "家访"})


def test_the_public_search_answers_get_only(client, db):
    assert client.post(reverse("portal-search"), {"q": "家访"}).status_code == 405
