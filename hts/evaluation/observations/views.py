"""Observation pages (听评课, 班会观摩): list, new, detail with the combined result, each observer's
sheet, and closing (which files the result in the observed teacher's archive)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, principal
from hts.core.forms import add_errors, submit
from hts.core.pagination import paginate
from hts.core.workflow import TransitionRefused
from hts.evaluation.observations import guards, selectors, services
from hts.evaluation.observations.forms import ObservationForm, ObservationSheetForm
from hts.evaluation.observations.models import Observation

# Who reaches the observation pages at all; which observations is the selectors' object rule.
SEE = ("observation.organise", "evaluation.rate", "evaluation.own")
TEACHER_MATCHES = 20


@action_required(*SEE)
def observation_list(request: HttpRequest) -> HttpResponse:
    can_organise = principal(request).can("observation.organise")
    return render(
        request,
        "evaluation/observations/list.html",
        {"page": paginate(request, selectors.observation_list(request.user)), "can_organise": can_organise},
    )


@action_required("observation.organise")
def observation_create(request: HttpRequest) -> HttpResponse:
    teacher_uid = request.GET.get("teacher", "")
    if not teacher_uid:
        return _teacher_picker(request)
    try:
        teacher = get_object_or_404(selectors.organisable_teachers(request.user), uid=teacher_uid)
    except ValidationError as error:  # not a UUID
        raise Http404 from error
    studios = selectors.studio_choices(request.user, teacher)
    form = ObservationForm(
        request.POST or None,
        versions=selectors.observation_versions(),
        studios=studios,
        observers=selectors.observer_choices(teacher, request.user, [s.pk for s in studios]),
    )
    observation = submit(
        request,
        form,
        lambda data: services.observation_create(actor=request.user, data={**data, "teacher": teacher}),
    )
    if observation is not None:
        messages.success(request, _("Observation of %(teacher)s created.") % {"teacher": teacher.name})
        return redirect("evaluation-observation-detail", uid=observation.uid)
    return render(
        request,
        "evaluation/observations/form.html",
        {"form": form, "teacher": teacher},
        status=400 if request.method == "POST" else 200,
    )


def _teacher_picker(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    teachers = (
        list(
            selectors.organisable_teachers(request.user)
            .filter(name__icontains=query)
            .order_by("name")[:TEACHER_MATCHES]
        )
        if query
        else []
    )
    return render(request, "evaluation/observations/pick.html", {"query": query, "teachers": teachers})


@action_required(*SEE)
def observation_detail(request: HttpRequest, uid: str) -> HttpResponse:
    observation = selectors.observation_get(request.user, uid)
    return render(request, "evaluation/observations/detail.html", _detail_context(request, observation))


def _detail_context(request: HttpRequest, observation: Observation) -> dict[str, Any]:
    organiser = selectors.may_organise(request.user, observation)
    is_observer = any(o.user_id == request.user.pk for o in observation.observers.all())
    can_close, close_reason = guards.can_close(observation, request.user) if organiser else (False, "")
    # The observed teacher (and anyone else who is neither organiser nor observer) sees only a closed result.
    return {
        "observation": observation,
        "result": selectors.observation_result(observation),
        "is_organiser": organiser,
        "is_observer": is_observer and observation.status == Observation.Status.OPEN,
        "can_close": can_close,
        "close_reason": close_reason,
    }


@action_required("evaluation.rate", "observation.organise")
def observation_sheet(request: HttpRequest, uid: str) -> HttpResponse:
    observer = selectors.observer_get(request.user, uid)
    observation = observer.observation
    items = selectors.items_of(observation.version)
    form = ObservationSheetForm(
        request.POST or None, items=items, points=selectors.sheet_points(observer), comment=observer.comment
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.observation_score(
                    actor=request.user,
                    observation=observation,
                    points=form.points(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your sheet is saved."))
                return redirect("evaluation-observation-detail", uid=observation.uid)
    maximum = sum((item.max_points for item in items), 0)
    return render(
        request,
        "evaluation/observations/sheet.html",
        {"observation": observation, "observer": observer, "form": form, "maximum": maximum},
        status=status,
    )


@require_POST
@action_required("observation.organise")
def observation_close(request: HttpRequest, uid: str) -> HttpResponse:
    observation = selectors.observation_get(request.user, uid)
    if not selectors.may_organise(request.user, observation):
        raise Http404
    try:
        services.observation_close(actor=request.user, observation=observation)
    except TransitionRefused as refused:
        messages.error(request, " ".join(refused.messages))
        return render(request, "evaluation/observations/detail.html", _detail_context(request, observation), status=400)
    messages.success(request, _("Observation closed; the result is filed in the teacher's archive."))
    return redirect("evaluation-observation-detail", uid=observation.uid)
