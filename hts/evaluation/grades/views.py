"""Grades and their consequences: the studio's semester grades with the rotation-out step and the
end-of-cycle appraisals, and the bureau's queue of failing yearly results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, require
from hts.core.forms import add_errors
from hts.core.pagination import paginate, querystring_without_page
from hts.evaluation.grades import selectors, services
from hts.evaluation.grades.forms import GradeForm, ReviewForm
from hts.evaluation.grades.models import YearlyFailure


def _studio_page(request: HttpRequest, uid: str, form: GradeForm | None = None, status: int = 200) -> HttpResponse:
    studio = selectors.studio_for_grades(request.user, uid)
    data = selectors.studio_grades(studio)
    can_record = can(request.user, "grade.record") and studio.host_id == getattr(request.user, "teacher_id", None)
    if form is None and can_record:
        form = GradeForm(members=data["active_members"], semesters=data["semesters"])
    return render(
        request,
        "evaluation/grades/studio.html",
        {"studio": studio, "form": form if can_record else None, "can_record": can_record, **data},
        status=status,
    )


@action_required("grade.record", "evaluation.view")
def studio_grades(request: HttpRequest, uid: str) -> HttpResponse:
    if request.method != "POST":
        return _studio_page(request, uid)
    require(request.user, "grade.record")
    studio = selectors.studio_for_grades(request.user, uid)
    data = selectors.studio_grades(studio)
    form = GradeForm(request.POST, members=data["active_members"], semesters=data["semesters"])
    if form.is_valid():
        try:
            services.member_grade_record(
                actor=request.user,
                membership=form.cleaned_data["membership"],
                semester=form.cleaned_data["semester"],
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Grade recorded."))
            return redirect("evaluation-grades-studio", uid=studio.uid)
    return _studio_page(request, uid, form=form, status=400)


@action_required("failure.review")
def failure_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", YearlyFailure.Status.REPORTED)
    status = status if status in YearlyFailure.Status.values else ""
    return render(
        request,
        "evaluation/grades/failures.html",
        {
            "page": paginate(request, selectors.failures_for(request.user, status=status)),
            "status": status,
            "statuses": YearlyFailure.Status.choices,
            "querystring": querystring_without_page(request),
        },
    )


@require_POST
@action_required("failure.review")
def failure_review(request: HttpRequest, uid: str) -> HttpResponse:
    failure = selectors.failure_get(request.user, uid)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.yearly_failure_review(
                actor=request.user,
                failure=failure,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
            return redirect("evaluation-failure-list")
        messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _("Choose confirm or withdraw."))
    return redirect("evaluation-failure-list")
