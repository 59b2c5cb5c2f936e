"""The attributes that turn a textarea into the small rich-text editor of static/archives/editor.js,
its toolbar labelled in the page's language. Archive items, forum posts and portal notices share it;
the server still cleans what it sends (`hts.archives.sanitise.clean_html`)."""

from __future__ import annotations

import json
import re

from django.utils.html import escape, linebreaks
from django.utils.translation import gettext, pgettext

from hts.archives.sanitise import clean_html

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def rich_editor_attrs(rows: int = 10) -> dict[str, str]:
    labels = {
        "bold": gettext("Bold"),
        "italic": gettext("Italic"),
        "h3": gettext("Heading"),
        "p": gettext("Paragraph"),
        "insertUnorderedList": gettext("Bulleted list"),
        "insertOrderedList": gettext("Numbered list"),
        # Shows the markup itself; named in words a teacher reads, not the format's name.
        "source": pgettext("rich-text editor", "Source"),
        "text": gettext("Text"),
    }
    return {"rows": str(rows), "data-rich-editor": json.dumps(labels, ensure_ascii=False)}


def editor_html(text: str) -> str:
    """What is stored and shown: the editor's HTML cleaned, or plain text (typed without JavaScript)
    escaped with its paragraphs and lines kept. Scripts, event handlers and javascript: links never
    survive either way."""
    text = (text or "").strip()
    if _TAG.search(text):
        return clean_html(text)
    return clean_html(linebreaks(escape(text))) if text else ""
