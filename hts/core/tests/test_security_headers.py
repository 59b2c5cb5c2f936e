"""Production sends a Content-Security-Policy that allows scripts from this origin only, and a
Permissions-Policy (issue 13, point 15); no template carries an inline script or event handler,
which that policy would silently block."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from testkit import World, client_for


def test_every_response_carries_the_policies(world: World) -> None:
    for response in (Client().get("/accounts/login/"), client_for(world.district_staff).get("/org/schools/")):
        csp = response["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "default-src 'self'" in csp
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "http" not in csp  # nothing comes from a CDN
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JS_URL = re.compile(r"href\s*=\s*[\"']javascript:", re.IGNORECASE)


def _page_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = list((base / "templates").rglob("*.html")) + list((base / "hts").rglob("templates/**/*.html"))
    # Documents rendered to PDF on the server are not pages a browser runs.
    return [path for path in found if "/documents/" not in str(path)]


def test_no_template_has_an_inline_script_or_handler() -> None:
    offenders = []
    for path in _page_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            offenders += [f"{path}: {match.group(0)}" for match in pattern.finditer(text)]
    assert offenders == []
