"""For cron, once a day: queue the day's reminders for the task worker, or with --now send them here.

15 6 * * *  cd /srv/hts && .venv/bin/python manage.py send_reminders
"""

from __future__ import annotations

import datetime as dt

from hts.activities.reminders import reminders_compute
from hts.activities.tasks import send_daily_reminders
from hts.core.daily_step import DailyStepCommand


class Command(DailyStepCommand):
    help = "Queue (or with --now, send) the daily reminders of upcoming activities and quotas about to be missed."
    task = send_daily_reminders
    queued = "Queued the daily reminders"

    def run_now(self, day: dt.date | None) -> str:
        counts = reminders_compute(today=day)
        return f"Sent {counts['activities']} activity and {counts['quotas']} quota reminders."
