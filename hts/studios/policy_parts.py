"""A region's own policy row of an app above studios (the corps policy, the class work policy, the
portal's next): created from a template's part, or saved by a bureau, each with its audit entry.

One model per app, one row per region, and the same two writes: each app passes its model, its
fields and its action names, so the change log and the audit read the same everywhere. (Not
`save_audited`: a policy a region has not set yet diffs from nothing, [None, value], not from the
model's defaults. Not `services.region_policy_from_template` either: that one applies every registered
part of a template to a region; these are what one part does.)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.org.models import Region

P = TypeVar("P", bound=models.Model)


def _plain(value: Any) -> Any:
    """The audit log is JSON: a Decimal (a pass mark, hours) is kept as its text."""
    return str(value) if isinstance(value, Decimal) else value


def policy_part_from_template(
    *, model: type[P], region: Region, values: dict[str, Any] | None, code: str, actor: Any, action: str
) -> P | None:
    """`values` (a template's part) as `region`'s own `model` row, marked with the template's `code`.
    A template without the part (None) creates nothing, and a region that has a row keeps it. The
    caller (a registered template part) has checked the actor."""
    if values is None or model._default_manager.filter(region=region).exists():
        return None
    policy = model(region=region, template=code, updated_by=actor, **values)
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor,
        action=action,
        target=policy,
        changes={"template": [None, code], **{name: [None, _plain(values[name])] for name in values}},
    )
    return policy


@transaction.atomic
def policy_part_save(
    *,
    model: type[P],
    region: Region,
    data: dict[str, Any],
    fields: Iterable[str],
    actor: Any,
    manage: str,
    action: str,
) -> P:
    """Set `region`'s own `model` row from `data` (its subregions inherit it): `manage` is the action the
    actor must hold on the region; the audit entry `action` keeps each changed field as [before, after].
    A saved row no longer follows a template."""
    require(actor, manage, region)
    policy = model._default_manager.select_for_update().filter(region=region).first() or model(region=region)
    changes = {}
    for name in fields:
        before, after = getattr(policy, name) if policy.pk else None, data.get(name)
        if before != after:
            changes[name] = [_plain(before), _plain(after)]
        setattr(policy, name, after)
    policy.template = ""  # type: ignore[attr-defined]
    policy.updated_by = actor  # type: ignore[attr-defined]
    policy.full_clean()
    policy.save()
    audit_record(actor=actor, action=action, target=policy, changes=changes)
    return policy
