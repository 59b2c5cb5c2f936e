"""What the comments' tests share: a clean cache (the rate limit and the cached pages live there), the
form's time check off, a published item of a running studio, and a post as a visitor would send it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hts.portal.comments.models import Comment
from hts.portal.models import PortalPolicy, Publication
from hts.portal.sites.services import site_ensure
from testkit import World, make_running_studio


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any) -> Any:
    settings.PORTAL_COMMENT_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def published(studio: Any, title: str = "家校共育案例") -> Publication:
    return Publication.objects.create(
        studio=studio,
        section="case",
        status=Publication.Status.PUBLISHED,
        title=title,
        body="<p>案例正文</p>",
        published_at=timezone.now(),
    )


def studio_of(world: World, **kwargs: Any) -> Any:
    """A studio with its website (the comments' threads live there), when its state gives it one."""
    studio = make_running_studio(world, **kwargs)
    site_ensure(studio)
    return studio


def policy(region: Any, words: str = "", per_hour: int = 5) -> PortalPolicy:
    return PortalPolicy.objects.create(region=region, sensitive_words=words, comments_per_hour=per_hour)


def form_url(kind: str, uid: Any) -> str:
    return f"/comments/form/{kind}/{uid}/"


def token_from(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def send(
    client: Client, kind: str, uid: Any, *, body: str, name: str = "访客", contact: str = "", ip: str = "10.0.0.1",
    htmx: bool = False, **extra: str,
) -> Any:  # fmt: skip
    """Loads the form (as the page's htmx does) and posts it back from `ip`."""
    headers = {"HX-Request": "true"} if htmx else {}
    page = client.get(form_url(kind, uid), REMOTE_ADDR=ip, headers=headers)
    data = {"name": name, "contact": contact, "body": body, "website": "", "token": token_from(page.text), **extra}
    return client.post(form_url(kind, uid), data, REMOTE_ADDR=ip, headers=headers)


def held(**lookup: Any) -> Comment:
    return Comment.objects.get(status=Comment.Status.HELD, **lookup)
