"""For cron, once a day: queue the day's reminders for the task worker, or with --now send them here.

15 6 * * *  cd /srv/hts && .venv/bin/python manage.py send_reminders
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hts.activities.reminders import reminders_compute
from hts.activities.tasks import send_daily_reminders


class Command(BaseCommand):
    help = "Queue (or with --now, send) the daily reminders of upcoming activities and quotas about to be missed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Compute and send here instead of queueing a task.")
        parser.add_argument("--date", default="", help="The day to compute for (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from error
        if options["now"]:
            counts = reminders_compute(today=dt.date.fromisoformat(day) if day else None)
            self.stdout.write(
                self.style.SUCCESS(f"Sent {counts['activities']} activity and {counts['quotas']} quota reminders.")
            )
            return
        result = send_daily_reminders.enqueue(day)
        self.stdout.write(self.style.SUCCESS(f"Queued the daily reminders (task {result.id}, {result.status})."))
