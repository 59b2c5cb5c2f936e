"""For cron, once a day: queue the step that erases the contact a visitor left on a comment or message
30 days after its moderation (90 days after it was left, if never moderated), or with --now run it here.

35 0 * * *  cd /srv/hts && .venv/bin/python manage.py erase_comment_contacts
"""

from __future__ import annotations

import datetime as dt

from hts.core.daily_step import DailyStepCommand
from hts.portal.comments.retention import comment_contacts_erase_due
from hts.portal.tasks import erase_comment_contacts


class Command(DailyStepCommand):
    help = "Queue (or with --now, run) the daily step that erases visitors' contacts on moderated comments."
    task = erase_comment_contacts
    queued = "Queued the step that erases comment contacts"

    def run_now(self, day: dt.date | None) -> str:
        return f"{comment_contacts_erase_due(day)} contacts erased."
