"""Funds pages: the overview, a studio's year (grant, budget, ledger), expenses and their two
signatures, receipts (served after the permission check), grants, budgets and the funding policy.

Views are thin: they fetch within the user's scope (404 outside it), call a service, and show its
refusal beside the form with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, can, principal
from hts.core.files import serve_stored
from hts.core.forms import submit
from hts.core.pagination import paginate, querystring_without_page
from hts.core.workflow import labelled_transitions
from hts.funds import guards, selectors, services
from hts.funds.forms import BudgetForm, ExpenseForm, FundingPolicyForm, GrantForm, ReasonForm
from hts.funds.models import Expense
from hts.studios.models import Studio


def _year(request: HttpRequest, studio: Studio | None = None) -> int:
    if studio is not None:
        return selectors.parse_year(request.GET.get("year") or request.POST.get("year"), studio)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _written_year(request: HttpRequest, shown: int) -> int:
    """The year a write names, as typed: a year outside the cycle is refused by the service, never
    replaced by the year the page shows (a grant for 1900 must not overwrite this year's)."""
    try:
        return int(request.GET.get("year") or request.POST.get("year") or shown)
    except ValueError:
        return shown


@action_required("funds.view")
def home(request: HttpRequest) -> HttpResponse:
    """Studios whose money the user may see, with the year's figures; match shortfalls first."""
    year = _year(request)
    search = request.GET.get("q", "").strip()
    short_only = request.GET.get("short") == "1"
    studios = selectors.overview(request.user, year=year, search=search, short_only=short_only)
    page = paginate(request, studios)
    for studio in page:
        selectors.settle(studio)
    to_sign = list(selectors.awaiting_signature(request.user)[:50])
    return render(
        request,
        "funds/home.html",
        {
            "page": page,
            "year": year,
            "years": range(year - 3, year + 2),
            "search": search,
            "short_only": short_only,
            "to_sign": to_sign,
            "querystring": querystring_without_page(request),
            "can_grant": principal(request).can("funds.grant"),
            "can_manage_policy": principal(request).can("batch.manage"),
            "batches": _batches_for_policy(request),
        },
    )


def _batches_for_policy(request: HttpRequest) -> list[Any]:
    if not principal(request).can("batch.manage"):
        return []
    from hts.studios.models import Batch

    return list(principal(request).scoped("batch.manage", Batch.objects.order_by("-start_year", "name"))[:20])


@action_required("funds.view")
def studio_year(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid)
    year = _year(request, studio)
    summary = selectors.year_summary(studio, year)
    return render(
        request,
        "funds/studio.html",
        {
            "studio": studio,
            "year": year,
            "years": selectors.years_of(studio),
            "summary": summary,
            "labels": summary.policy.category_labels,
            "entries": selectors.ledger_entries(studio, year),
            "open_expenses": selectors.expenses_open(studio, year),
            "assets": selectors.fixed_assets(studio),
            "can_spend": guards.can_spend(studio, request.user)[0],
            "can_grant": can(request.user, "funds.grant", studio),
        },
    )


@action_required("funds.spend")
def expense_create(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid, action="funds.spend")
    policy = selectors.policy_of(studio.batch)
    # Receipts are read as a list from request.FILES; the form keeps the typed fields on a refusal.
    form = ExpenseForm(request.POST or None, policy=policy)
    expense = submit(
        request,
        form,
        lambda data: services.expense_create(
            actor=request.user,
            studio=studio,
            data={name: data[name] for name in services.EXPENSE_FIELDS},
            receipts=request.FILES.getlist("receipts"),
        ),
    )
    if expense is not None:
        messages.success(request, _("Expense recorded as a draft. Sign it to send it to the legal representative."))
        return redirect("funds-expense-detail", uid=expense.uid)
    status = 400 if request.method == "POST" else 200
    return render(request, "funds/expense_form.html", {"form": form, "studio": studio}, status=status)


def _expense_context(request: HttpRequest, expense: Expense, **extra: Any) -> dict[str, Any]:
    user = request.user
    context = {
        "expense": expense,
        "studio": expense.studio,
        "category_label": selectors.policy_of(expense.studio.batch).label_of(expense.category),
        "receipts": list(expense.receipts.all()),
        "transitions": labelled_transitions(expense, Expense.Status.choices),
        "entries": list(expense.ledger_entries.all()),
        "can_add_receipt": guards.can_add_receipt(expense, user)[0],
        "sign": guards.can_sign(expense, user),
        "can_book": guards.can_book(expense, user)[0],
        "can_reject": guards.can_reject(expense, user)[0],
        "can_reverse": guards.can_reverse(expense, user)[0],
        "reason_form": ReasonForm(),
    }
    context.update(extra)
    return context


@action_required("funds.view")
def expense_detail(request: HttpRequest, uid: str) -> HttpResponse:
    expense = selectors.expense_get(request.user, uid)
    return render(request, "funds/expense_detail.html", _expense_context(request, expense))


VERBS = {
    "sign": ("funds.spend",),
    "book": ("funds.sign",),
    "reject": ("funds.spend", "funds.sign"),
    "reverse": ("funds.sign", "funds.grant"),
    "receipt": ("funds.spend",),
}


@require_POST
@action_required("funds.spend", "funds.sign", "funds.grant")
def expense_act(request: HttpRequest, uid: str, verb: str) -> HttpResponse:
    if verb not in VERBS:
        raise Http404
    principal(request).require_any(*VERBS[verb])
    expense = selectors.expense_get(request.user, uid)
    reason_form = ReasonForm(request.POST if verb in {"reject", "reverse"} else None)
    try:
        if verb == "sign":
            services.expense_sign(actor=request.user, expense=expense)
            messages.success(request, _("Signed. The legal representative of the host school checks and signs next."))
        elif verb == "book":
            services.expense_book(actor=request.user, expense=expense)
            messages.success(request, _("Signed and booked in the ledger."))
        elif verb == "receipt":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose a file to upload."))
            services.receipt_add(actor=request.user, expense=expense, upload=upload)
            messages.success(request, _("Receipt added."))
        else:
            if not reason_form.is_valid():
                raise ValidationError(_("Give the reason."))
            service = services.expense_reject if verb == "reject" else services.expense_reverse
            service(actor=request.user, expense=expense, reason=reason_form.cleaned_data["reason"])
            messages.success(request, _("Rejected.") if verb == "reject" else _("Reversed by a correction entry."))
    except (ValidationError, PermissionDenied) as error:
        messages_list = error.messages if isinstance(error, ValidationError) else [str(error)]
        expense.refresh_from_db()
        context = _expense_context(request, expense, error=" ".join(messages_list))
        if verb in {"reject", "reverse"}:
            context["reason_form"] = reason_form
        return render(request, "funds/expense_detail.html", context, status=400)
    return redirect("funds-expense-detail", uid=expense.uid)


@action_required("funds.view")
def receipt_download(request: HttpRequest, uid: str, receipt_uid: str) -> FileResponse:
    """Receipts are served only here, after the same scope check as the expense page."""
    expense = selectors.expense_get(request.user, uid)
    receipt = get_object_or_404(expense.receipts.all(), uid=receipt_uid)
    return serve_stored(receipt)


@action_required("funds.spend")
def budget_edit(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid, action="funds.spend")
    year = _year(request, studio)
    summary = selectors.year_summary(studio, year)
    initial = {row.code: row.budget for row in summary.rows}
    form = BudgetForm(request.POST or None, policy=summary.policy, initial_amounts=initial)
    saved = submit(
        request,
        form,
        lambda data: services.budget_save(
            actor=request.user, studio=studio, year=_written_year(request, year), amounts=form.amounts()
        ),
    )
    if saved is not None:
        messages.success(request, _("Budget saved."))
        return redirect(f"{studio_url(studio)}?year={year}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "funds/budget_form.html",
        {"form": form, "studio": studio, "year": year, "summary": summary},
        status=status,
    )


@action_required("funds.grant")
def grant_edit(request: HttpRequest, uid: str) -> HttpResponse:
    studio = selectors.studio_get(request.user, uid, action="funds.grant")
    year = _year(request, studio)
    summary = selectors.year_summary(studio, year)
    policy = summary.policy
    standard = policy.grant_standard(city_direct=studio.host_school.city_direct)
    initial = {
        "city_amount": summary.grant.city_amount if summary.grant else standard,
        "district_match": summary.grant.district_match
        if summary.grant
        else policy.match_required(city_direct=studio.host_school.city_direct, city_amount=standard),
        "note": summary.grant.note if summary.grant else "",
    }
    form = GrantForm(request.POST or None, initial=initial)
    grant = submit(
        request,
        form,
        lambda data: services.grant_record(
            actor=request.user, studio=studio, year=_written_year(request, year), data=data
        ),
    )
    if grant is not None:
        messages.success(request, _("Grant recorded."))
        return redirect(f"{studio_url(studio)}?year={year}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "funds/grant_form.html",
        {"form": form, "studio": studio, "year": year, "summary": summary, "standard": standard},
        status=status,
    )


@action_required("batch.manage")
def policy_edit(request: HttpRequest, uid: str) -> HttpResponse:
    batch = selectors.batch_get(request.user, uid)
    policy = selectors.policy_of(batch)
    form = FundingPolicyForm.for_policy(policy, request.POST or None)
    saved = submit(
        request, form, lambda data: services.funding_policy_update(actor=request.user, batch=batch, data=data)
    )
    if saved is not None:
        messages.success(request, _("Funding policy saved."))
        return redirect("funds-home")
    status = 400 if request.method == "POST" else 200
    history = list(policy.history.select_related("history_user").order_by("-history_date")[:10]) if policy.pk else []
    # The batch's template sets no funding (000, 001) and the bureau has set none yet.
    unset = policy.pk is None and not policy.categories
    return render(
        request,
        "funds/policy_form.html",
        {"form": form, "batch": batch, "history": history, "unset": unset},
        status=status,
    )


def studio_url(studio: Studio) -> str:
    from django.urls import reverse

    return reverse("funds-studio", kwargs={"uid": studio.uid})
