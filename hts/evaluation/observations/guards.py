"""Guards of observations, asked by the pages and the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.evaluation.observations import selectors
from hts.evaluation.observations.models import Observation


def can_close(observation: Observation, user: Any) -> tuple[bool, str]:
    if observation.status != Observation.Status.OPEN:
        return False, _("This observation is already closed.")
    if not selectors.may_organise(user, observation):
        return False, _("Only the organiser closes an observation.")
    if not observation.observers.filter(submitted_at__isnull=False).exists():
        return False, _("No observer has scored every item yet.")
    return True, ""
