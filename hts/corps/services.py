"""Writes of the corps policy. Each checks permission, validates and leaves an audit entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.corps.models import CorpsPolicy
from hts.org.models import Region
from hts.studios.policy_templates import PolicyBundle

# The fields a bureau sets (and a template fills).
FIELDS = (
    "trainee_months",
    "qualification_required",
    "qualification_valid_years",
    "expiring_within_days",
    "county_course_every_years",
    "school_course_yearly",
    "course_pass_mark",
    "training_hours_per_half_day",
    "title_min_service_years",
    "promotion_min_service_years",
    "failing_year_blocks_honours",
    "failing_year_revokes_qualification",
    "mentor_min_service_years",
)


def _plain(value: Any) -> Any:
    """The audit log is JSON: a Decimal (a pass mark, hours) is kept as its text."""
    return str(value) if isinstance(value, Decimal) else value


def corps_policy_from_template(*, region: Region, bundle: PolicyBundle, actor: Any = None) -> CorpsPolicy | None:
    """The corps part of a template as `region`'s own policy (registered in CorpsConfig.ready; the caller
    has checked the actor). A template that sets no corps rules creates none, and a region that has a
    policy keeps it."""
    values = bundle.corps_values()
    if values is None or CorpsPolicy.objects.filter(region=region).exists():
        return None
    policy = CorpsPolicy(region=region, template=bundle.code, updated_by=actor, **values)
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor,
        action="corps.policy.from_template",
        target=policy,
        changes={"template": [None, bundle.code], **{name: [None, _plain(values[name])] for name in values}},
    )
    return policy


@transaction.atomic
def corps_policy_save(*, actor: Any, region: Region, data: dict[str, Any]) -> CorpsPolicy:
    """Set `region`'s own corps policy (its subregions inherit it); kept in history."""
    require(actor, "corps.policy.manage", region)
    policy = CorpsPolicy.objects.select_for_update().filter(region=region).first() or CorpsPolicy(region=region)
    changes = {}
    for name in FIELDS:
        before, after = getattr(policy, name) if policy.pk else None, data.get(name)
        if before != after:
            changes[name] = [_plain(before), _plain(after)]
        setattr(policy, name, after)
    policy.template = ""
    policy.updated_by = actor
    policy.full_clean()
    policy.save()
    audit_record(actor=actor, action="corps.policy.saved", target=policy, changes=changes)
    return policy
