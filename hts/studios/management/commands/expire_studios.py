"""For cron, once a day: queue the step that marks studios past their cycle as expired (期满), or
with --now run it here.

10 0 * * *  cd /srv/hts && .venv/bin/python manage.py expire_studios
"""

from __future__ import annotations

import datetime as dt

from hts.core.daily_step import DailyStepCommand
from hts.studios.services import studios_expire
from hts.studios.tasks import expire_studios


class Command(DailyStepCommand):
    help = "Queue (or with --now, run) the daily step that marks studios past their cycle as expired."
    task = expire_studios
    queued = "Queued the expiry step"

    def run_now(self, day: dt.date | None) -> str:
        return f"{len(studios_expire(today=day))} studios expired."
