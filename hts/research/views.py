"""Research projects, achievements and their verification, and the level weights."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, get_scoped_or_404, principal
from hts.core.files import serve_stored
from hts.core.forms import add_errors, submit
from hts.core.pagination import paginate, querystring_without_page
from hts.org.models import Level, Region
from hts.research import guards, selectors, services
from hts.research.forms import AchievementForm, ProjectForm, ReasonForm, WeightPolicyForm
from hts.research.models import DEFAULT_WEIGHTS, STAGE_ORDER, Achievement, ResearchProject, WeightPolicy
from hts.research.weights import policy_for
from hts.studios.selectors import studio_get, studio_team

# Projects --------------------------------------------------------------------------------------


def _can_manage(request: HttpRequest, studio: Any) -> bool:
    return can(request.user, "research.manage", studio) and guards.can_take_records(studio)[0]


@action_required("research.view")
def studio_projects(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="research.view")
    projects = selectors.project_list(request.user, studio=studio)
    return render(
        request,
        "research/studio_projects.html",
        {"studio": studio, "page": paginate(request, projects), "can_manage": _can_manage(request, studio)},
    )


@action_required("research.view")
def project_list(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    status = request.GET.get("status", "")
    level = level if level in Level.values else ""
    status = status if status in ResearchProject.Status.values else ""
    projects = selectors.project_list(request.user, level=level, status=status)
    return render(
        request,
        "research/project_list.html",
        {
            "page": paginate(request, projects),
            "levels": Level.choices,
            "statuses": ResearchProject.Status.choices,
            "level": level,
            "status": status,
            "querystring": querystring_without_page(request),
        },
    )


@action_required("research.manage")
def project_create(request: HttpRequest, studio_uid: str) -> HttpResponse:
    studio = studio_get(request.user, studio_uid, action="research.manage")
    team = studio_team(studio)
    form = ProjectForm(request.POST or None, team=team, initial={"lead": studio.host_id})
    project = submit(request, form, lambda data: services.project_create(actor=request.user, studio=studio, data=data))
    if project is not None:
        messages.success(request, _("Research project “%(name)s” created.") % {"name": project})
        return redirect("research-project-detail", uid=project.uid)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "research/project_form.html",
        {"form": form, "studio": studio, "title": _("New research project")},
        status=status,
    )


@action_required("research.manage")
def project_edit(request: HttpRequest, uid: str) -> HttpResponse:
    project = selectors.project_get(request.user, uid, action="research.manage")
    initial = model_to_dict(project, fields=["title", "level", "starts_on", "ends_on", "lead", "members", "outputs"])
    form = ProjectForm(request.POST or None, team=studio_team(project.studio), initial=initial)
    saved = submit(request, form, lambda data: services.project_update(actor=request.user, project=project, data=data))
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("research-project-detail", uid=project.uid)
    return render(
        request,
        "research/project_form.html",
        {"form": form, "studio": project.studio, "project": project, "title": _("Edit research project")},
        status=400 if request.method == "POST" else 200,
    )


def _project_context(request: HttpRequest, project: ResearchProject) -> dict[str, Any]:
    steps = []
    for verb in guards.TRANSITIONS:
        allowed, _why = guards.can_transition(project, request.user, verb)
        if allowed:
            steps.append((verb, STEP_LABELS[verb], guards.TRANSITIONS[verb][3]))
    return {
        "project": project,
        **selectors.project_detail(project),
        "steps": steps,
        "stage_order": STAGE_ORDER,
        "can_manage": _can_manage(request, project.studio),
    }


STEP_LABELS = {
    "approve": gettext_lazy("Approve the project"),
    "reject": gettext_lazy("Do not approve"),
    "midterm": gettext_lazy("Start the mid-term review"),
    "conclude": gettext_lazy("Accept the conclusion"),
    "terminate": gettext_lazy("Terminate"),
}


@action_required("research.view")
def project_detail(request: HttpRequest, uid: str) -> HttpResponse:
    project = selectors.project_get(request.user, uid)
    return render(request, "research/project_detail.html", _project_context(request, project))


@require_POST
@action_required("research.manage", "research.approve")
def project_transition(request: HttpRequest, uid: str, verb: str) -> HttpResponse:
    if verb not in guards.TRANSITIONS:
        raise Http404
    action = guards.TRANSITIONS[verb][2]
    principal(request).require(action)
    project = selectors.project_get(request.user, uid, action=action)
    try:
        services.project_transition(
            actor=request.user, project=project, verb=verb, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        context = _project_context(request, project)
        context["step_error"] = " ".join(error.messages)
        return render(request, "research/project_detail.html", context, status=400)
    messages.success(request, _("Saved."))
    return redirect("research-project-detail", uid=project.uid)


@require_POST
@action_required("research.manage")
def document_upload(request: HttpRequest, uid: str) -> HttpResponse:
    project = selectors.project_get(request.user, uid, action="research.manage")
    return _upload(
        request,
        lambda upload: services.project_document_add(actor=request.user, project=project, upload=upload),
        page=("research/project_detail.html", lambda: _project_context(request, project)),
        done=redirect("research-project-detail", uid=project.uid),
    )


def _upload(
    request: HttpRequest,
    add: Callable[[Any], Any],
    *,
    page: tuple[str, Callable[[], dict[str, Any]]],
    done: HttpResponse,
) -> HttpResponse:
    """One uploaded file, added by `add`; a refusal shows the page again (400) with the reason."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return done
    try:
        add(upload)
    except ValidationError as error:
        template, context_for = page
        context = context_for()
        context["upload_error"] = " ".join(error.messages)
        return render(request, template, context, status=400)
    messages.success(request, _("“%(name)s” uploaded.") % {"name": upload.name})
    return done


@action_required("research.view")
def document_download(request: HttpRequest, uid: str, document_uid: str) -> FileResponse:
    """Files are served only here, after the same scope check as the project page."""
    project = selectors.project_get(request.user, uid)
    document = get_object_or_404(project.documents.all(), uid=document_uid)
    return serve_stored(document)


# Achievements ----------------------------------------------------------------------------------


@action_required("achievement.record")
def my_achievements(request: HttpRequest) -> HttpResponse:
    if not request.user.teacher_id:  # type: ignore[union-attr]
        raise PermissionDenied(_("Only a teacher records achievements, their own."))
    achievements = list(selectors.achievements_of(request.user.teacher_id))  # type: ignore[union-attr]
    return render(
        request,
        "research/my_achievements.html",
        {"achievements": achievements, "totals": selectors.achievement_totals(achievements)},
    )


@action_required("achievement.record")
def achievement_create(request: HttpRequest) -> HttpResponse:
    form = AchievementForm(request.POST or None, request.FILES or None)
    achievement = submit(
        request,
        form,
        lambda data: services.achievement_record(actor=request.user, data=data, evidence=request.FILES.get("evidence")),
    )
    if achievement is not None:
        messages.success(
            request, _("Achievement “%(name)s” recorded; it counts once verified.") % {"name": achievement}
        )
        return redirect("research-achievement-detail", uid=achievement.uid)
    return render(
        request,
        "research/achievement_form.html",
        {"form": form, "title": _("Record an achievement")},
        status=400 if request.method == "POST" else 200,
    )


def _achievement_context(request: HttpRequest, achievement: Achievement) -> dict[str, Any]:
    can_verify, _why = guards.can_verify(achievement, request.user)
    own = achievement.owner_id == request.user.teacher_id  # type: ignore[union-attr]
    return {
        "achievement": achievement,
        "evidence": list(achievement.evidence.all()),
        "transitions": selectors.labelled_transitions(achievement, Achievement.Status.choices),
        "can_verify": can_verify,
        "can_add_evidence": own and achievement.status == Achievement.Status.PENDING,
        "weight": selectors.achievement_totals([achievement])["score"] if achievement.counts else None,
        "reason_form": ReasonForm(),
    }


@action_required("achievement.view")
def achievement_detail(request: HttpRequest, uid: str) -> HttpResponse:
    achievement = selectors.achievement_get(request.user, uid)
    return render(request, "research/achievement_detail.html", _achievement_context(request, achievement))


@require_POST
@action_required("achievement.record")
def evidence_upload(request: HttpRequest, uid: str) -> HttpResponse:
    achievement = selectors.achievement_get(request.user, uid, action="achievement.record")
    return _upload(
        request,
        lambda upload: services.achievement_evidence_add(actor=request.user, achievement=achievement, upload=upload),
        page=("research/achievement_detail.html", lambda: _achievement_context(request, achievement)),
        done=redirect("research-achievement-detail", uid=achievement.uid),
    )


@action_required("achievement.view")
def evidence_download(request: HttpRequest, uid: str, evidence_uid: str) -> FileResponse:
    achievement = selectors.achievement_get(request.user, uid)
    evidence = get_object_or_404(achievement.evidence.all(), uid=evidence_uid)
    return serve_stored(evidence)


@require_POST
@action_required("achievement.verify")
def achievement_decide(request: HttpRequest, uid: str, decision: str) -> HttpResponse:
    achievement = selectors.achievement_get(request.user, uid, action="achievement.verify")
    try:
        if decision == "verify":
            services.achievement_verify(actor=request.user, achievement=achievement)
        elif decision == "reject":
            services.achievement_reject(
                actor=request.user, achievement=achievement, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404
    except ValidationError as error:
        context = _achievement_context(request, achievement)
        form = ReasonForm(request.POST)
        form.is_valid()
        add_errors(form, error)
        context["reason_form"] = form
        context["decision_error"] = " ".join(error.messages)
        return render(request, "research/achievement_detail.html", context, status=400)
    messages.success(
        request, _("“%(name)s”: %(status)s.") % {"name": achievement, "status": achievement.get_status_display()}
    )
    if request.POST.get("next") == "queue":
        return redirect("research-verification")
    return redirect("research-achievement-detail", uid=achievement.uid)


@action_required("achievement.verify")
def verification_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Achievement.Status.PENDING)
    status = status if status in Achievement.Status.values else ""
    return render(
        request,
        "research/verification.html",
        {
            "page": paginate(request, selectors.verification_queue(request.user, status=status)),
            "status": status,
            "statuses": Achievement.Status.choices,
            "querystring": querystring_without_page(request),
        },
    )


# Weights ---------------------------------------------------------------------------------------


@action_required("weights.manage")
def weights_home(request: HttpRequest) -> HttpResponse:
    """The user's own top region (a system administrator: the root)."""
    p = principal(request)
    regions = p.scoped("weights.manage", Region.objects.all()).order_by("depth", "path")
    region = regions.first()
    if region is None:
        raise Http404
    return redirect("research-weights", region_uid=region.uid)


@action_required("weights.manage")
def weights_edit(request: HttpRequest, region_uid: str) -> HttpResponse:
    region = get_scoped_or_404(request.user, "weights.manage", Region.objects.all(), uid=region_uid)
    effective = policy_for(region)
    own = effective if effective is not None and effective.region_id == region.pk else None
    source = effective.weights() if effective is not None else DEFAULT_WEIGHTS
    form = WeightPolicyForm(request.POST or None, instance=own or WeightPolicy(region=region), initial=dict(source))
    saved = submit(
        request, form, lambda data: services.weight_policy_save(actor=request.user, region=region, data=data)
    )
    if saved is not None:
        messages.success(request, _("Level weights of %(region)s saved.") % {"region": region})
        return redirect("research-weights", region_uid=region.uid)
    history = list(own.history.select_related("history_user").order_by("-history_date")[:20]) if own else []
    children = list(region.children.order_by("path")[:50])
    return render(
        request,
        "research/weights.html",
        {
            "region": region,
            "form": form,
            "effective": effective,
            "own": own,
            "history": history,
            "children": children,
            "rows": [(label, source[value]) for value, label in Level.choices],
        },
        status=400 if request.method == "POST" else 200,
    )
