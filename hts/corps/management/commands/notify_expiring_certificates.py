"""Daily (cron, beside send_reminders): tell each holder once that a certificate enters its issuer's
expiring window (policy `expiring_within_days`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hts.corps.certificates.services import notify_expiring


class Command(BaseCommand):
    help = "Notify holders of certificates about to expire."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        self.stdout.write(f"{notify_expiring(today)}")
