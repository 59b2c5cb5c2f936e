"""The host rewords the studio's theme (issue 16 point 9): audited, re-indexed for both searches, the
website's cached home renewed; nobody else may, and a closed studio's theme stays."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from hts.core.models import AuditEntry
from hts.portal.sites.services import site_ensure
from hts.studios.models import Membership, Studio
from testkit import client_for, make_running_studio, make_teacher, make_user

pytestmark = pytest.mark.django_db


def _public(q: str) -> list[str]:
    cache.clear()
    groups = Client().get(reverse("portal-search"), {"q": q}).context["groups"] or []
    return [e.title for g in groups for e in g.page.object_list]


def test_the_host_changes_the_theme_and_both_searches_and_the_website_follow(world):
    cache.clear()
    studio = make_running_studio(world)
    site = site_ensure(studio)
    host = client_for(world.teacher_user)
    detail = host.get(reverse("studios-studio-detail", kwargs={"uid": studio.uid})).content.decode()
    url = reverse("studios-theme", kwargs={"uid": studio.uid})
    assert url in detail
    home = reverse("portal-site-home", kwargs={"slug": site.slug})
    assert "劳动教育" not in Client().get(home).content.decode()  # cached now
    response = host.post(url, {"theme": "劳动教育的班级实践"})
    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.theme == "劳动教育的班级实践"
    entry = AuditEntry.objects.get(action="studios.studio.updated")
    assert entry.changes == {"theme": ["t", "劳动教育的班级实践"]}
    assert "劳动教育的班级实践" in Client().get(home).content.decode()  # the cache was renewed
    assert _public("劳动教育") == [studio.name]
    found = client_for(world.city_staff).get(reverse("search-all"), {"q": "劳动教育"}).context["groups"]
    assert [e.title for g in found if g.kind.kind == "studio" for e in g.page.object_list] == [studio.name]


def test_only_the_host_may_change_the_theme(world):
    studio = make_running_studio(world)
    member = make_teacher(world.school_a, "陈静")
    Membership.objects.create(studio=studio, role="member", teacher=member, status="active")
    url = reverse("studios-theme", kwargs={"uid": studio.uid})
    for user in (make_user("member", teacher=member), world.district_staff):
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"theme": "改掉"}).status_code == 403
    assert client_for(world.outsider_teacher_user).post(url, {"theme": "改掉"}).status_code in (403, 404)
    studio.refresh_from_db()
    assert studio.theme == "t"
    assert not AuditEntry.objects.filter(action="studios.studio.updated").exists()


def test_a_closed_studios_theme_stays(world):
    studio = make_running_studio(world, status=Studio.Status.EXPIRED)
    host = client_for(world.teacher_user)
    url = reverse("studios-theme", kwargs={"uid": studio.uid})
    assert "只有运行中的工作室" in host.get(url).content.decode()
    response = host.post(url, {"theme": "改掉"})
    assert response.status_code == 200
    studio.refresh_from_db()
    assert studio.theme == "t"


def test_a_theme_stored_too_long_is_not_saved_again_as_it_is(world):
    # A theme over the limit that the studio already holds (SQLite does not enforce a column's
    # length) must be refused when saved again unchanged, not pass as "nothing to do".
    from django.core.exceptions import ValidationError

    from hts.studios.services import studio_theme_update

    studio = make_running_studio(world)
    studio.theme = "长" * 130
    with pytest.raises(ValidationError) as refused:
        studio_theme_update(actor=world.teacher_user, studio=studio, theme=studio.theme)
    assert "120" in str(refused.value)
