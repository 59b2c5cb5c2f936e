"""Studio plans (cycle, annual, semester) and members' personal development plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.activities.models import Plan
from hts.activities.plans import guards as plan_guards
from hts.activities.plans import periods as plan_periods
from hts.activities.plans import selectors as plan_selectors
from hts.activities.plans import services as plan_services
from hts.activities.plans.forms import PlanCommentForm, PlanForm
from hts.core.forms import add_errors, submit
from hts.core.workflow import TransitionRefused
from hts.studios.selectors import studio_get


@action_required("activity.view")
def plan_list(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="activity.view")
    new_kinds = plan_guards.creatable_kinds(studio, request.user)
    return render(
        request,
        "activities/plans/list.html",
        {"studio": studio, "new_kinds": new_kinds, **plan_selectors.plan_list(request.user, studio)},
    )


@action_required("activity.view")
def plan_create(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="activity.view")
    kind = request.GET.get("kind", "")
    if kind not in Plan.Kind.values:
        messages.error(request, _("Choose the type of plan to write."))
        return redirect("activities-plans", studio_uid=studio.uid)
    ok, reason = plan_guards.can_create(studio, request.user, kind)
    if not ok:
        raise PermissionDenied(reason)
    form = PlanForm(request.POST or None, kind=kind, periods=plan_periods.period_choices(studio, kind))
    plan = submit(
        request,
        form,
        lambda data: plan_services.plan_create(actor=request.user, studio=studio, kind=kind, data=data),
    )
    if plan is not None:
        messages.success(request, _("Plan “%(name)s” saved as a draft.") % {"name": plan})
        return redirect("activities-plan-detail", uid=plan.uid)
    title = _("New %(kind)s") % {"kind": Plan.Kind(kind).label}
    return render(
        request,
        "activities/plans/form.html",
        {"form": form, "studio": studio, "title": title},
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, plan: Plan, comment_form: PlanCommentForm | None = None) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {
        "plan": plan,
        "studio": plan.studio,
        "transitions": plan_selectors.plan_transitions(plan),
    }
    for verb, guard in (
        ("edit", plan_guards.can_edit),
        ("submit", plan_guards.can_submit),
        ("acknowledge", plan_guards.can_acknowledge),
        ("comment", plan_guards.can_comment),
    ):
        context[f"can_{verb}"], context[f"why_not_{verb}"] = guard(plan, user)
    if context["can_comment"]:
        context["comment_form"] = comment_form or PlanCommentForm(initial={"mentor_comment": plan.mentor_comment})
    return context


@action_required("activity.view")
def plan_detail(request: HttpRequest, uid: str) -> HttpResponse:
    plan = plan_selectors.plan_get(request.user, uid)
    return render(request, "activities/plans/detail.html", _detail_context(request, plan))


@action_required("activity.view")
def plan_edit(request: HttpRequest, uid: str) -> HttpResponse:
    plan = plan_selectors.plan_get(request.user, uid)
    ok, reason = plan_guards.can_edit(plan, request.user)
    if not ok:
        if plan.status != Plan.Status.DRAFT:
            messages.error(request, reason)
            return redirect("activities-plan-detail", uid=plan.uid)
        raise PermissionDenied(reason)
    form = PlanForm(
        request.POST or None, instance=plan, kind=plan.kind, periods=plan_periods.period_choices(plan.studio, plan.kind)
    )
    saved = submit(request, form, lambda data: plan_services.plan_update(actor=request.user, plan=plan, data=data))
    if saved is not None:
        messages.success(request, _("Plan “%(name)s” saved.") % {"name": saved})
        return redirect("activities-plan-detail", uid=saved.uid)
    title = _("Edit %(kind)s") % {"kind": plan.get_kind_display()}
    return render(
        request,
        "activities/plans/form.html",
        {"form": form, "studio": plan.studio, "plan": plan, "title": title},
        status=400 if request.method == "POST" else 200,
    )


def _transition_view(request: HttpRequest, uid: str, service: Callable[..., Plan], done: str) -> HttpResponse:
    plan = plan_selectors.plan_get(request.user, uid)
    try:
        service(actor=request.user, plan=plan)
    except TransitionRefused as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("activities-plan-detail", uid=plan.uid)


@require_POST
@action_required("activity.view")
def plan_submit(request: HttpRequest, uid: str) -> HttpResponse:
    return _transition_view(request, uid, plan_services.plan_submit, _("Plan submitted."))


@require_POST
@action_required("activity.view")
def plan_acknowledge(request: HttpRequest, uid: str) -> HttpResponse:
    return _transition_view(request, uid, plan_services.plan_acknowledge, _("Plan acknowledged."))


@require_POST
@action_required("activity.view")
def plan_comment(request: HttpRequest, uid: str) -> HttpResponse:
    plan = plan_selectors.plan_get(request.user, uid)
    form = PlanCommentForm(request.POST)
    if form.is_valid():
        try:
            plan_services.plan_comment(actor=request.user, plan=plan, comment=form.cleaned_data["mentor_comment"])
        except TransitionRefused as error:
            messages.error(request, " ".join(error.messages))
            return redirect("activities-plan-detail", uid=plan.uid)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Guidance saved."))
            return redirect("activities-plan-detail", uid=plan.uid)
    return render(request, "activities/plans/detail.html", _detail_context(request, plan, form), status=400)
