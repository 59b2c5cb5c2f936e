"""The check every public page's test runs on what it got (issue 16 point 8: "teachers' mobile numbers and
any pupil data never reach a public page").

    from hts.portal.tests.public_checks import assert_public_page_clean
    assert_public_page_clean(response.content.decode())               # every pupil on the class lists
    assert_public_page_clean(html, names={"张晓明"})                    # or the names you give

It reads the whole answer, markup, attributes and scripts included (a name in an alt text or a share
card is as public as one in a paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A mainland mobile number, not inside a longer run of digits (an id, a timestamp).
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def class_list_names() -> set[str]:
    """Every name on a class list that is not anonymised yet (needs the database)."""
    from hts.classwork.models import Pupil

    return set(Pupil.objects.filter(anonymised_on__isnull=True).values_list("name", flat=True))


def _around(html: str, start: int, end: int) -> str:
    return html[max(0, start - 60) : end + 60].replace("\n", " ")


def assert_public_page_clean(html: str | bytes, names: Iterable[str] | None = None) -> None:
    """Fails on a mobile number, or on any of `names` (default: every name on the class lists)."""
    text = html.decode() if isinstance(html, bytes) else html
    mobile = MOBILE.search(text)
    assert mobile is None, f"a mobile number on a public page: …{_around(text, mobile.start(), mobile.end())}…"
    for name in sorted(class_list_names() if names is None else set(names), key=len, reverse=True):
        if len(name) < 2:
            continue
        at = text.find(name)
        assert at < 0, f"a pupil's name ({name}) on a public page: …{_around(text, at, at + len(name))}…"
