"""What a browser trial of the public face found (issue 16), each held by a test through the user's path."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hts.portal.models import Publication
from hts.portal.tests.sites_kit import Site, site_fixture  # noqa: F401  (the fixture)
from hts.portal.tests.test_sites_flow import offer_case, publish, site_slug
from testkit import client_for

pytestmark = pytest.mark.django_db

NUMBER = "13912345678"


def test_a_mobile_number_in_published_text_is_masked_everywhere_the_public_reads(
    site: Site, django_capture_on_commit_callbacks
) -> None:
    site.case.body = f"<p>家长联系电话{NUMBER}，欢迎交流。</p>"
    site.case.save()
    publication = offer_case(site)
    step = client_for(site.host).get(reverse("portal-sites-publish", args=[publication.uid])).content.decode()
    assert "139****5678" in step and "手机号码" in step
    with django_capture_on_commit_callbacks(execute=True):
        publish(site, publication)
    visitor = Client()
    for url in (
        reverse("portal-site-item", args=[site_slug(site), publication.uid]),
        reverse("portal-site-rss", args=[site_slug(site)]),
    ):
        page = visitor.get(url).content.decode()
        assert NUMBER not in page, url
    # The number finds nothing in the public search (the box echoes what was typed, nothing more).
    assert publication.title not in visitor.get(reverse("portal-search"), {"q": NUMBER}).content.decode()
    assert publication.title in visitor.get(reverse("portal-search"), {"q": "案例"}).content.decode()
    assert (
        "139****5678"
        in visitor.get(reverse("portal-site-item", args=[site_slug(site), publication.uid])).content.decode()
    )


def test_the_comment_form_of_an_item_never_published_is_404_and_a_withdrawn_one_keeps_its_title(
    site: Site,
) -> None:
    offered = offer_case(site)
    form_url = reverse("portal-comments-form", args=["publication", offered.uid])
    assert Client().get(form_url).status_code == 404
    publish(site, offered)
    client_for(site.member).post(reverse("portal-sites-withdraw", args=[offered.uid]), {"reason": "再改改"})
    offered.refresh_from_db()
    assert offered.status == Publication.Status.WITHDRAWN
    page = Client().get(form_url)
    assert page.status_code == 200 and offered.title not in page.content.decode()


def test_a_search_result_leads_to_the_items_page_and_public_pages_are_asked_again_each_time(site: Site) -> None:
    publication = offer_case(site)
    publish(site, publication)
    visitor = Client()
    answer = visitor.get(reverse("portal-publication", args=[publication.uid]))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("portal-site-item", args=[site_slug(site), publication.uid])
    item = visitor.get(answer["Location"])
    assert "no-cache" in item["Cache-Control"] and "max-age" not in item["Cache-Control"]
    # Withdrawn: its address by uid leads nowhere.
    client_for(site.member).post(reverse("portal-sites-withdraw", args=[publication.uid]), {"reason": "再改改"})
    assert visitor.get(reverse("portal-publication", args=[publication.uid])).status_code == 404
