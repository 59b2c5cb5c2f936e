"""Rotating, signed check-in codes.

The organiser's screen shows a QR code for `checkin_url(activity, token)`. The token names the
activity and the current time slot and is signed with the site's key, so it can be neither forged
nor reused for another activity. A slot lasts ROTATE_SECONDS and a token is accepted in its own slot
and the one before: a photo relayed to someone elsewhere stops working within a minute.

Nothing here touches the database; services.py decides who may check in.
"""

from __future__ import annotations

import io
import time

import segno
from django.core import signing

ROTATE_SECONDS = 20
_SALT = "hts.activities.checkin"


def current_slot(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // ROTATE_SECONDS)


def make_token(activity_uid: str, *, now: float | None = None) -> str:
    return signing.dumps({"a": str(activity_uid), "s": current_slot(now)}, salt=_SALT, compress=False)


class BadToken(Exception):
    """The code is forged, for another activity, or too old; the message says which, for the user."""


def check_token(token: str, activity_uid: str, *, now: float | None = None) -> None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        raise BadToken("forged") from None
    if not isinstance(data, dict) or data.get("a") != str(activity_uid):
        raise BadToken("other_activity")
    slot = current_slot(now)
    if not isinstance(data.get("s"), int) or not slot - 1 <= data["s"] <= slot:
        raise BadToken("expired")


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, drawn here: an intranet has no outside QR service."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()
