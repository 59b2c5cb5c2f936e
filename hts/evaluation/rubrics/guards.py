"""Guards of rubric versions, asked by the pages and the services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hts.evaluation.rubrics.models import RubricVersion
from hts.evaluation.rubrics.selectors import version_in_use


def can_edit_version(version: RubricVersion) -> tuple[bool, str]:
    """A version is edited while it is a draft that no round or observation uses."""
    if version.status != RubricVersion.Status.DRAFT:
        return False, _("Only a draft version can be edited; edit makes the next draft of an active one.")
    if version_in_use(version):
        return False, _("This version is used by a round or an observation and is never changed.")
    return True, ""
