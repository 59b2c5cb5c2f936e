"""States a research write needs, shared by the pages and the services: `can_<verb>(obj, ...) -> (bool, reason)`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hts.studios.models import Studio

Answer = tuple[bool, str]


def can_take_records(studio: Studio) -> Answer:
    """A revoked, completed or refused studio is read-only: no new project, no change to one."""
    if not studio.accepts_records:
        return False, _("%(name)s is %(status)s and takes no new records.") % {
            "name": studio,
            "status": studio.get_status_display(),
        }
    return True, ""
