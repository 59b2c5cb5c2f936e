"""For cron, once a day: queue the step that marks studios past their cycle as expired (期满), or
with --now run it here.

10 0 * * *  cd /srv/hts && .venv/bin/python manage.py expire_studios
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hts.studios.services import studios_expire
from hts.studios.tasks import expire_studios


class Command(BaseCommand):
    help = "Queue (or with --now, run) the daily step that marks studios past their cycle as expired."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run here instead of queueing a task.")
        parser.add_argument("--date", default="", help="The day to run for (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from error
        if options["now"]:
            expired = studios_expire(today=dt.date.fromisoformat(day) if day else None)
            self.stdout.write(self.style.SUCCESS(f"{len(expired)} studios expired."))
            return
        result = expire_studios.enqueue(day)
        self.stdout.write(self.style.SUCCESS(f"Queued the expiry step (task {result.id}, {result.status})."))
