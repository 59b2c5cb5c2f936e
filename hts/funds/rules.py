"""The funds rules as functions: what the policy forbids, and who may move an expense.

Each guard `can_<verb>(expense, user) -> (bool, reason)` is used by the page (to show or hide the
button) and by the service (to refuse). Reasons are in the user's language and name the rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.permissions import Principal, principal_for
from hts.funds.models import Expense, FundingPolicy

# Guard answers.
Answer = tuple[bool, str]
YES: Answer = (True, "")


def money(value: Decimal) -> str:
    """12345.5 → "12,345.50" (the way Chinese finance forms print amounts)."""
    return f"{value:,.2f}"


def forbidden_reason(policy: FundingPolicy, *, category: str, purpose: str) -> str:
    """Why the policy refuses this category or purpose; "" when it allows it.

    A forbidden category is refused outright; an allowed category whose purpose names a forbidden
    item (e.g. 宴请 under 会务费) is refused as well, naming the word found.
    """
    for item in policy.forbidden:
        if item["code"] == category:
            return _("“%(label)s” cannot be paid from studio funds: %(rule)s.") % {
                "label": item["label"],
                "rule": item["rule"],
            }
    text = purpose or ""
    for item in policy.forbidden:
        for word in item.get("keywords", []):
            if word and word in text:
                return _(
                    "The purpose names “%(word)s” (%(label)s), which cannot be paid from studio funds: %(rule)s."
                ) % {
                    "word": word,
                    "label": item["label"],
                    "rule": item["rule"],
                }
    if category not in policy.category_labels:
        return _("“%(code)s” is not a category of this batch's funding policy.") % {"code": category}
    return ""


def reaches_studio(principal: Principal, studio: Any, action: str) -> bool:
    """Whether `action` reaches `studio` for this principal, without a query (the studio's host
    school and its region must be loaded)."""
    from hts.accounts.permissions import MATRIX

    for grant in principal.grants:
        if action not in MATRIX[grant.role]:
            continue
        if principal.is_admin:
            return True
        if grant.region_path and studio.host_school.region.path.startswith(grant.region_path):
            return True
        if grant.school_id and grant.school_id == studio.host_school_id:
            return True
        if grant.studio_id and grant.studio_id == studio.pk:
            return True
    return False


def _reaches(user: Any, studio: Any, action: str) -> bool:
    principal = principal_for(user)
    return principal.can(action) and reaches_studio(principal, studio, action)


def can_spend(studio: Any, user: Any) -> Answer:
    if not _reaches(user, studio, "funds.spend"):
        return False, _("Only the studio's host records its expenses and budget.")
    if not studio.accepts_records:
        return False, _("%(name)s is %(status)s and takes no new records.") % {
            "name": studio,
            "status": studio.get_status_display(),
        }
    return YES


def can_add_receipt(expense: Expense, user: Any) -> Answer:
    ok, reason = can_spend(expense.studio, user)
    if not ok:
        return ok, reason
    if expense.status != Expense.Status.DRAFT:
        return False, _("Receipts are added while the expense is a draft.")
    return YES


def can_sign(expense: Expense, user: Any) -> Answer:
    """The host's signature."""
    ok, reason = can_spend(expense.studio, user)
    if not ok:
        return ok, reason
    if expense.status != Expense.Status.DRAFT:
        return False, _("Only a draft can be signed by the host; this one is “%(status)s”.") % {
            "status": expense.get_status_display()
        }
    if not expense.receipts.exists():
        return False, _("Attach at least one receipt before signing.")
    return YES


def can_book(expense: Expense, user: Any) -> Answer:
    """The legal representative's signature, which books the expense."""
    if not _reaches(user, expense.studio, "funds.sign"):
        return False, _("Only the legal representative of the host school signs for booking.")
    if expense.status != Expense.Status.HOST_SIGNED:
        return False, _("Only an expense signed by the host can be booked; this one is “%(status)s”.") % {
            "status": expense.get_status_display()
        }
    return YES


def can_reject(expense: Expense, user: Any) -> Answer:
    if expense.status == Expense.Status.DRAFT:
        if _reaches(user, expense.studio, "funds.spend"):
            return YES
        return False, _("Only the host withdraws a draft.")
    if expense.status == Expense.Status.HOST_SIGNED:
        if _reaches(user, expense.studio, "funds.sign"):
            return YES
        return False, _("Only the legal representative of the host school returns a signed expense.")
    return False, _("A “%(status)s” expense cannot be rejected.") % {"status": expense.get_status_display()}


def can_reverse(expense: Expense, user: Any) -> Answer:
    if not (_reaches(user, expense.studio, "funds.sign") or _reaches(user, expense.studio, "funds.grant")):
        return False, _("Only the legal representative of the host school or the bureau reverses a booked expense.")
    if expense.status != Expense.Status.BOOKED:
        return False, _("Only a booked expense can be reversed.")
    return YES
