"""Rich text of archive items: only a small safe set of tags survives (no scripts, handlers or javascript: URLs)."""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def clean_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
