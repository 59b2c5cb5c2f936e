"""Demo notifications for `seed_demo`: the reminders of the demo date (today), and those of the eves of the
running studios' activities of the coming two weeks, so the demo host has something in their list. Idempotent (dedupe keys)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hts.activities.models import Activity
from hts.notifications.reminders import RUNNING, reminders_compute

# The eves of the activities of the coming two weeks are "computed" too.
UPCOMING_DAYS = 14


def seed_notifications() -> int:
    today = timezone.localdate()
    days = {today}
    now = timezone.now()
    for starts_at in Activity.objects.filter(
        starts_at__gt=now, starts_at__lt=now + dt.timedelta(days=UPCOMING_DAYS), studio__status__in=RUNNING
    ).values_list("starts_at", flat=True):
        days.add(timezone.localtime(starts_at).date() - dt.timedelta(days=1))
    created = 0
    for day in sorted(days):
        counts = reminders_compute(today=day)
        created += counts["activities"] + counts["quotas"]
    return created
