"""Who may change what the bureau portal shows: `can_<verb>(obj, user) -> (ok, reason)`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.org.models import Region
from hts.portal.home.models import Notice
from hts.portal.models import Publication

MANAGE = "portal.home.manage"


def can_manage(region: Region, user: Any) -> tuple[bool, str]:
    if not can(user, MANAGE, region):
        return False, _("Only the bureau of this region (or one above it) keeps its portal.")
    if not hasattr(region, "bureau"):
        return False, _("This region has no bureau, so it has no portal.")
    return True, ""


def can_publish_notice(notice: Notice, user: Any) -> tuple[bool, str]:
    ok, reason = can_manage(notice.region, user)
    if not ok:
        return ok, reason
    if notice.status == Notice.Status.PUBLISHED:
        return False, _("The notice is already published.")
    return True, ""


def can_feature(publication: Publication, region: Region, user: Any) -> tuple[bool, str]:
    ok, reason = can_manage(region, user)
    if not ok:
        return ok, reason
    if not publication.is_public:
        return False, _("Only a published item can be featured on the portal.")
    if not publication.studio.host_school.region.path.startswith(region.path):
        return False, _("The item belongs to a studio outside this region.")
    return True, ""
