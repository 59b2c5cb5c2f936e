"""For cron, once a day: remind head teachers behind on training (001 二 4: the yearly school course,
the county course every few years); each hears of a reason at most once a week.

25 6 * * *  cd /srv/hts && .venv/bin/python manage.py remind_training_behind
"""

from __future__ import annotations

import datetime as dt

from hts.core.daily_step import DailyStepCommand
from hts.corps.training.services import remind_behind
from hts.corps.training.tasks import remind_training_behind


class Command(DailyStepCommand):
    help = "Queue (or with --now, send) reminders to head teachers behind on training."
    task = remind_training_behind
    queued = "Queued the training reminders"

    def run_now(self, day: dt.date | None) -> str:
        return f"Sent {remind_behind(day)} training reminders."
