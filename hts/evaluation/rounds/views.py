"""Round pages: list, create, detail with people and raters, the transitions, the raters' scoring
sheet, the published ranking and the Excel exports. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.core.forms import add_errors
from hts.core.pagination import paginate, querystring_without_page
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook
from hts.core.workflow import TransitionRefused
from hts.evaluation.rounds import guards, selectors, services, summaries
from hts.evaluation.rounds.evidence import proposals_for
from hts.evaluation.rounds.forms import FindForm, RoundForm, SheetForm
from hts.evaluation.rounds.models import EvaluationRound, Rater

Status = EvaluationRound.Status


@action_required("evaluation.view")
def round_list(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "")
    status = request.GET.get("status", "")
    rounds = selectors.round_list(request.user, period=period, status=status)
    page = paginate(request, rounds)
    return render(
        request,
        "evaluation/rounds/list.html",
        {
            "page": page,
            "missing_months": selectors.summaries_missing_months(page.object_list),
            "querystring": querystring_without_page(request),
            "period": period,
            "status": status,
            "periods": EvaluationRound.Period.choices,
            "statuses": EvaluationRound.Status.choices,
            "can_create": bool(selectors.organisers_for(request.user)),
            "summary_offers": selectors.round_summary_sources(request.user),
        },
    )


@action_required("evaluation.organise")
def round_create(request: HttpRequest) -> HttpResponse:
    options = selectors.organisers_for(request.user)
    if not options:
        raise PermissionDenied(_("You may not organise rounds."))
    key = request.POST.get("organiser") or request.GET.get("organiser") or options[0].key
    chosen = next((o for o in options if o.key == key), options[0])
    organiser = chosen.obj
    form = RoundForm(
        request.POST or None,
        region=selectors.organiser_region(organiser),
        versions=selectors.versions_for(organiser),
    )
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, organiser=organiser, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Round “%(title)s” created.") % {"title": rnd.title})
            return redirect(rnd)
    return render(
        request,
        "evaluation/rounds/form.html",
        {"form": form, "options": options, "chosen": chosen},
        status=400 if request.method == "POST" else 200,
    )


@action_required("evaluation.view")
def round_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    rnd = selectors.round_get(request.user, uid)
    return render(request, "evaluation/rounds/detail.html", _detail_context(request, rnd))


def _detail_context(request: HttpRequest, rnd: EvaluationRound, **forms: Any) -> dict[str, Any]:
    user = request.user
    organiser = guards.may_organise(rnd, user)
    answers: dict[str, tuple[bool, str]] = {}
    if organiser:
        answers = {
            "edit": guards.can_edit(rnd, user),
            "open": guards.can_open(rnd, user) if rnd.status == Status.DRAFT else (False, ""),
            "close": guards.can_close(rnd, user)
            if rnd.status == Status.OPEN or (rnd.status == Status.DRAFT and selectors.is_summary(rnd))
            else (False, ""),
            "publish": guards.can_publish(rnd, user),
        }
    raters = selectors.raters_with_progress(rnd)
    return {
        "round": rnd,
        "organiser": organiser,
        "guards": answers,
        "raters": raters,
        "subjects": paginate(request, selectors.round_subjects(rnd)),
        "sources": list(rnd.sources.order_by("month")),
        "missing_months": selectors.summary_missing_months(rnd),
        "is_rater": rnd.status == Status.OPEN and any(r["rater"].user_id == user.pk for r in raters),
        "subject_form": forms.get("subject_form") or FindForm(prefix="subject"),
        "rater_form": forms.get("rater_form") or FindForm(prefix="rater"),
        "has_results": rnd.status in (Status.CLOSED, Status.PUBLISHED, Status.FINAL),
        "published": rnd.status in selectors.PUBLISHED,
    }


def _act(request: HttpRequest, uid: UUID, call: Callable[[EvaluationRound], Any], done: str) -> HttpResponse:
    """Runs an organiser's action on the round; a refusal is shown on the round's page."""
    rnd = selectors.round_get(request.user, uid, action="evaluation.organise")
    try:
        call(rnd)
    except (TransitionRefused, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(rnd)


@require_POST
@action_required("evaluation.organise")
def round_open(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _act(
        request, uid, lambda rnd: services.round_open(actor=request.user, rnd=rnd), _("The round is open for scoring.")
    )


@require_POST
@action_required("evaluation.organise")
def round_close(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _act(request, uid, lambda rnd: services.round_close(actor=request.user, rnd=rnd), _("The round is closed."))


@require_POST
@action_required("evaluation.organise")
def round_publish(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _act(
        request,
        uid,
        lambda rnd: services.round_publish(actor=request.user, rnd=rnd),
        _("The results are published."),
    )


@require_POST
@action_required("evaluation.organise")
def round_subjects_fill(request: HttpRequest, uid: UUID) -> HttpResponse:
    def fill(rnd: EvaluationRound) -> None:
        added = services.subjects_fill(actor=request.user, rnd=rnd)
        messages.info(request, _("%(count)s people added.") % {"count": added})

    return _act(request, uid, fill, _("The list of people is up to date."))


@require_POST
@action_required("evaluation.organise")
def round_summary_create(request: HttpRequest, uid: UUID) -> HttpResponse:
    source = selectors.round_get(request.user, uid, action="evaluation.organise")
    try:
        rnd = summaries.summary_round_create(
            actor=request.user, source=source, period=request.POST.get("period", EvaluationRound.Period.SEMESTER)
        )
    except summaries.SummaryExists as exists:
        existing = exists.existing
        messages.error(
            request,
            format_html(
                '{} <a href="{}" class="alert-link" data-testid="summary-exists">{}</a>',
                _("This summary already exists:"),
                existing.get_absolute_url(),
                existing.title,
            ),
        )
        return redirect("evaluation-round-list")
    except (TransitionRefused, ValidationError) as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation-round-list")
    messages.success(request, _("Summary round created: close it to sum the monthly results."))
    return redirect(rnd)


def _find_and_add(request: HttpRequest, uid: UUID, prefix: str) -> HttpResponse:
    rnd = selectors.round_get(request.user, uid, action="evaluation.organise")
    form = FindForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            if prefix == "subject":
                services.subject_add(actor=request.user, rnd=rnd, query=form.cleaned_data["query"])
            else:
                services.rater_add(actor=request.user, rnd=rnd, query=form.cleaned_data["query"])
        except TransitionRefused as error:
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error("query", error.messages)
        else:
            messages.success(request, _("Added."))
            return redirect(rnd)
    context = _detail_context(request, rnd, **{f"{prefix}_form": form})
    return render(request, "evaluation/rounds/detail.html", context, status=400)


@require_POST
@action_required("evaluation.organise")
def round_subject_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _find_and_add(request, uid, "subject")


@require_POST
@action_required("evaluation.organise")
def round_rater_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _find_and_add(request, uid, "rater")


@require_POST
@action_required("evaluation.organise")
def round_subject_remove(request: HttpRequest, uid: UUID, subject_uid: UUID) -> HttpResponse:
    def remove(rnd: EvaluationRound) -> None:
        services.subject_remove(actor=request.user, subject=get_object_or_404(rnd.subjects, uid=subject_uid))

    return _act(request, uid, remove, _("Removed."))


@require_POST
@action_required("evaluation.organise")
def round_rater_remove(request: HttpRequest, uid: UUID, user_uid: UUID) -> HttpResponse:
    def remove(rnd: EvaluationRound) -> None:
        services.rater_remove(actor=request.user, rater=get_object_or_404(rnd.raters, user__uid=user_uid))

    return _act(request, uid, remove, _("Removed."))


# Scoring --------------------------------------------------------------------------------------------------


@action_required("evaluation.rate")
def my_sheets(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/rounds/my_sheets.html", {"raters": selectors.my_sheets(request.user)})


def _sheet_round_or_closed(request: HttpRequest, uid: UUID) -> tuple[EvaluationRound, Rater] | HttpResponse:
    """The open round and the user's rater row; for a round the user rated that is no longer open, the
    list of their sheets with why (a 404 for everyone else)."""
    try:
        return selectors.sheet_round_get(request.user, uid)
    except Http404:
        rnd = selectors.round_rated_by(request.user, uid)
        if rnd is None:
            raise
        messages.info(
            request,
            _("“%(title)s” is not open for scoring (it is %(status)s): its sheets can no longer be filled in.")
            % {"title": rnd.title, "status": rnd.get_status_display()},
        )
        return redirect("evaluation-sheet-list")


@action_required("evaluation.rate")
def sheet_index(request: HttpRequest, uid: UUID) -> HttpResponse:
    found = _sheet_round_or_closed(request, uid)
    if isinstance(found, HttpResponse):
        return found
    rnd, rater = found
    if request.method == "POST":
        try:
            services.sheet_submit(actor=request.user, rater=rater)
        except TransitionRefused as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your sheet is submitted."))
        return redirect("evaluation-sheet-index", uid=rnd.uid)
    rows = selectors.sheet_subjects(rnd, rater)
    return render(
        request,
        "evaluation/rounds/sheet_index.html",
        {"round": rnd, "rater": rater, "rows": rows, "complete": all(r["given"] >= r["needed"] for r in rows)},
    )


@action_required("evaluation.rate")
def sheet(request: HttpRequest, uid: UUID, subject_uid: UUID) -> HttpResponse:
    found = _sheet_round_or_closed(request, uid)
    if isinstance(found, HttpResponse):
        return found
    rnd, rater = found
    subject = get_object_or_404(rnd.subjects.select_related("teacher", "school"), uid=subject_uid)
    items = selectors.sheet_items(rnd)
    proposals = {item_pk: p for (subject_pk, item_pk), p in proposals_for(rnd, [subject]).items()}
    form = SheetForm(request.POST or None, items=items, scores=selectors.scores_of(rater, subject), proposals=proposals)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(actor=request.user, rater=rater, subject=subject, entries=form.entries())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Scores for %(name)s saved.") % {"name": subject.teacher.name})
            target = request.POST.get("then")
            neighbours = _neighbours(rnd, subject)
            if target in ("next", "previous") and neighbours[target]:
                return redirect("evaluation-sheet", uid=rnd.uid, subject_uid=neighbours[target].uid)
            return redirect("evaluation-sheet", uid=rnd.uid, subject_uid=subject.uid)
    return render(
        request,
        "evaluation/rounds/sheet.html",
        {
            "round": rnd,
            "subject": subject,
            "form": form,
            "rows": form.rows(),
            "proposals": proposals,
            "maximum": sum((item.max_points for item in items), start=0),
            **_neighbours(rnd, subject),
        },
        status=400 if request.method == "POST" else 200,
    )


def _neighbours(rnd: EvaluationRound, subject: Any) -> dict[str, Any]:
    ordered = list(rnd.subjects.select_related("teacher").order_by("teacher__name", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == subject.pk)
    return {
        "previous": ordered[index - 1] if index > 0 else None,
        "next": ordered[index + 1] if index + 1 < len(ordered) else None,
        "position": index + 1,
        "count": len(ordered),
    }


# Published results and exports ---------------------------------------------------------------------------


@action_required("evaluation.view", "evaluation.own")
def round_result(request: HttpRequest, uid: UUID) -> HttpResponse:
    context = selectors.published_result(request.user, uid)
    context["page"] = paginate(request, context.pop("rows"))
    context["querystring"] = querystring_without_page(request)
    response = render(request, "evaluation/rounds/result.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _closed_round(request: HttpRequest, uid: UUID) -> EvaluationRound:
    rnd = selectors.round_get(request.user, uid)
    if rnd.status not in (Status.CLOSED, Status.PUBLISHED, Status.FINAL):
        raise Http404
    return rnd


@action_required("evaluation.view")
def export_scores(request: HttpRequest, uid: UUID) -> HttpResponse:
    rnd = _closed_round(request, uid)
    headers = [
        _("Rater"), _("Person"), _("School"), _("Item"), _("Content"), _("Points"), _("Proposed"), _("Reason"),
    ]  # fmt: skip
    data = write_workbook([(_("Score sheets"), headers, selectors.score_sheet_rows(rnd))])
    suffix = _("Score sheets")
    return _xlsx(data, f"{rnd.title}-{suffix}.xlsx")


@action_required("evaluation.view")
def export_ranking(request: HttpRequest, uid: UUID) -> HttpResponse:
    rnd = _closed_round(request, uid)
    headers = [_("Person"), _("School"), _("Total"), _("Grade"), _("Rank in school"), _("Rank in district")]
    rows = [
        [s.teacher.name, s.school.name, s.total, s.get_grade_display(), s.rank_in_school, s.rank_in_district]
        for s in selectors.round_subjects(rnd)
    ]
    data = write_workbook([(_("Ranking"), headers, rows)])
    suffix = _("Ranking")
    return _xlsx(data, f"{rnd.title}-{suffix}.xlsx")
