"""Suggestion box pages: the sender's "my suggestions" and the form; the receiver's queue (school office
or bureau), one suggestion with the answer, its Excel export; the bureau's counts by school and state.
The receiver's pages and exports show only what ``selectors.inbox`` returns (never an anonymous sender)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.accounts.access import action_required, get_scoped_or_404
from hts.core.pagination import paginate, querystring_without_page
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook
from hts.portal.ideas import guards, selectors, services
from hts.portal.ideas.forms import AnswerForm, SuggestionForm
from hts.portal.ideas.models import Suggestion

EXPORT_ROWS = 5000


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name + ".xlsx") or ""
    return response


@action_required("ideas.send")
def mine(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.my_suggestions(request.user))
    return render(request, "portal/ideas/mine.html", {"page": page, "may_send": guards.can_send(request.user)[0]})


@action_required("ideas.send")
def new(request: HttpRequest) -> HttpResponse:
    ok, reason = guards.can_send(request.user)
    if not ok:
        raise PermissionDenied(reason)
    school = request.user.teacher.school  # type: ignore[union-attr]
    form = SuggestionForm(request.POST or None, school=school, bureaus=services.bureaus_above(school))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                suggestion = services.suggestion_send(
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    to_region=form.to_region(),
                    anonymous=data["anonymous"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(request, _("Your suggestion is sent. You are told of each step here."))
                return redirect("portal-ideas-mine-detail", uid=suggestion.uid)
    return render(request, "portal/ideas/form.html", {"form": form}, status=status)


@action_required("ideas.send")
def mine_detail(request: HttpRequest, uid: str) -> HttpResponse:
    suggestion = selectors.mine_get_or_404(request.user, uid)
    return render(
        request,
        "portal/ideas/mine_detail.html",
        {"suggestion": suggestion, "steps": selectors.steps_of(suggestion.pk)},
    )


def _status_filter(request: HttpRequest) -> str:
    status = request.GET.get("status", "")
    return status if status in Suggestion.Status.values else ""


@action_required("ideas.answer")
def inbox(request: HttpRequest) -> HttpResponse:
    status = _status_filter(request)
    rows = selectors.inbox(request.user, status)
    if request.GET.get("format") == "xlsx":
        return _inbox_export(request, rows)
    return render(
        request,
        "portal/ideas/inbox.html",
        {
            "page": paginate(request, rows),
            "status": status,
            "statuses": Suggestion.Status.choices,
            "waiting": selectors.waiting_count(request.user),
            "querystring": querystring_without_page(request),
        },
    )


def _inbox_export(request: HttpRequest, rows: object) -> HttpResponse:
    kinds, statuses = dict(Suggestion.Kind.choices), dict(Suggestion.Status.choices)
    anonymous = _("Anonymous")
    body = [
        [
            row["created_at"].date(),
            force_str(kinds[row["kind"]]),
            row["title"],
            row["body"],
            row["sender_name"] or anonymous,
            row["sender_school"],
            force_str(statuses[row["status"]]),
            row["answer"],
        ]
        for row in rows[:EXPORT_ROWS]  # type: ignore[index]
    ]
    headers = [_("sent on"), _("kind"), _("heading"), _("text"), _("sender"), _("school"), _("status"), _("answer")]
    caption = _("Suggestions received") + " " + timezone.localdate().isoformat()
    return _xlsx(write_workbook([(_("Suggestions"), headers, body)], caption=caption), caption)


@action_required("ideas.answer")
def received(request: HttpRequest, uid: str) -> HttpResponse:
    row = selectors.received(request.user, uid)
    # The model row for the guards and the services; the page itself shows only `row`.
    suggestion = get_scoped_or_404(request.user, "ideas.answer", Suggestion.objects.all(), uid=uid)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            decision, answer = form.cleaned_data["decision"], form.cleaned_data["answer"]
            try:
                if decision == "consider":
                    services.suggestion_consider(actor=request.user, suggestion=suggestion, note=answer)
                else:
                    services.suggestion_decide(
                        actor=request.user, suggestion=suggestion, adopted=decision == "adopt", answer=answer
                    )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(request, _("Saved: the sender is told."))
                return redirect("portal-ideas-received", uid=uid)
    return render(
        request,
        "portal/ideas/received.html",
        {
            "row": row,
            "status_label": dict(Suggestion.Status.choices)[row["status"]],
            "kind_label": dict(Suggestion.Kind.choices)[row["kind"]],
            "steps": selectors.steps_of(row["pk"]),
            "form": form,
            "may_decide": guards.can_decide(suggestion, request.user)[0],
        },
        status=status,
    )


@action_required("ideas.counts")
def counts(request: HttpRequest) -> HttpResponse:
    rows = selectors.counts_by_school(request.user)
    totals = selectors.totals(rows)
    if request.GET.get("format") == "xlsx":
        none_label = _("Anonymous, to a bureau (school not shown)")
        headers = [_("school"), *[force_str(label) for label in Suggestion.Status.labels], pgettext("count", "total")]
        body = [[row.school or none_label, *row.in_order(), row.total] for row in rows]
        body.append([_("Total"), *totals, sum(totals)])
        caption = _("Suggestions by school and state") + " " + timezone.localdate().isoformat()
        return _xlsx(write_workbook([(_("Suggestions"), headers, body)], caption=caption), caption)
    return render(
        request,
        "portal/ideas/counts.html",
        {"rows": rows, "totals": totals, "grand_total": sum(totals), "statuses": Suggestion.Status.labels},
    )
