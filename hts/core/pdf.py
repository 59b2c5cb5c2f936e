"""Official forms as PDF: HTML templates rendered by WeasyPrint with the system's CJK fonts."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


def render_pdf(template: str, context: dict[str, object], *, url_fetcher: Any = None) -> bytes:
    """`url_fetcher`: a weasyprint URLFetcher that serves the document's own images (e.g. stored
    thumbnails under a private scheme); it must refuse every real protocol as the default one does."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    # No protocol is allowed: the templates need nothing from outside, and the server must never
    # be made to open a URL (intranets have no internet; defence against request forgery).
    fetcher = url_fetcher if url_fetcher is not None else URLFetcher(allowed_protocols=())
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
