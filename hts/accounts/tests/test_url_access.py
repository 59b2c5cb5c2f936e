"""Every page states who may open it.

The walk visits every URL pattern (includes, recursively) and fails on a view that declares no
action of the matrix, with `action_required(...)` or, where the view checks the object inside,
`declares(...)`, unless it is a page about the signed-in person's own records (`signed_in`) or
stands on the short public list below.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from hts.accounts.access import declares
from hts.accounts.permissions import ACTIONS

# Pages anyone may open, each with why. Keep this list short: a new page declares its action.
PUBLIC: dict[str, str] = {
    "accounts-login": "signing in",
    "accounts-logout": "signing out",
    "accounts-password-change": "changing one's password (login_required: a forced change comes before any role)",
    "core-healthz": "the load balancer's health check",
    "core-data-inventory": "the personal data inventory: kinds of data, never records; visitors who leave a contact read it",
    "set_language": "Django's language switch (i18n)",
    "activities-checkin": "the check-in landing a QR code opens; it sends strangers to sign in",
    "activities-ics": "a person's calendar feed, opened by its signed token from a calendar app",
    "corps-verify": "certificate verification a QR code opens: four fields only, rate-limited",
    "evaluation-democratic-respond": "democratic-rating links: parents and pupils answer by a one-time token",
    # Portal home (issue 16): the bureau portal's public pages, cached, showing only what is published.
    "portal-root": "the public portal at /",
    "portal-sitemap": "the public sitemap",
    "portal-robots": "robots.txt",
    "portal-bureau": "a bureau's public portal",
    "portal-studios": "a bureau's public list of selected studios",
    "portal-notices": "a bureau's published notices",
    "portal-notice": "one published notice",
    "portal-notice-file": "a published notice's attachment",
    "portal-results": "selection results and the lists inside their public notice period",
    "portal-brand-logo": "a portal's logo",
    # Portal · comments and messages (issue 16 point 4): public pages and the public's form.
    "portal-comments-studio-board": "the first uid address of a studio's board: redirects to /s/<slug>/messages/",
    "portal-comments-bureau-board": "the first uid address of a bureau's board: redirects to /b/<code>/messages/",
    "portal-comments-publication": "the first uid address of an item's comments: redirects to its item page",
    "portal-bureau-messages": "a bureau's public message board on its portal (approved messages only, cached)",
    "portal-site-messages": "a studio's public message board on its website (approved messages only, cached)",
    "portal-comments-form": "the public's comment form: honeypot, time token, rate limit, held for moderation",
    "portal-publication": "a published item by its uid, on to its page on its studio's site (the public search links it)",
    "portal-contest-public": "an essay contest's final results, public once its 公示 is over (issue 16 point 7)",
    "portal-contest-book": "the book of a final contest's winning essays, published on the portal",
    # Portal, studio websites (issue 16): public pages, published rows only (hts/portal/sites/selectors.py).
    "portal-site-home": "a studio's website",
    "portal-site-section": "a section of a studio's website",
    "portal-site-album": "a studio's photo album",
    "portal-site-research": "a studio's research projects and verified achievements",
    "portal-site-item": "a published item of a studio's website",
    "portal-site-rss": "a studio's RSS feed",
    "portal-site-photo": "a published photo",
    "portal-site-photo-thumb": "a published photo's thumbnail",
    "portal-blog": "a member's public page",
    "portal-blog-photo": "the photo a member shows on their public page",
    # Portal search (issue 16 point 9).
    "portal-search": "the portal's public search: published publications only, GET, cached without a session",
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def _patterns() -> list[tuple[str, URLPattern]]:
    return list(_walk(get_resolver().url_patterns))


def _undeclared(patterns: list[tuple[str, URLPattern]]) -> list[str]:
    undeclared = []
    for route, pattern in patterns:
        view = pattern.callback
        if pattern.name in PUBLIC:
            continue
        if getattr(view, "required_actions", None) or getattr(view, "signed_in_only", False):
            continue
        undeclared.append(f"/{route} ({pattern.name}: {view.__module__}.{view.__name__})")
    return undeclared


def test_every_view_declares_its_action_or_is_on_the_public_list() -> None:
    undeclared = _undeclared(_patterns())
    assert not undeclared, "Views without a declared action:\n" + "\n".join(undeclared)


def test_the_walk_catches_a_view_that_declares_nothing() -> None:
    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    checked = declares("studio.view")(bare)
    urls = [path("bare/", bare, name="bare"), path("x/", include([path("checked/", checked, name="checked")]))]
    assert _undeclared(list(_walk(urls))) == [f"/bare/ (bare: {__name__}.bare)"]


def test_declared_actions_are_actions_of_the_matrix() -> None:
    unknown = {
        f"{pattern.name}: {action}"
        for _route, pattern in _patterns()
        for action in getattr(pattern.callback, "required_actions", ())
        if action not in ACTIONS
    }
    assert not unknown


def test_the_public_list_names_only_existing_views() -> None:
    names = {pattern.name for _route, pattern in _patterns()}
    assert set(PUBLIC) <= names


def test_the_walk_reaches_included_url_modules() -> None:
    routes = [route for route, _pattern in _patterns()]
    assert len(routes) > 100
    assert any(route.startswith("evaluation/") for route in routes)
