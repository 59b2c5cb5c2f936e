"""Democratic rating pages: the organiser's rating, its one-time links, the results; and the public
rating page reached by a link or QR code without signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, get_scoped_or_404, scoped
from hts.activities.checkin import qr_svg
from hts.core.forms import add_errors, submit
from hts.evaluation.democratic import guards, selectors, services
from hts.evaluation.democratic.forms import DemocraticRatingForm, RatingAnswerForm, TokenIssueForm
from hts.evaluation.democratic.models import DemocraticRating
from hts.evaluation.rounds.models import EvaluationRound


def _round_for_organiser(user: Any, uid: Any) -> EvaluationRound:
    return get_scoped_or_404(
        user, "evaluation.organise", EvaluationRound.objects.select_related("version__rubric"), uid=uid
    )


def _rating_for_organiser(user: Any, uid: Any) -> DemocraticRating:
    rounds = scoped(user, "evaluation.organise", EvaluationRound.objects.all())
    return get_object_or_404(
        DemocraticRating.objects.select_related("round", "item").filter(round__in=rounds.values("pk")), uid=uid
    )


@action_required("evaluation.organise")
def rating_create(request: HttpRequest, round_uid: str) -> HttpResponse:
    rnd = _round_for_organiser(request.user, round_uid)
    form = DemocraticRatingForm(request.POST or None, rnd=rnd)
    rating = submit(
        request, form, lambda data: services.democratic_rating_create(actor=request.user, rnd=rnd, data=data)
    )
    if rating is not None:
        messages.success(request, _("Democratic rating added. Now issue its links."))
        return redirect("evaluation-democratic-detail", uid=rating.uid)
    return render(
        request,
        "evaluation/democratic/form.html",
        {"form": form, "round": rnd},
        status=400 if request.method == "POST" else 200,
    )


@action_required("evaluation.organise")
def rating_detail(request: HttpRequest, uid: str) -> HttpResponse:
    rating = _rating_for_organiser(request.user, uid)
    return render(request, "evaluation/democratic/detail.html", _detail_context(rating, TokenIssueForm()))


def _detail_context(rating: DemocraticRating, form: TokenIssueForm) -> dict[str, Any]:
    return {
        "rating": rating,
        "round": rating.round,
        "results": selectors.rating_results(rating),
        "is_open": guards.rating_is_open(rating),
        "can_issue": rating.round.status in (EvaluationRound.Status.DRAFT, EvaluationRound.Status.OPEN),
        "form": form,
    }


@never_cache
@require_POST
@action_required("evaluation.organise")
def tokens_issue(request: HttpRequest, uid: str) -> HttpResponse:
    """Issues the links and shows them this once, to print: only their hashes are kept."""
    rating = _rating_for_organiser(request.user, uid)
    form = TokenIssueForm(request.POST)
    issued = None
    if form.is_valid():
        try:
            issued = services.rating_tokens_issue(
                actor=request.user, rating=rating, per_subject=form.cleaned_data["per_subject"]
            )
        except ValidationError as error:
            add_errors(form, error)
    if issued is None:
        return render(request, "evaluation/democratic/detail.html", _detail_context(rating, form), status=400)
    links = []
    for entry in issued:
        url = request.build_absolute_uri(reverse("evaluation-democratic-respond", kwargs={"token": entry.token}))
        links.append({"subject": entry.subject, "url": url, "qr": qr_svg(url)})
    response = render(request, "evaluation/democratic/tokens.html", {"rating": rating, "links": links})
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
def rating_respond(request: HttpRequest, token: str) -> HttpResponse:
    """The public page behind a link: no sign-in; one answer per link."""
    try:
        row = services.token_lookup(token)
    except services.TokenRefused as refused:
        return render(
            request, "evaluation/democratic/refused.html", {"message": refused.message}, status=refused.status
        )
    form = RatingAnswerForm(request.POST or None, scale=row.rating.scale)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_respond(token=token, **form.cleaned_data)
        except services.TokenRefused as refused:
            return render(
                request, "evaluation/democratic/refused.html", {"message": refused.message}, status=refused.status
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(request, "evaluation/democratic/thanks.html", {"rating": row.rating})
    return render(
        request,
        "evaluation/democratic/respond.html",
        {"rating": row.rating, "subject": row.subject, "form": form},
        status=400 if request.method == "POST" else 200,
    )
