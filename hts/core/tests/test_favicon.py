"""Every page names the platform's icon, so a browser tab or a bookmark shows it (and no 404 for
/favicon.ico fills the logs)."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders


def test_every_page_links_the_favicon_and_it_is_a_static_file(client: Any, db: Any) -> None:
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b'rel="icon" href="/static/favicon.svg"' in page.content
    icon = finders.find("favicon.svg")
    assert icon is not None
    with open(icon, "rb") as handle:
        assert handle.read().lstrip().startswith(b"<svg")
