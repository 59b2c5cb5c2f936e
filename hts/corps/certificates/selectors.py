"""Reads of certificates: lists in the reader's scope, one certificate, its state under its issuer's
policy, and the public verification by token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from hts.accounts.access import get_scoped_or_404, scoped
from hts.corps.certificates.models import Certificate, CertificateState
from hts.corps.models import CorpsPolicy
from hts.org.calendar import lineage_paths
from hts.org.models import Region, Teacher

ISSUE_CANDIDATES_SHOWN = 200


def expiring_days_by_region(regions: Iterable[Region]) -> dict[int, int | None]:
    """Each region's `expiring_within_days` from its nearest policy, all in one query."""
    regions = list({region.pk: region for region in regions}.values())
    paths = {path for region in regions for path in lineage_paths(region.path)}
    policies = {
        path: days
        for path, days in CorpsPolicy.objects.filter(region__path__in=paths).values_list(
            "region__path", "expiring_within_days"
        )
    }
    found: dict[int, int | None] = {}
    for region in regions:
        found[region.pk] = next(
            (policies[path] for path in reversed(lineage_paths(region.path)) if path in policies), None
        )
    return found


def with_states(certificates: list[Certificate], today: dt.date | None = None) -> list[Certificate]:
    """Sets `.current_state` on each (one query for the policies); issuers must be loaded."""
    if not certificates:
        return certificates
    today = today or timezone.localdate()
    days = expiring_days_by_region(certificate.issuer for certificate in certificates)
    for certificate in certificates:
        certificate.current_state = certificate.state(today, days[certificate.issuer_id])  # type: ignore[attr-defined]
    return certificates


def certificates_for(user: Any, *, kind: str = "", query: str = "") -> Any:
    found = scoped(user, "corps.certificate.view", Certificate.objects.all()).select_related("holder__school", "issuer")
    if kind:
        found = found.filter(kind=kind)
    if query:
        found = found.filter(Q(holder__name__icontains=query) | Q(number__icontains=query))
    return found.order_by("-issued_on", "-number")


def certificate_get(user: Any, uid: str, action: str = "corps.certificate.view") -> Certificate:
    certificate: Certificate = get_scoped_or_404(
        user, action, Certificate.objects.select_related("holder__school", "issuer", "issued_by"), uid=uid
    )
    with_states([certificate])
    return certificate


def certificate_by_token(token: str) -> Certificate:
    certificate = Certificate.objects.select_related("holder", "issuer").filter(token=token).first()
    if certificate is None:
        raise Http404
    with_states([certificate])
    return certificate


def issue_candidates(user: Any, region: Region, query: str = "") -> list[Teacher]:
    """Teachers in `region`'s subtree the user may issue to, by school and name."""
    found = scoped(user, "corps.certificate.issue", Teacher.objects.all()).filter(
        school__region__path__startswith=region.path
    )
    if query:
        found = found.filter(Q(name__icontains=query) | Q(school__name__icontains=query))
    # The school's region: the issue checks each chosen teacher is in the bureau's subtree.
    return list(found.select_related("school__region").order_by("school__name", "name")[:ISSUE_CANDIDATES_SHOWN])


def holder_certificates(teacher: Teacher) -> list[Certificate]:
    return with_states(list(Certificate.objects.filter(holder=teacher).select_related("issuer")))


def expiring_certificates(today: dt.date) -> list[Certificate]:
    """Live certificates whose validity ends within their issuer's window (for the daily notice)."""
    live = list(
        Certificate.objects.filter(
            revoked_at__isnull=True, valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=365)
        ).select_related("issuer", "holder__user")
    )
    return [c for c in with_states(live, today) if c.current_state == CertificateState.EXPIRING]  # type: ignore[attr-defined]
