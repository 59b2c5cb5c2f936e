"""Reads for the consent pages, each bounded in queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hts.accounts.access import can, get_scoped_or_404, scoped
from hts.classwork.models import ClassRef
from hts.portal.models import GuardianConsent

VIEW = "portal.consent.view"


def class_for(user: Any, action: str, uid: Any) -> ClassRef:
    """The class if `action` reaches it for `user`; 404 otherwise, the same for a bureau as for another
    class's head teacher, so no page says a class has pupils or consents."""
    if not can(user, action):
        raise Http404
    return get_scoped_or_404(user, action, ClassRef.objects.select_related("school__region"), uid=uid)


def consent_for(user: Any, action: str, uid: Any) -> GuardianConsent:
    if not can(user, action):
        raise Http404
    return get_scoped_or_404(
        user,
        action,
        GuardianConsent.objects.select_related("pupil__school_class__school", "school_class__school", "semester"),
        uid=uid,
    )


def classes_for(user: Any) -> QuerySet[ClassRef]:
    """The classes whose consents the user keeps, with the count of consents in force."""
    return (
        scoped(user, VIEW, ClassRef.objects.all())
        .select_related("school")
        .annotate(
            class_consents=Count(
                "guardian_consents", filter=Q(guardian_consents__withdrawn_on__isnull=True), distinct=True
            ),
            pupil_consents=Count(
                "pupils__consents", filter=Q(pupils__consents__withdrawn_on__isnull=True), distinct=True
            ),
        )
        .order_by("school__name", "grade", "name")
    )


def consents_of(school_class: Any) -> list[GuardianConsent]:
    """The class's consents, for the class and for each of its pupils, in force first."""
    rows = GuardianConsent.objects.filter(Q(school_class=school_class) | Q(pupil__school_class=school_class))
    consents = list(
        rows.select_related("pupil", "semester__school_year", "recorded_by", "withdrawn_by")
        .prefetch_related("scans")
        .order_by("-given_on", "-id")
    )
    # In force first (a NULL's place in ORDER BY differs between SQLite and PostgreSQL).
    return sorted(consents, key=lambda c: c.withdrawn_on is not None)
