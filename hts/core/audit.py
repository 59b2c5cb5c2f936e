"""Writing the audit log. Every service that changes people, roles or places calls `audit_record`."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Model

from hts.core.models import AuditEntry

# The client address of the request being served; set by AuditContextMiddleware. A context
# variable, not a module global, so concurrent requests in threads never see each other's.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    return value


def snapshot(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def region_path_of(target: Any) -> str:
    """The region an object belongs to, for scoping who may read its audit entries."""
    if target is None:
        return ""
    getter = getattr(target, "audit_region_path", None)
    if getter is not None:
        return getter() if callable(getter) else str(getter)
    return ""


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    target_label: str = "",
    region_path: str | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_label=(actor_obj.get_username() if actor_obj else str(actor or ""))[:150],
        action=action,
        target_type=target._meta.label_lower if isinstance(target, Model) else "",
        target_id=str(getattr(target, "uid", "") or getattr(target, "pk", "") or "") if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:200],
        region_path=region_path if region_path is not None else region_path_of(target),
        ip=current_ip.get(),
        changes=changes or {},
    )
