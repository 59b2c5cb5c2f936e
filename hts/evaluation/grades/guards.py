"""Guards of grades and their consequences."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.evaluation.grades.models import YearlyFailure


def can_review_failure(failure: YearlyFailure, user: Any) -> tuple[bool, str]:
    if not can(user, "failure.review"):
        return False, _("You do not have permission to do this.")
    if failure.status != YearlyFailure.Status.REPORTED:
        return False, _("This result has already been decided.")
    return True, ""
