"""Write helpers shared by every app's services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model

from hts.core.audit import audit_record, diff, snapshot

M = TypeVar("M", bound=Model)


def save_audited(*, actor: Any, instance: M, data: dict[str, Any], action: str, fields: Iterable[str]) -> M:
    """Apply `data`, validate the whole object, save, and log what changed.

    Callers run inside `transaction.atomic` and have already checked permission and scope.
    """
    fields = list(fields)
    before = snapshot(instance, fields) if instance.pk else {}
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=action, target=instance, changes=diff(before, snapshot(instance, fields)))
    return instance
