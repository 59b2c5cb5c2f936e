"""The holder's certificates on their profile (org's profile_facts registry)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.corps.certificates.models import CertificateState
from hts.corps.certificates.selectors import holder_certificates
from hts.org.profile_facts import ProfileFact

TONES = {
    CertificateState.VALID: "success",
    CertificateState.EXPIRING: "warning",
    CertificateState.EXPIRED: "secondary",
    CertificateState.REVOKED: "danger",
}


def certificate_facts(teacher: Any) -> list[ProfileFact]:
    facts = []
    for certificate in holder_certificates(teacher):
        state = certificate.current_state  # type: ignore[attr-defined]
        text = _("No. %(number)s, %(state)s") % {"number": certificate.number, "state": CertificateState(state).label}
        if certificate.valid_until:
            text += _(", valid until %(date)s") % {"date": certificate.valid_until.isoformat()}
        if certificate.revocation_reason:
            text += _(" (reason: %(reason)s)") % {"reason": certificate.revocation_reason}
        facts.append(
            ProfileFact(label=certificate.get_kind_display(), text=text, tone=TONES[state], testid="corps-certificate")
        )
    return facts
