"""Studio pages: batches, applications and their review, the studio workspace, the team, assessment."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, declares, principal
from hts.core.forms import add_errors, submit
from hts.core.pagination import paginate, querystring_without_page
from hts.org.models import Stage, Teacher
from hts.org.selectors import regions_for_filter
from hts.studios import guards, rules, selectors, services
from hts.studios.forms import (
    AssessmentForm,
    BatchForm,
    DecisionForm,
    DefenceForm,
    EndMembershipForm,
    EvaluateForm,
    JoinForm,
    MaterialCheckForm,
    MentorInviteForm,
    OverrideForm,
    PolicyForm,
    ReasonForm,
    ResearchCheckForm,
    ScoreForm,
    StudioApplicationForm,
    StudioThemeForm,
)
from hts.studios.memberships import services as membership_services
from hts.studios.models import Batch, Membership, ReviewStep, Studio, Tier
from hts.studios.research_records import research_records

# Batches ---------------------------------------------------------------------------------------


@action_required("batch.view")
def batch_list(request: HttpRequest) -> HttpResponse:
    return render(request, "studios/batch_list.html", {"page": paginate(request, selectors.batch_list(request.user))})


@action_required("batch.manage")
def batch_create(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Batch “%(name)s” opened; review its policy below.") % {"name": batch})
            return redirect("studios-batch-detail", uid=batch.uid)
    return render(request, "studios/form.html", {"form": form, "title": _("Open a batch")})


@action_required("batch.view")
def batch_detail(request: HttpRequest, uid: str) -> HttpResponse:
    batch = selectors.batch_get(request.user, uid)
    studios = selectors.studio_list(request.user, batch_uid=str(batch.uid))
    return render(
        request,
        "studios/batch_detail.html",
        {
            "batch": batch,
            "policy": batch.policy,
            "page": paginate(request, studios),
            "policy_rows": _policy_rows(batch.policy),
        },
    )


def _policy_rows(policy: Any) -> list[tuple[str, Any]]:
    rows = []
    for field in PolicyForm._meta.model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in {
            "id",
            "uid",
            "batch",
            "template",
            "created_at",
            "updated_at",
        }:
            continue
        value = getattr(policy, field.name)
        display = getattr(policy, f"get_{field.name}_display", None)
        if display is not None:
            value = display() or "—"
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif value is None or value == "":
            value = "—"
        rows.append((str(field.verbose_name), value))
    return rows


@action_required("batch.manage")
def batch_policy_edit(request: HttpRequest, uid: str) -> HttpResponse:
    batch = selectors.batch_get(request.user, uid, action="batch.manage")
    form = PolicyForm(request.POST or None, instance=copy.copy(batch.policy))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.batch_policy_update(actor=request.user, batch=batch, data=data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("studios-batch-detail", uid=batch.uid)
    return render(
        request,
        "studios/form.html",
        {"form": form, "title": _("Policy of %(batch)s") % {"batch": batch}, "back": batch},
    )


@require_POST
@action_required("batch.manage")
def batch_status(request: HttpRequest, uid: str) -> HttpResponse:
    batch = selectors.batch_get(request.user, uid, action="batch.manage")
    status = request.POST.get("status", "")
    if status in Batch.Status.values:
        services.batch_set_status(actor=request.user, batch=batch, status=status)
        messages.success(request, _("Saved."))
    return redirect("studios-batch-detail", uid=batch.uid)


# Applying to host ------------------------------------------------------------------------------


@action_required("studio.apply")
def studio_apply(request: HttpRequest) -> HttpResponse:
    """Step 1 choose the teacher (school staff) and the batch; step 2 see the standard check and apply."""
    teachers = selectors.applicant_teachers(request.user, "studio.apply")
    teacher = None
    if teacher_uid := request.GET.get("teacher") or request.POST.get("teacher"):
        teacher = get_object_or_404(teachers, uid=teacher_uid)
    elif request.user.teacher_id:  # type: ignore[union-attr]
        teacher = teachers.filter(pk=request.user.teacher_id).first()  # type: ignore[union-attr]
    batches = selectors.open_batches_for(teacher) if teacher else Batch.objects.none()
    batch = None
    if batch_uid := request.GET.get("batch") or request.POST.get("batch"):
        batch = get_object_or_404(batches, uid=batch_uid)
    elif len(batches) == 1:
        batch = batches[0]
    form = StudioApplicationForm(request.POST or None, teacher=teacher)
    declared = (request.POST.get("research_level", ""), request.POST.get("research_title", "").strip())
    check = selectors.host_standard_for(batch, teacher, *declared) if batch and teacher else []
    if request.method == "POST" and batch and teacher and form.is_valid():
        try:
            studio = services.studio_apply(actor=request.user, batch=batch, teacher=teacher, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                add_errors(form, error)
            else:
                form.add_error(None, str(error))
        else:
            messages.success(request, _("Application submitted. The bureau will check the materials."))
            return redirect("studios-studio-detail", uid=studio.uid)
    return render(
        request,
        "studios/apply.html",
        {
            "teachers": teachers,
            "teacher": teacher,
            "batches": batches,
            "batch": batch,
            "form": form,
            "check": check,
            "check_unmet": bool(rules.unmet(check)),
            "check_pending": any(r.pending for r in check),
        },
        status=400 if request.method == "POST" else 200,
    )


# Lists -----------------------------------------------------------------------------------------


@action_required("studio.view")
def studio_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    studios = selectors.studio_list(
        request.user,
        search=get.get("q", "").strip(),
        tier=get.get("tier", ""),
        stage=get.get("stage", ""),
        region_uid=get.get("region", ""),
        status=get.get("status", ""),
        batch_uid=get.get("batch", ""),
    )
    return render(
        request,
        "studios/studio_list.html",
        {
            "page": paginate(request, studios),
            "querystring": querystring_without_page(request),
            "q": get.get("q", ""),
            "tiers": Tier.choices,
            "stages": Stage.choices,
            "statuses": Studio.Status.choices,
            "regions": regions_for_filter(request.user, "school.view") if principal(request).can("school.view") else [],
        },
    )


@action_required("batch.view")
def coverage(request: HttpRequest) -> HttpResponse:
    cities = list(selectors.cities_for_coverage(request.user))
    city = next((c for c in cities if str(c.uid) == request.GET.get("city")), cities[0] if cities else None)
    context = {"cities": cities, "coverage": selectors.coverage(request.user, city) if city else None}
    return render(request, "studios/coverage.html", context)


# The studio workspace --------------------------------------------------------------------------


def _detail_context(request: HttpRequest, studio: Studio, **forms: Any) -> dict[str, Any]:
    p = principal(request)
    user = request.user
    is_host = can(user, "studio.manage_team", studio)
    is_bureau = can(user, "studio.review", studio)
    context: dict[str, Any] = {
        "studio": studio,
        "policy": studio.batch.policy,
        "is_host": is_host,
        "is_bureau": is_bureau,
        # A district reviews its studios of a city's batch without reaching the batch's own page.
        "batch_visible": is_bureau and can(user, "batch.view", studio.batch),
        "can_export": p.can("studio.export"),
        **selectors.studio_workspace(studio),
    }
    context["counts"] = selectors.team_counts(studio, context["team"])
    applicant = bool(user.teacher_id) and user.teacher_id == studio.host_id  # type: ignore[union-attr]
    in_selection = studio.status in {Studio.Status.APPLIED, Studio.Status.UNDER_REVIEW}
    if in_selection and (is_bureau or applicant):
        # During the selection, the host standard as it stands now; after it, the stored check (the
        # one printed on the application form, updated when the bureau checked the declared research).
        context["check"] = selectors.studio_host_standard(studio)
    elif is_bureau:
        context["check"] = studio.standard_check
    if is_bureau:
        research = guards.can_check_research(studio, user)
        context["research_check"] = research
        if in_selection and studio.research_level and studio.batch.policy.host_research_min_level:
            context["research_records"] = research_records(studio.host)
        context["research_form"] = forms.get("research_form") or ResearchCheckForm()
        steps = {s.step for s in context["review_steps"]}
        context["review"] = {
            "material": guards.can_review(studio, ReviewStep.Step.MATERIAL)[0],
            "defence": guards.can_review(studio, ReviewStep.Step.DEFENCE)[0] and "defence" not in steps,
            "scoring": studio.status == Studio.Status.UNDER_REVIEW,
            "decision": guards.can_review(studio, ReviewStep.Step.DECISION)[0],
            "activate": guards.can_activate(studio, user)[0],
            "assess": guards.can_assess(studio, user)[0],
        }
        context.setdefault("material_form", forms.get("material_form") or MaterialCheckForm())
        context["defence_form"] = forms.get("defence_form") or DefenceForm()
        context["score_form"] = forms.get("score_form") or ScoreForm()
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
        context["activate_form"] = forms.get("activate_form") or OverrideForm()
        # The form offers the assessment that is due: the earliest ended year not yet assessed, or
        # the end-of-cycle grade once the cycle's last year has come.
        due_kind, due_year = guards.assessment_due(studio, {(a.kind, a.year) for a in context["assessments"]})
        context["assessment_form"] = forms.get("assessment_form") or AssessmentForm(
            initial={"kind": due_kind, "year": due_year}
        )
    if is_host or is_bureau:
        context["invite_form"] = forms.get("invite_form") or MentorInviteForm()
        context["action_forms"] = forms.get("action_forms", {})
        # The page asks the services' own guards which buttons to show, and why one is missing.
        for m in context["pending"]:
            m.studio = studio
            m.steps = guards.pending_steps(m, user)
        for m in context["team"]:
            m.studio = studio
            m.ends = {
                "left": guards.can_leave(m, user),
                "rotated_out": guards.can_rotate(m, user),
                "graduated": guards.can_graduate(m, user),
            }
    context["own_membership"] = next(
        (m for m in context["team"] + context["pending"] if m.teacher_id and m.teacher_id == request.user.teacher_id),  # type: ignore[union-attr]
        None,
    )
    return context


@action_required("studio.view")
def studio_detail(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid)
    return render(request, "studios/studio_detail.html", _detail_context(request, studio))


@declares("studio.manage_team")
def studio_theme(request: HttpRequest, uid: str) -> HttpResponse:
    """The host rewords the studio's theme; anyone else who sees the studio is refused (403)."""
    studio = selectors.studio_get(request.user, uid)
    if not can(request.user, "studio.manage_team", studio):
        raise PermissionDenied(_("Only the studio's host may change its theme."))
    form = StudioThemeForm(request.POST or None, initial={"theme": studio.theme})
    done = submit(request, form, lambda data: services.studio_theme_update(actor=request.user, studio=studio, **data))
    if done is not None:
        messages.success(request, _("The studio's theme is saved."))
        return redirect("studios-studio-detail", uid=studio.uid)
    allowed, reason = guards.can_edit_theme(studio, request.user)
    if not allowed and not form.is_bound:
        messages.warning(request, reason)
    return render(request, "studios/form.html", {"form": form, "title": _("Change the theme"), "back": studio})


# The workspace's small forms: (actions that may use it, form, key of the form in the page, service
# call, success message). One view runs them all; a refusal re-renders the workspace with the form
# filled in and the reason beside it (nothing typed is lost).
STUDIO_ACTIONS: dict[str, tuple[tuple[str, ...], Any, str, Callable[..., Any], Any]] = {
    "material": (("studio.review",), MaterialCheckForm, "material_form", services.studio_material_check, gettext_lazy("Material check recorded.")),
    "research": (("studio.review",), ResearchCheckForm, "research_form", services.studio_research_check, gettext_lazy("The check of the declared research is recorded.")),
    "defence": (("studio.review",), DefenceForm, "defence_form", services.studio_defence_record, gettext_lazy("On-site defence recorded.")),
    "score": (("studio.review",), ScoreForm, "score_form", services.review_score_submit, gettext_lazy("Your score is saved.")),
    "decide": (("studio.review",), DecisionForm, "decision_form", services.studio_decide, gettext_lazy("Decision recorded.")),
    "activate": (("studio.review",), OverrideForm, "activate_form", services.studio_activate, gettext_lazy("The studio has started its cycle.")),
    "assess": (("studio.assess",), AssessmentForm, "assessment_form", services.assessment_record, gettext_lazy("Assessment recorded.")),
    "invite": (("studio.manage_team", "membership.approve"), MentorInviteForm, "invite_form", membership_services.mentor_invite, gettext_lazy("Mentor invited.")),
}  # fmt: skip


@require_POST
@declares("studio.review", "studio.assess", "studio.manage_team", "membership.approve")
def studio_act(request: HttpRequest, uid: str, verb: str) -> HttpResponse:
    actions, form_class, form_key, service, success = STUDIO_ACTIONS[verb]
    principal(request).require_any(*actions)
    studio = selectors.studio_get(request.user, uid)
    form = form_class(request.POST)
    done = submit(
        request,
        form,
        lambda data: service(
            actor=request.user,
            studio=studio,
            **{name: value for name, value in data.items() if name != "teacher_mobile"},
        ),
    )
    if done is not None:
        messages.success(request, str(success))
        return redirect("studios-studio-detail", uid=studio.uid)
    studio.refresh_from_db()
    context = _detail_context(request, studio, **{form_key: form})
    context["failed_form"] = form_key
    return render(request, "studios/studio_detail.html", context, status=400)


# Joining and the team --------------------------------------------------------------------------


@action_required("studio.join")
def studio_join(request: HttpRequest, uid: str) -> HttpResponse:
    studio = get_object_or_404(
        Studio.objects.select_related("batch__policy", "host", "host_school"), uid=uid, status__in=selectors.RUNNING
    )
    teachers = selectors.applicant_teachers(request.user, "studio.join")
    teacher = None
    if teacher_uid := request.GET.get("teacher") or request.POST.get("teacher"):
        teacher = get_object_or_404(teachers, uid=teacher_uid)
    elif request.user.teacher_id:  # type: ignore[union-attr]
        teacher = teachers.filter(pk=request.user.teacher_id).first()  # type: ignore[union-attr]
    check = selectors.member_standard_for(studio, teacher) if teacher else []
    form = JoinForm(request.POST or None)
    if request.method == "POST" and teacher and form.is_valid():
        try:
            membership_services.membership_apply(
                actor=request.user, studio=studio, teacher=teacher, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Application sent to the host."))
            return redirect("core-home")
    return render(
        request,
        "studios/join.html",
        {"studio": studio, "teachers": teachers, "teacher": teacher, "check": check, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@action_required("studio.review")
def eligible_hosts(request: HttpRequest) -> HttpResponse:
    """The bureau's list of hosts whose end-of-cycle grade made them eligible, within its scope."""
    return render(
        request, "studios/eligible_hosts.html", {"page": paginate(request, selectors.eligible_hosts(request.user))}
    )


@action_required("studio.join")
def studio_directory(request: HttpRequest) -> HttpResponse:
    """Running studios a teacher may apply to join: those of the open or running batches of their region."""
    studios = selectors.join_directory(request.user)
    return render(request, "studios/directory.html", {"page": paginate(request, studios)})


MEMBERSHIP_ACTIONS: dict[str, tuple[Any, Any, Callable[..., Any]]] = {
    "admit": (
        OverrideForm,
        gettext_lazy("Admitted."),
        lambda actor, m, d: membership_services.membership_admit(actor=actor, membership=m, **d),
    ),
    "evaluate": (
        EvaluateForm,
        gettext_lazy("Evaluation recorded."),
        lambda actor, m, d: membership_services.membership_evaluate(actor=actor, membership=m, **d),
    ),
    "approve": (
        OverrideForm,
        gettext_lazy("Approved."),
        lambda actor, m, d: membership_services.membership_approve(actor=actor, membership=m, **d),
    ),
    "refuse": (
        ReasonForm,
        gettext_lazy("Refused."),
        lambda actor, m, d: membership_services.membership_refuse(actor=actor, membership=m, **d),
    ),
    "liaison": (
        OverrideForm,
        gettext_lazy("Saved."),
        lambda actor, m, d: membership_services.membership_set_liaison(
            actor=actor, membership=m, is_liaison=not m.is_liaison, **d
        ),
    ),
    "end": (
        EndMembershipForm,
        gettext_lazy("Saved."),
        lambda actor, m, d: membership_services.membership_end(actor=actor, membership=m, **d),
    ),
}


@require_POST
@action_required("studio.manage_team", "membership.approve")
def membership_act(request: HttpRequest, uid: str, membership_uid: str, verb: str) -> HttpResponse:
    if verb not in MEMBERSHIP_ACTIONS:
        raise PermissionDenied
    form_class, success, call = MEMBERSHIP_ACTIONS[verb]
    studio = selectors.studio_get(request.user, uid)
    membership = get_object_or_404(
        Membership.objects.select_related("teacher__school", "studio__batch__policy"), studio=studio, uid=membership_uid
    )
    form = form_class(request.POST)
    if submit(request, form, lambda data: call(request.user, membership, data)) is not None:
        messages.success(request, success)
        return redirect("studios-studio-detail", uid=studio.uid)
    studio.refresh_from_db()
    context = _detail_context(request, studio, action_forms={f"{membership.uid}:{verb}": form})
    context["failed_action"] = f"{membership.uid}:{verb}"
    context["failed_form"] = form
    context["failed_membership"] = membership
    return render(request, "studios/studio_detail.html", context, status=400)


def teacher_for_user(request: HttpRequest) -> Teacher | None:
    return getattr(request.user, "teacher", None)
