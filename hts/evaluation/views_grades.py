"""Grades and their consequences: the studio's semester grades with the rotation-out step and the
end-of-cycle appraisals, and the bureau's queue of failing yearly results."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, require
from hts.core.forms import add_errors
from hts.core.pagination import paginate, querystring_without_page
from hts.evaluation import selectors_grades as selectors
from hts.evaluation import services_grades as services
from hts.evaluation.models import YearlyFailure
from hts.org.models import Semester
from hts.studios.models import Grade, Membership


class GradeForm(forms.Form):
    membership = forms.ModelChoiceField(label=gettext_lazy("Member"), queryset=Membership.objects.none())
    semester = forms.ModelChoiceField(label=gettext_lazy("Semester"), queryset=Semester.objects.none())
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), choices=Grade.choices)
    comment = forms.CharField(label=gettext_lazy("Comment"), max_length=300, required=False)

    def __init__(self, *args: object, members: list[Membership], semesters: list[Semester], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["membership"].queryset = Membership.objects.filter(pk__in=[m.pk for m in members]).select_related(
            "teacher"
        )  # type: ignore[attr-defined]
        self.fields["membership"].label_from_instance = lambda m: m.person_name  # type: ignore[attr-defined]
        self.fields["semester"].queryset = Semester.objects.filter(pk__in=[s.pk for s in semesters]).select_related(
            "school_year"
        )  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", gettext_lazy("Confirm")), ("withdraw", gettext_lazy("Withdraw"))])
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


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
