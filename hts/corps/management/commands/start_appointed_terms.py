"""For cron, once a day: an appointee whose term (聘期) has begun becomes their class's head teacher
(accepting a letter for a term to come records the service but leaves the class with its present head
teacher until the term's first day).

5 0 * * *  cd /srv/hts && .venv/bin/python manage.py start_appointed_terms
"""

from __future__ import annotations

import datetime as dt

from hts.core.daily_step import DailyStepCommand
from hts.corps.appointment.acceptance import terms_start
from hts.corps.appointment.tasks import start_appointed_terms


class Command(DailyStepCommand):
    help = "Queue (or with --now, run) the step that hands classes to appointees whose term has begun."
    task = start_appointed_terms
    queued = "Queued the start of appointed terms"

    def run_now(self, day: dt.date | None) -> str:
        return f"{terms_start(day)} classes handed to their appointed head teachers."
