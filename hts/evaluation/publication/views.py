"""Pages after publication: my evaluations, one result item by item (with its PDF), objections and
their decisions, corrections, and finalising a round. Reads in selectors.py, writes in
services.py, guards in guards.py; an object outside the user's scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.core.forms import add_errors
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.evaluation.publication import documents, guards, selectors
from hts.evaluation.publication import services as services_publication
from hts.evaluation.publication.forms import CorrectForm, DecideForm, ObjectionForm
from hts.evaluation.publication.models import Objection
from hts.evaluation.rounds.models import EvaluationRound, Subject


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@action_required("evaluation.own")
def my_evaluations(request: HttpRequest) -> HttpResponse:
    subjects = list(selectors.my_subjects(request.user))
    return _private(render(request, "evaluation/publication/mine.html", {"subjects": subjects}))


def _subject_page(
    request: HttpRequest,
    subject: Subject,
    *,
    objection_form: ObjectionForm | None = None,
    correct_form: CorrectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_subject = selectors.viewer_is_subject(request.user, subject)
    can_organise = selectors.may_organise(request.user, subject.round)
    rnd = subject.round
    can_object = is_subject and guards.objections_accepted(rnd)
    context = {
        "subject": subject,
        "round": rnd,
        "sheet": selectors.result_sheet(subject, show_rater_names=not is_subject),
        "is_subject": is_subject,
        "can_object": can_object,
        "can_correct": can_organise and rnd.status in services_publication.CORRECTABLE,
        "objection_form": objection_form or (ObjectionForm(subject=subject) if can_object else None),
        "correct_form": correct_form or CorrectForm(subject=subject),
    }
    return _private(render(request, "evaluation/publication/subject_detail.html", context, status=status))


@action_required("evaluation.own", "evaluation.view")
def subject_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _subject_page(request, selectors.subject_get(request.user, uid))


@action_required("evaluation.own", "evaluation.view")
def subject_report_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    subject = selectors.subject_get(request.user, uid)
    response = HttpResponse(documents.report_pdf(subject), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=documents.report_filename(subject)) or ""
    )
    return _private(response)


@require_POST
@action_required("evaluation.own")
def objection_raise(request: HttpRequest, uid: str) -> HttpResponse:
    subject = selectors.subject_get(request.user, uid)
    form = ObjectionForm(request.POST, subject=subject)
    if form.is_valid():
        try:
            objection = services_publication.objection_raise(
                actor=request.user, subject=subject, reason=form.cleaned_data["reason"], item=form.cleaned_data["item"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your objection is recorded; you will be notified of the outcome."))
            return redirect("evaluation-objection-detail", uid=objection.uid)
    return _subject_page(request, subject, objection_form=form, status=400)


@require_POST
@action_required("evaluation.organise")
def result_correct(request: HttpRequest, uid: str) -> HttpResponse:
    subject = selectors.subject_get(request.user, uid)
    if not selectors.may_organise(request.user, subject.round):
        raise PermissionDenied
    form = CorrectForm(request.POST, subject=subject)
    if form.is_valid():
        try:
            services_publication.result_correct(
                actor=request.user,
                subject=subject,
                item=form.cleaned_data["item"],
                new_points=form.cleaned_data["new_points"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The correction is recorded and the round ranked again."))
            return redirect("evaluation-subject-detail", uid=subject.uid)
    return _subject_page(request, subject, correct_form=form, status=400)


def _objection_page(
    request: HttpRequest, objection: Objection, *, form: DecideForm | None = None, status: int = 200
) -> HttpResponse:
    can_decide = objection.status == Objection.Status.OPEN and selectors.may_organise(
        request.user, objection.subject.round
    )
    context = {
        "objection": objection,
        "subject": objection.subject,
        "round": objection.subject.round,
        "can_decide": can_decide,
        "form": form or (DecideForm(objection=objection) if can_decide else None),
    }
    return _private(render(request, "evaluation/publication/objection_detail.html", context, status=status))


@action_required("evaluation.own", "evaluation.view")
def objection_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _objection_page(request, selectors.objection_get(request.user, uid))


@require_POST
@action_required("evaluation.organise")
def objection_decide(request: HttpRequest, uid: str) -> HttpResponse:
    objection = selectors.objection_get(request.user, uid)
    if not selectors.may_organise(request.user, objection.subject.round):
        raise PermissionDenied
    form = DecideForm(request.POST, objection=objection)
    if form.is_valid():
        try:
            services_publication.objection_decide(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["decision"] == "upheld",
                outcome=form.cleaned_data["outcome"],
                item=form.cleaned_data["item"],
                new_points=form.cleaned_data["new_points"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded and the person notified."))
            return redirect("evaluation-round-objections", uid=objection.subject.round.uid)
    return _objection_page(request, objection, form=form, status=400)


@action_required("evaluation.view")
def round_objections(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = selectors.round_get(request.user, uid, action="evaluation.view")
    objections = list(selectors.round_objections(rnd))
    context = {
        "round": rnd,
        "objections": objections,
        "open_count": sum(1 for o in objections if o.status == Objection.Status.OPEN),
        "can_finalise": rnd.status == EvaluationRound.Status.PUBLISHED and selectors.may_organise(request.user, rnd),
    }
    return _private(render(request, "evaluation/publication/round_objections.html", context))


@require_POST
@action_required("evaluation.organise")
def round_finalise(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = selectors.round_get(request.user, uid, action="evaluation.organise")
    try:
        services_publication.round_finalise(actor=request.user, rnd=rnd)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The round is final."))
    return redirect("evaluation-round-objections", uid=rnd.uid)
