"""Writes for studio funds. Each checks permission, scope and policy, runs in a transaction, and
audits with a dotted action name; refusals name the rule and the numbers, in the user's language.

The no-negative rule (a category's budget and the year's grant) is checked under a lock on the
studio-year's grant row, so two bookings at once cannot both pass a check that only one fits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.accounts.access import require
from hts.accounts.selectors import users_who_may
from hts.core.audit import audit_record, diff, snapshot
from hts.core.files import stored_file_accept, stored_file_discard
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.funds import guards, rules
from hts.funds.models import BudgetLine, Expense, FundingPolicy, Grant, LedgerEntry, Receipt, cents
from hts.funds.rules import money
from hts.notifications.services import Message, notifications_send
from hts.studios.guards import studio_open_for
from hts.studios.models import Batch, BatchPolicy, Studio
from hts.studios.policy_templates import PolicyBundle

POLICY_FIELDS = ["city_direct_grant", "district_city_grant", "district_match_ratio", "categories", "forbidden"]
GRANT_FIELDS = ["city_amount", "district_match", "note"]
EXPENSE_FIELDS = ["spent_on", "amount", "category", "payee", "purpose", "asset_number"]


def _history_save(instance: Any, actor: Any) -> None:
    """Saves so django-simple-history records the row as it now is, by `actor`."""
    if getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    instance.save()


# Policy ----------------------------------------------------------------------------------------------


def funding_policy_for(batch: Batch) -> FundingPolicy:
    """The batch's funding policy. A batch whose row is missing (opened before the policy existed) gets
    its template's funding the first time it is asked for; where the template sets none (000, 001) the
    money writes are refused until the bureau sets a policy."""
    try:
        if batch.funding_policy.pk:
            return batch.funding_policy
    except FundingPolicy.DoesNotExist:
        pass
    policy = FundingPolicy.objects.filter(batch=batch).first() or _create_from_template(batch)
    if policy is None:
        raise ValidationError(
            _("The policy of %(batch)s sets no funding: the bureau sets it on the funding-policy page first.")
            % {"batch": batch}
        )
    batch.funding_policy = policy
    return policy


def _create_from_template(batch: Batch) -> FundingPolicy | None:
    policy = FundingPolicy.from_template(batch)
    if policy is None:
        return None
    policy.full_clean(exclude=["batch"])
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError:  # created by a concurrent request
        return FundingPolicy.objects.get(batch=batch)
    return policy


def funding_policy_from_template(*, policy: BatchPolicy, bundle: PolicyBundle, actor: Any = None) -> None:
    """The funding part of a new batch's template (registered in FundsConfig.ready; batch_create has
    checked the actor). A template that sets no funding creates none: never another template's."""
    values = bundle.funding_values()
    if values is None or FundingPolicy.objects.filter(batch=policy.batch).exists():
        return
    funding = FundingPolicy(batch=policy.batch, **values)
    funding.full_clean(exclude=["batch"])
    funding.save()


def _codes_in_use(batch: Batch) -> set[str]:
    used = set(BudgetLine.objects.filter(studio__batch=batch, amount__gt=0).values_list("category", flat=True))
    used |= set(Expense.objects.filter(studio__batch=batch).values_list("category", flat=True))
    return used


@transaction.atomic
def funding_policy_update(*, actor: Any, batch: Batch, data: dict[str, Any]) -> FundingPolicy:
    require(actor, "batch.manage", batch)
    if not FundingPolicy.objects.filter(batch=batch).exists():
        _create_from_template(batch)
    # Where the template sets no funding, the bureau's first save creates the batch's policy.
    policy = FundingPolicy.objects.select_for_update().filter(batch=batch).first() or FundingPolicy.unset(batch)
    before = snapshot(policy, POLICY_FIELDS) if policy.pk else {}
    for name, value in data.items():
        setattr(policy, name, value)
    policy.full_clean()
    allowed = {item["code"] for item in policy.categories}
    dropped = sorted(_codes_in_use(batch) - allowed)
    if dropped:
        raise ValidationError(
            {
                "categories": _("Categories already used by budgets or expenses cannot be removed: %(codes)s")
                % {"codes": "、".join(dropped)}
            }
        )
    _history_save(policy, actor)
    policy.refresh_from_db()
    batch.funding_policy = policy
    audit_record(
        actor=actor, action="funds.policy.updated", target=policy, changes=diff(before, snapshot(policy, POLICY_FIELDS))
    )
    return policy


# Grants ----------------------------------------------------------------------------------------------


@transaction.atomic
def grant_record(*, actor: Any, studio: Studio, year: int, data: dict[str, Any]) -> Grant:
    """The bureau records (or corrects) a studio's grant for a year and the district's match.

    The city's amount may not exceed the policy's standard (第二条); a match below the policy
    ratio is allowed (it is what the district gave) and is flagged in every view.
    """
    require(actor, "funds.grant", studio)
    ok, reason = studio_open_for(studio, "grant", year=year)
    if not ok:
        raise ValidationError({"year": reason})
    policy = funding_policy_for(studio.batch)
    city_direct = studio.host_school.city_direct
    standard = policy.grant_standard(city_direct=city_direct)
    city_amount: Decimal = data["city_amount"]
    if city_amount > standard:
        raise ValidationError(
            {
                "city_amount": _(
                    "The standard for a studio at this school is %(standard)s a year; %(amount)s is above it."
                )
                % {"standard": money(standard), "amount": money(city_amount)}
            }
        )
    grant = Grant.objects.select_for_update().filter(studio=studio, year=year).first()
    if grant is None:
        grant = Grant(studio=studio, year=year, city_amount=Decimal(0), recorded_by=actor)
    else:
        # A grant may not be cut below what is already budgeted or spent that year.
        committed = max(_budget_total(studio, year), _spent_total(studio, year))
        total = city_amount + data.get("district_match", Decimal(0))
        if total < committed:
            raise ValidationError(
                {
                    "city_amount": _(
                        "%(committed)s is already budgeted or spent this year; the grant cannot be %(total)s."
                    )
                    % {"committed": money(committed), "total": money(total)}
                }
            )
    before = snapshot(grant, GRANT_FIELDS) if grant.pk else {}
    for name in GRANT_FIELDS:
        if name in data:
            setattr(grant, name, data[name])
    grant.recorded_by = actor
    grant.full_clean()
    _history_save(grant, actor)
    grant.refresh_from_db()
    audit_record(
        actor=actor,
        action="funds.grant.recorded",
        target=grant,
        changes=diff(before, snapshot(grant, GRANT_FIELDS)),
    )
    return grant


# Sums ------------------------------------------------------------------------------------------------


def _spent_total(studio: Studio, year: int, category: str | None = None) -> Decimal:
    qs = LedgerEntry.objects.filter(studio=studio, year=year)
    if category is not None:
        qs = qs.filter(category=category)
    return cents(qs.aggregate(total=Sum("amount"))["total"])


def _budget_total(studio: Studio, year: int, category: str | None = None) -> Decimal:
    qs = BudgetLine.objects.filter(studio=studio, year=year)
    if category is not None:
        qs = qs.filter(category=category)
    return cents(qs.aggregate(total=Sum("amount"))["total"])


def balance_refusal(studio: Studio, year: int, category: str, amount: Decimal, label: str) -> str:
    """Why booking `amount` in `category` would take the category's budget or the year's grant
    below zero; "" when it fits. The caller holds the grant row's lock when the answer binds."""
    grant = Grant.objects.filter(studio=studio, year=year).first()
    if grant is None:
        return _("No grant is recorded for %(year)s: nothing can be spent that year yet.") % {"year": year}
    budget = _budget_total(studio, year, category)
    spent = _spent_total(studio, year, category)
    if spent + amount > budget:
        return _(
            "“%(category)s” has a budget of %(budget)s for %(year)s, of which %(spent)s is booked; "
            "%(amount)s would leave %(left)s."
        ) % {
            "category": label,
            "budget": money(budget),
            "year": year,
            "spent": money(spent),
            "amount": money(amount),
            "left": money(budget - spent - amount),
        }
    total_spent = _spent_total(studio, year)
    if total_spent + amount > grant.total:
        return _(
            "The grant for %(year)s is %(total)s, of which %(spent)s is booked; %(amount)s would leave %(left)s."
        ) % {
            "year": year,
            "total": money(grant.total),
            "spent": money(total_spent),
            "amount": money(amount),
            "left": money(grant.total - total_spent - amount),
        }
    return ""


# Budget ----------------------------------------------------------------------------------------------


@transaction.atomic
def budget_save(*, actor: Any, studio: Studio, year: int, amounts: dict[str, Decimal]) -> list[BudgetLine]:
    """The host's budget for a year: one amount per allowed category, in total within the grant,
    and no category below what is already booked in it."""
    ok, reason = guards.can_spend(studio, actor)
    if not ok:
        raise PermissionDenied(reason)
    policy = funding_policy_for(studio.batch)
    ok, reason = studio_open_for(studio, "expense", year=year)
    if not ok:
        raise ValidationError(reason)
    grant = Grant.objects.select_for_update().filter(studio=studio, year=year).first()
    if grant is None:
        raise ValidationError(_("No grant is recorded for %(year)s: the bureau records it first.") % {"year": year})
    unknown = sorted(set(amounts) - set(policy.category_labels))
    if unknown:
        raise ValidationError(_("Unknown categories: %(codes)s") % {"codes": "、".join(unknown)})
    errors: dict[str, str] = {}
    booked = {
        code: cents(total)
        for code, total in LedgerEntry.objects.filter(studio=studio, year=year)
        .values("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    }
    for code, amount in amounts.items():
        if amount < 0:
            errors[code] = _("This cannot be negative.")
            continue
        spent = booked.get(code, Decimal("0.00"))
        if amount < spent:
            errors[code] = _("%(spent)s is already booked in this category.") % {"spent": money(spent)}
    if errors:
        raise ValidationError(errors)
    existing = {line.category: line for line in BudgetLine.objects.filter(studio=studio, year=year)}
    total = sum(amounts.values(), Decimal(0)) + sum(
        (line.amount for code, line in existing.items() if code not in amounts), Decimal(0)
    )
    if total > grant.total:
        raise ValidationError(
            _("The budget adds up to %(total)s, above the grant of %(grant)s for %(year)s.")
            % {"total": money(total), "grant": money(grant.total), "year": year}
        )
    changes: dict[str, list[Any]] = {}
    lines = []
    for code, amount in amounts.items():
        line = existing.get(code)
        if line is None:
            if amount == 0:
                continue
            line = BudgetLine(studio=studio, year=year, category=code, amount=amount)
            changes[code] = [None, str(amount)]
        elif line.amount == amount:
            lines.append(line)
            continue
        else:
            changes[code] = [str(line.amount), str(amount)]
            line.amount = amount
        line.updated_by = actor
        _history_save(line, actor)
        lines.append(line)
    if changes:
        audit_record(
            actor=actor, action="funds.budget.saved", target=grant, target_label=f"{studio} · {year}", changes=changes
        )
    return lines


# Expenses --------------------------------------------------------------------------------------------


def _check_expense(policy: FundingPolicy, data: dict[str, Any]) -> None:
    reason = rules.forbidden_reason(policy, category=data["category"], purpose=data["purpose"])
    if reason:
        raise ValidationError({"category": reason})
    if policy.is_asset(data["category"]) and not (data.get("asset_number") or "").strip():
        raise ValidationError(
            {"asset_number": _("Office equipment is a fixed asset: give its asset number (经费使用管理办法第三条).")}
        )
    if data["amount"] is None or data["amount"] <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    if data["spent_on"] > timezone.localdate():
        raise ValidationError({"spent_on": _("The date cannot be in the future.")})


def _store_receipt(actor: Any, expense: Expense, upload: Any) -> Receipt:
    receipt = stored_file_accept(Receipt, upload, uploaded_by=actor, save=False, expense=expense)
    try:
        _history_save(receipt, actor)
    except Exception:
        stored_file_discard(receipt)
        raise
    return receipt


@transaction.atomic
def expense_create(*, actor: Any, studio: Studio, data: dict[str, Any], receipts: list[Any] | None = None) -> Expense:
    """The host records an expense as a draft, with its receipts."""
    ok, reason = guards.can_spend(studio, actor)
    if not ok:
        raise PermissionDenied(reason)
    policy = funding_policy_for(studio.batch)
    data = {**data, "asset_number": (data.get("asset_number") or "").strip()}
    _check_expense(policy, data)
    year = data["spent_on"].year
    refusal = balance_refusal(studio, year, data["category"], data["amount"], policy.label_of(data["category"]))
    if refusal:
        raise ValidationError({"amount": refusal})
    for upload in receipts or []:
        Receipt.file_use.check(upload)
    expense = Expense(studio=studio, year=year, created_by=actor, **{name: data[name] for name in EXPENSE_FIELDS})
    expense.full_clean()
    _history_save(expense, actor)
    for upload in receipts or []:
        _store_receipt(actor, expense, upload)
    log_transition(target=expense, from_state="", to_state=Expense.Status.DRAFT, actor=actor)
    audit_record(
        actor=actor,
        action="funds.expense.created",
        target=expense,
        changes={name: [None, str(data[name])] for name in EXPENSE_FIELDS},
    )
    return expense


@transaction.atomic
def receipt_add(*, actor: Any, expense: Expense, upload: Any) -> Receipt:
    ok, reason = guards.can_add_receipt(expense, actor)
    if not ok:
        raise TransitionRefused(reason)
    receipt = _store_receipt(actor, expense, upload)
    audit_record(
        actor=actor, action="funds.receipt.added", target=expense, target_label=f"{expense} · {receipt.original_name}"
    )
    return receipt


def _tell(recipients: list[Any], expense: Expense, step: str, title: Any, body: str = "") -> None:
    """Whoever must act next (or whose expense moved) is told, in the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {"amount": money(expense.amount), "studio": expense.studio}
    url = reverse("funds-expense-detail", kwargs={"uid": expense.uid})
    messages = [
        Message(recipient=user, title=text, body=body, url=url, dedupe_key=f"funds.expense.{step}.{expense.uid}")
        for user in recipients
    ]
    transaction.on_commit(lambda: notifications_send(messages))


def _host_signers(expense: Expense) -> list[Any]:
    signer = expense.host_signed_by
    return [signer] if signer is not None and signer.is_active else []


def _after_claim(expense: Expense, actor: Any) -> Expense:
    """`claim` moved the row with one UPDATE; record the new state in the row's history."""
    expense.refresh_from_db()
    _history_save(expense, actor)
    return expense


@transaction.atomic
def expense_sign(*, actor: Any, expense: Expense) -> Expense:
    """The host signs: the expense goes to the legal representative."""
    ok, reason = guards.can_sign(expense, actor)
    if not ok:
        raise TransitionRefused(reason)
    policy = funding_policy_for(expense.studio.batch)
    refusal = balance_refusal(
        expense.studio, expense.year, expense.category, expense.amount, policy.label_of(expense.category)
    )
    if refusal:
        raise TransitionRefused(refusal)
    now = timezone.now()
    if not claim(
        Expense, pk=expense.pk, expected=Expense.Status.DRAFT, new=Expense.Status.HOST_SIGNED,
        host_signed_by=actor, host_signed_at=now, updated_at=now,
    ):  # fmt: skip
        raise TransitionRefused(stale_message())
    _after_claim(expense, actor)
    log_transition(target=expense, from_state=Expense.Status.DRAFT, to_state=Expense.Status.HOST_SIGNED, actor=actor)
    audit_record(
        actor=actor, action="funds.expense.signed", target=expense, changes={"status": ["draft", "host_signed"]}
    )
    _tell(
        users_who_may("funds.sign", expense),
        expense,
        "to_sign",
        gettext_lazy("An expense of %(amount)s for %(studio)s awaits your signature"),
    )
    return expense


@transaction.atomic
def expense_book(*, actor: Any, expense: Expense, note: str = "") -> Expense:
    """The legal representative checks the receipts and signs; the expense is booked in the ledger.

    Locks the studio-year's grant row before summing, so concurrent bookings are checked one after
    the other; the conditional UPDATE books an expense once even if two people sign it at once.
    """
    ok, reason = guards.can_book(expense, actor)
    if not ok:
        raise TransitionRefused(reason)
    grant = Grant.objects.select_for_update().filter(studio_id=expense.studio_id, year=expense.year).first()
    if grant is None:
        raise TransitionRefused(
            _("No grant is recorded for %(year)s: nothing can be spent that year yet.") % {"year": expense.year}
        )
    policy = funding_policy_for(expense.studio.batch)
    # Read again under the lock: someone may have acted while we waited for it.
    current, host_signer_id = Expense.objects.filter(pk=expense.pk).values_list(
        "status", "host_signed_by_id"
    ).first() or ("", None)
    if current != Expense.Status.HOST_SIGNED:
        raise TransitionRefused(stale_message())
    ok, reason = guards.two_people(host_signer_id, actor)
    if not ok:
        raise TransitionRefused(reason)
    refusal = balance_refusal(
        expense.studio, expense.year, expense.category, expense.amount, policy.label_of(expense.category)
    )
    if refusal:
        raise TransitionRefused(refusal)
    now = timezone.now()
    if not claim(
        Expense, pk=expense.pk, expected=Expense.Status.HOST_SIGNED, new=Expense.Status.BOOKED,
        legal_signed_by=actor, legal_signed_at=now, updated_at=now,
    ):  # fmt: skip
        raise TransitionRefused(stale_message())
    _after_claim(expense, actor)
    entry = LedgerEntry(
        studio_id=expense.studio_id, year=expense.year, expense=expense, kind=LedgerEntry.Kind.BOOKING,
        category=expense.category, amount=expense.amount, booked_on=timezone.localdate(now),
        memo=f"{expense.payee} · {expense.purpose}"[:300], booked_by=actor,
    )  # fmt: skip
    _history_save(entry, actor)
    log_transition(
        target=expense, from_state=Expense.Status.HOST_SIGNED, to_state=Expense.Status.BOOKED, actor=actor, reason=note
    )
    audit_record(
        actor=actor,
        action="funds.expense.booked",
        target=expense,
        changes={"status": ["host_signed", "booked"], "amount": [None, str(expense.amount)]},
    )
    _tell(_host_signers(expense), expense, "booked", gettext_lazy("The expense of %(amount)s for %(studio)s is booked"))
    return expense


@transaction.atomic
def expense_reject(*, actor: Any, expense: Expense, reason: str) -> Expense:
    """The host withdraws a draft, or the legal representative returns a signed expense."""
    ok, why = guards.can_reject(expense, actor)
    if not ok:
        raise TransitionRefused(why)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    before = expense.status
    if not claim(
        Expense, pk=expense.pk, expected=before, new=Expense.Status.REJECTED, closing_reason=reason,
        updated_at=timezone.now(),
    ):  # fmt: skip
        raise TransitionRefused(stale_message())
    _after_claim(expense, actor)
    log_transition(target=expense, from_state=before, to_state=Expense.Status.REJECTED, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action="funds.expense.rejected",
        target=expense,
        changes={"status": [before, "rejected"], "reason": [None, reason]},
    )
    if before == Expense.Status.HOST_SIGNED:
        _tell(
            _host_signers(expense),
            expense,
            "returned",
            gettext_lazy("The expense of %(amount)s for %(studio)s was returned"),
            body=reason,
        )
    return expense


@transaction.atomic
def expense_reverse(*, actor: Any, expense: Expense, reason: str) -> LedgerEntry:
    """A booked expense is never edited: it is reversed by a correction entry of the opposite sign."""
    ok, why = guards.can_reverse(expense, actor)
    if not ok:
        raise TransitionRefused(why)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    Grant.objects.select_for_update().filter(studio_id=expense.studio_id, year=expense.year).first()
    if not claim(
        Expense, pk=expense.pk, expected=Expense.Status.BOOKED, new=Expense.Status.REVERSED, closing_reason=reason,
        updated_at=timezone.now(),
    ):  # fmt: skip
        raise TransitionRefused(stale_message())
    _after_claim(expense, actor)
    booking = LedgerEntry.objects.get(expense=expense, kind=LedgerEntry.Kind.BOOKING)
    entry = LedgerEntry(
        studio_id=expense.studio_id, year=expense.year, expense=expense, kind=LedgerEntry.Kind.REVERSAL,
        category=expense.category, amount=-expense.amount, booked_on=timezone.localdate(), memo=reason[:300],
        reverses=booking, booked_by=actor,
    )  # fmt: skip
    _history_save(entry, actor)
    log_transition(
        target=expense, from_state=Expense.Status.BOOKED, to_state=Expense.Status.REVERSED, actor=actor, reason=reason
    )
    audit_record(
        actor=actor,
        action="funds.expense.reversed",
        target=expense,
        changes={"status": ["booked", "reversed"], "amount": [str(expense.amount), str(-expense.amount)]},
    )
    return entry
