"""A batch's task quotas: everyone who sees the batch sees them; bureau staff who manage it edit them."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from hts.accounts.access import action_required, can, get_scoped_or_404
from hts.activities import quota_services
from hts.activities.forms import QuotaRuleForm
from hts.activities.models import ActivityKind, QuotaRule
from hts.core.forms import submit
from hts.studios.selectors import batch_get


def _rule(request: HttpRequest, uid: UUID) -> QuotaRule:
    return get_scoped_or_404(
        request.user, "batch.manage", QuotaRule.objects.select_related("policy__batch__region"), uid=uid
    )


@action_required("batch.view")
def quota_rules(request: HttpRequest, batch_uid: UUID) -> HttpResponse:
    batch = batch_get(request.user, batch_uid)
    can_manage = can(request.user, "batch.manage", batch)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = QuotaRuleForm(request.POST or None) if can_manage else None
    rule = form and submit(
        request, form, lambda data: quota_services.quota_rule_create(actor=request.user, batch=batch, data=data)
    )
    if rule:
        messages.success(request, _("Quota “%(name)s” added.") % {"name": rule})
        return redirect("activities-quota-rules", batch_uid=batch.uid)
    return render(
        request,
        "activities/quota_rules.html",
        {
            "batch": batch,
            "rules": list(batch.policy.quota_rules.all()),
            "form": form,
            "can_manage": can_manage,
            "kind_choices": ActivityKind.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@action_required("batch.manage")
def quota_rule_edit(request: HttpRequest, uid: UUID) -> HttpResponse:
    rule = _rule(request, uid)
    batch = rule.policy.batch
    # Initial values, not the instance: the service logs the rule's values before and after.
    form = QuotaRuleForm(
        request.POST or None, initial={name: getattr(rule, name) for name in quota_services.RULE_FIELDS}
    )
    saved = submit(
        request, form, lambda data: quota_services.quota_rule_update(actor=request.user, rule=rule, data=data)
    )
    if saved is not None:
        messages.success(request, _("Quota “%(name)s” saved.") % {"name": saved})
        return redirect("activities-quota-rules", batch_uid=batch.uid)
    return render(
        request,
        "activities/quota_rule_form.html",
        {"batch": batch, "rule": rule, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@action_required("batch.manage")
def quota_rule_delete(request: HttpRequest, uid: UUID) -> HttpResponse:
    """GET asks for confirmation; POST removes the rule."""
    rule = _rule(request, uid)
    batch = rule.policy.batch
    if request.method == "POST":
        quota_services.quota_rule_delete(actor=request.user, rule=rule)
        messages.success(request, _("Quota “%(name)s” removed.") % {"name": rule.label})
        return redirect("activities-quota-rules", batch_uid=batch.uid)
    return render(request, "activities/quota_rule_delete.html", {"batch": batch, "rule": rule})


urlpatterns: list[URLPattern] = [
    path("batches/<uuid:batch_uid>/quotas/", quota_rules, name="activities-quota-rules"),
    path("quota-rules/<uuid:uid>/edit/", quota_rule_edit, name="activities-quota-rule-edit"),
    path("quota-rules/<uuid:uid>/delete/", quota_rule_delete, name="activities-quota-rule-delete"),
]
