"""How long a visitor's contact on a comment or message is kept, and the daily step that erases it.

The contact (an e-mail or a number a visitor may leave) is for the moderator alone, to ask about the
comment before deciding or answering. Once the comment is decided the reply is public, so the contact
has served: it is erased ``CONTACT_KEPT_DAYS`` after the decision, and at the latest
``HELD_CONTACT_KEPT_DAYS`` after it was left, should nobody ever decide. One number for the platform,
not a region's policy: it is no rule a bureau sets for its public (as the sensitive words and the rate
limit are, in ``PortalPolicy``) but the least keeping PIPL 第十九条 asks for a purpose that ends with the
decision. The comment itself (nickname, text) stays, as the public page shows it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hts.core.audit import audit_record
from hts.portal.comments.models import Comment

CONTACT_KEPT_DAYS = 30
HELD_CONTACT_KEPT_DAYS = 90


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def comment_contacts_erase_due(today: dt.date | None = None) -> int:
    """The daily step: erase the contact of each comment decided `CONTACT_KEPT_DAYS` ago (or left
    `HELD_CONTACT_KEPT_DAYS` ago and still held); returns how many were erased. One audit entry for the
    step, naming no contact."""
    today = today or timezone.localdate()
    decided_before = _start_of(today - dt.timedelta(days=CONTACT_KEPT_DAYS - 1))
    left_before = _start_of(today - dt.timedelta(days=HELD_CONTACT_KEPT_DAYS - 1))
    due = Comment.objects.exclude(contact="").filter(
        Q(decided_at__lt=decided_before) | Q(decided_at__isnull=True, created_at__lt=left_before)
    )
    with transaction.atomic():
        ids = list(due.select_for_update(of=("self",)).values_list("pk", flat=True))
        if not ids:
            return 0
        Comment.objects.filter(pk__in=ids).update(contact="", updated_at=timezone.now())
        audit_record(
            actor="system",
            action="portal.comment.contacts_erased",
            target_label=today.isoformat(),
            region_path="",
            changes={"comments": len(ids), "kept_days": CONTACT_KEPT_DAYS, "held_days": HELD_CONTACT_KEPT_DAYS},
        )
    return len(ids)
