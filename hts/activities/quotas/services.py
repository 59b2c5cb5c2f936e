"""Writes of a batch's task quotas: bureau staff add, change and remove them (batch.manage).

Quota rules are policy: every change is audited and kept in simple-history, and a rule's numbers are
checked when saved (QuotaRule.clean).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.activities.models import QuotaRule
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.studios.models import Batch, BatchPolicy
from hts.studios.policy_templates import PolicyBundle

RULE_FIELDS = ["code", "label", "kinds", "mode", "needs_publicity", "period", "minimum", "counts_for"]


def quota_rules_from_template(*, policy: BatchPolicy, bundle: PolicyBundle, actor: Any = None) -> None:
    """The template's task quotas become the new batch's own rules, editable from then on (the quota part
    of a policy template, registered in ActivitiesConfig.ready; batch_create has checked the actor)."""
    if QuotaRule.objects.filter(policy=policy).exists():
        return
    for values in bundle.quota_values():
        rule = QuotaRule(policy=policy, **values)
        rule.full_clean(exclude=["policy"])
        rule.save()


def _unique_code(batch: Batch, code: str, rule: QuotaRule | None = None) -> None:
    taken = QuotaRule.objects.filter(policy__batch=batch, code=code)
    if rule is not None:
        taken = taken.exclude(pk=rule.pk)
    if taken.exists():
        raise ValidationError({"code": _("This batch already has a quota with the code “%(code)s”.") % {"code": code}})


@transaction.atomic
def quota_rule_create(*, actor: Any, batch: Batch, data: dict[str, Any]) -> QuotaRule:
    require(actor, "batch.manage", batch.region)
    _unique_code(batch, data.get("code", ""))
    return save_audited(
        actor=actor,
        instance=QuotaRule(policy=batch.policy),
        data=data,
        action="activities.quota_rule.created",
        fields=RULE_FIELDS,
    )


@transaction.atomic
def quota_rule_update(*, actor: Any, rule: QuotaRule, data: dict[str, Any]) -> QuotaRule:
    batch = rule.policy.batch
    require(actor, "batch.manage", batch.region)
    _unique_code(batch, data.get("code", rule.code), rule)
    return save_audited(
        actor=actor, instance=rule, data=data, action="activities.quota_rule.updated", fields=RULE_FIELDS
    )


@transaction.atomic
def quota_rule_delete(*, actor: Any, rule: QuotaRule) -> None:
    batch = rule.policy.batch
    require(actor, "batch.manage", batch.region)
    audit_record(
        actor=actor,
        action="activities.quota_rule.deleted",
        target=batch,
        target_label=f"{batch} · {rule.label}",
        changes={"quota": [rule.label, None]},
    )
    rule.delete()
