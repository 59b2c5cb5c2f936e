"""The shape of a cron command for a daily step: queue it for the task worker, or with --now run it here,
for a given --date or today. Each app's command names its task, its step and what to print."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class DailyStepCommand(BaseCommand):
    """Subclasses set `task` (a django-tasks task taking the day as "YYYY-MM-DD" or "") and `queued`
    (printed with the task's id and status), and implement `run_now(day)`, returning what to print."""

    task: Any
    queued: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run here instead of queueing a task.")
        parser.add_argument("--date", default="", help="The day to run for (YYYY-MM-DD); default today.")

    def run_now(self, day: dt.date | None) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        try:
            parsed = dt.date.fromisoformat(day) if day else None
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from error
        if options["now"]:
            self.stdout.write(self.style.SUCCESS(self.run_now(parsed)))
            return
        result = self.task.enqueue(day)
        self.stdout.write(self.style.SUCCESS(f"{self.queued} (task {result.id}, {result.status})."))
