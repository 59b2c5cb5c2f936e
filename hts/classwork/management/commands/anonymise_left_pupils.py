"""For cron, once a day: queue the step that anonymises the records of pupils who left their class the
region's `anonymise_after_days` ago (class work policy), or with --now run it here.

30 0 * * *  cd /srv/hts && .venv/bin/python manage.py anonymise_left_pupils
"""

from __future__ import annotations

import datetime as dt

from hts.classwork.retention import pupils_anonymise_due
from hts.classwork.tasks import anonymise_left_pupils
from hts.core.daily_step import DailyStepCommand


class Command(DailyStepCommand):
    help = "Queue (or with --now, run) the daily step that anonymises the records of pupils who left long enough ago."
    task = anonymise_left_pupils
    queued = "Queued the anonymisation step"

    def run_now(self, day: dt.date | None) -> str:
        return f"{len(pupils_anonymise_due(day))} pupils anonymised."
