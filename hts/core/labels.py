"""Labels of stored codes for people to read.

Official documents (transcripts, exports, forms) are Chinese whatever the reader's language, and must
name a state or a type exactly as the pages do: both read the model's choices, never a second copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.utils import translation

DOCUMENT_LANGUAGE = "zh-hans"


def choice_label(choices: Iterable[tuple[Any, Any]], value: Any, *, language: str | None = None) -> str:
    """The label of `value` among `choices` (in `language`, else the active one); the value itself if unknown."""
    with translation.override(language) if language else nullcontext():
        for code, label in choices:
            if code == value:
                return str(label)
    return "" if value is None else str(value)


def document_label(choices: Iterable[tuple[Any, Any]], value: Any) -> str:
    """The Chinese label of `value`, for documents."""
    return choice_label(choices, value, language=DOCUMENT_LANGUAGE)
