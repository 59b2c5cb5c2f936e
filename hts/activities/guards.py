"""States an activity write needs, shared by the pages and the services: `can_<verb>(obj, ...) -> (bool, reason)`.

Whether the studio is open at all is asked of studios (`studio_open_for`), the one answer every
app gives for a revoked or expired studio."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from hts.activities.models import Activity
from hts.studios.guards import studio_open_for
from hts.studios.models import Studio

Answer = tuple[bool, str]


def can_take_records(studio: Studio, work: str = "activity", *, day: dt.date | None = None) -> Answer:
    """Activities are organised and attendance recorded only while the studio runs, within its cycle."""
    return studio_open_for(studio, work, year=day.year if day else None)


def can_check_in(activity: Activity) -> Answer:
    """A check-in (by code or by hand) credits hours: only for an activity that was not cancelled and,
    for a studio's, under a studio that is open, in a year of its cycle (a studio's closing does not
    touch a school's or bureau's activities)."""
    if activity.cancelled_at:
        return False, _("This activity was cancelled: %(reason)s") % {"reason": activity.cancel_reason or "—"}
    if activity.studio is None:
        return True, ""
    return can_take_records(activity.studio, "checkin", day=timezone.localtime(activity.starts_at).date())
