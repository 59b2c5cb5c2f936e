"""Official forms as PDF: HTML templates rendered by WeasyPrint with the system's CJK fonts."""

from __future__ import annotations

from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    # No protocol is allowed: the templates need nothing from outside, and the server must never
    # be made to open a URL (intranets have no internet; defence against request forgery).
    fetcher = URLFetcher(allowed_protocols=())
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
