"""Rotating, signed check-in codes.

The organiser's screen shows a QR code for the activity's check-in URL with a token. The token
names the current time slot and the activity and carries an HMAC under the site's key, so it can be
neither forged nor reused for another activity. A slot lasts ROTATE_SECONDS and a token is accepted in its own slot
and the one before: a photo relayed to someone elsewhere stops working within a minute.

Nothing here touches the database; services.py decides who may check in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import time

import segno
from django.conf import settings

ROTATE_SECONDS = 20
_SALT = b"hts.activities.checkin"


def current_slot(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // ROTATE_SECONDS)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _mac(activity_uid: str, slot: int) -> str:
    key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()
    return _b64(hmac.new(key, f"{activity_uid}:{slot}".encode(), hashlib.sha256).digest()[:12])


def _fingerprint(activity_uid: str) -> str:
    # Names the activity without the whole UUID, so a code of another activity is told apart from a forged one.
    return _b64(hashlib.sha256(str(activity_uid).encode()).digest()[:3])


def make_token(activity_uid: str, *, now: float | None = None) -> str:
    """A short code (about 30 characters: a small QR code scans from the back of a room): the time
    slot, the activity's fingerprint and a 96-bit HMAC of both under the site's key."""
    slot = current_slot(now)
    return f"{slot:x}.{_fingerprint(activity_uid)}.{_mac(str(activity_uid), slot)}"


class BadToken(Exception):
    """The code is forged, for another activity, or too old; the message says which, for the user."""


def check_token(token: str, activity_uid: str, *, now: float | None = None) -> None:
    try:
        slot_hex, fingerprint, mac = token.split(".")
        slot_of_token = int(slot_hex, 16)
    except ValueError:
        raise BadToken("forged") from None
    if not hmac.compare_digest(fingerprint, _fingerprint(activity_uid)):
        raise BadToken("other_activity")
    if not hmac.compare_digest(mac, _mac(str(activity_uid), slot_of_token)):
        raise BadToken("forged")
    slot = current_slot(now)
    if not slot - 1 <= slot_of_token <= slot:
        raise BadToken("expired")


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, drawn here: an intranet has no outside QR service."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()
