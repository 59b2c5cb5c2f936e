"""Quota pages: a batch's task quotas (everyone who sees the batch sees them; bureau staff who manage it
edit them), a studio's compliance, and the bureau's studios × quotas matrix with its Excel export."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, get_scoped_or_404, principal
from hts.activities import selectors
from hts.activities.models import ActivityKind, QuotaRule
from hts.activities.quotas import selectors as quotas
from hts.activities.quotas import services as quota_services
from hts.activities.quotas.export_jobs import KIND, matrix_params
from hts.activities.quotas.forms import QuotaRuleForm
from hts.core.forms import submit
from hts.core.jobs import export_job_start
from hts.org.selectors import regions_for_filter
from hts.studios.models import Tier
from hts.studios.selectors import batch_get, studio_get


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


@action_required("activity.view")
def studio_quotas(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="activity.view")
    results = quotas.studio_compliance(studio)
    return render(
        request,
        "activities/quotas.html",
        {
            "studio": studio,
            "results": results,
            "guidance": quotas.mentor_guidance(studio),
            "notes": quotas.blank_notes(result.blank for result in results),
        },
    )


@action_required("batch.view")
def quota_matrix(request: HttpRequest) -> HttpResponse:
    """The bureau's studios × quotas for one month, shortfalls first."""
    month = selectors.parse_month(request.GET.get("month", ""))
    studios = list(
        quotas.matrix_studios(request.user, tier=request.GET.get("tier", ""), region_uid=request.GET.get("region", ""))[
            :MATRIX_LIMIT
        ]
    )
    data = quotas.matrix(studios, month)
    data["rows"].sort(key=lambda row: (-row["shortfalls"], row["studio"].name))
    data["notes"] = quotas.blank_notes(
        reason
        for row in data["rows"]
        for code, _label in data["columns"]
        for reason in [row["blanks"].get(code) or getattr(row["cells"].get(code), "blank", "")]
    )
    return render(
        request,
        "activities/matrix.html",
        {
            **data,
            "month_value": month.strftime("%Y-%m"),
            "tiers": Tier.choices,
            "regions": regions_for_filter(request.user, "school.view") if principal(request).can("school.view") else [],
            "limit": MATRIX_LIMIT,
        },
    )


# A province picks a district or tier first; the page shows at most this many studios at once.
MATRIX_LIMIT = 500


@require_POST
@action_required("batch.view")
def quota_matrix_export(request: HttpRequest) -> HttpResponse:
    params = matrix_params(request.POST)
    job = export_job_start(
        actor=request.user,
        kind=KIND,
        label=_("Quota compliance %(month)s (Excel)") % {"month": params["month"]},
        params=params,
    )
    return redirect(job)
