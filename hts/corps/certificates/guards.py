"""Whether a certificate may be revoked or reinstated now: asked by the service to refuse and by the
page to show or explain the button."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.corps.certificates.models import Certificate


def can_revoke(certificate: Certificate, user: Any = None) -> tuple[bool, str]:
    if certificate.revoked_at is not None:
        return False, _("This certificate is already revoked.")
    return True, ""


def can_reinstate(certificate: Certificate, user: Any = None) -> tuple[bool, str]:
    if certificate.revoked_at is None:
        return False, _("Only a revoked certificate is reinstated.")
    return True, ""
