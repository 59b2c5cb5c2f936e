"""Deciding an objection of a 公示, shared by competitive appointment and honours selection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, claim
from hts.corps.objections.models import ObjectionBase
from hts.notifications.services import Message, notifications_send

ObjectionT = TypeVar("ObjectionT", bound=ObjectionBase)
OPEN = ObjectionBase.Status.OPEN


@transaction.atomic
def objection_decide(
    *,
    actor: Any,
    objection: ObjectionT,
    upheld: bool,
    decision: str,
    action: str,
    apply: Callable[[ObjectionT], None],
    notice: Callable[[ObjectionT], tuple[str, str, str]],
) -> ObjectionT:
    """Decides an open objection once, with its reason: `apply` does what the decision means for the
    list (called inside the transaction), `notice` gives the objector's notification (title, url,
    dedupe key). The row is locked and moved by a conditional UPDATE: of two staff deciding at once
    (or on a database without row locks) one wins, the other is refused and nothing of theirs is written."""
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": _("Give the reason for the decision.")})
    model: Any = type(objection)
    locked = model.objects.select_for_update(of=("self",)).get(pk=objection.pk)
    new = ObjectionBase.Status.UPHELD if upheld else ObjectionBase.Status.DISMISSED
    now = timezone.now()
    if locked.status != OPEN or not claim(
        model,
        pk=objection.pk,
        expected=OPEN,
        new=new,
        decision=decision,
        decided_by=actor,
        decided_at=now,
        updated_at=now,
    ):
        locked = model.objects.select_related("decided_by").get(pk=objection.pk)
        raise TransitionRefused(
            _("This objection was already decided by %(name)s.")
            % {"name": locked.decided_by.display_name if locked.decided_by else "—"}
        )
    objection.refresh_from_db()
    audit_record(actor=actor, action=action, target=objection, changes={"status": [OPEN, new]})
    apply(objection)
    title, url, dedupe_key = notice(objection)
    notifications_send([Message(recipient=objection.raised_by, title=title, url=url, dedupe_key=dedupe_key)])
    return objection
