"""Who may move a studio's money, and when: `can_<verb>(obj, user) -> (bool, reason)`.

Each guard is used by the page (to show or hide the button) and by the service (to refuse).
Reasons are in the user's language and name the rule.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.funds.models import Expense
from hts.studios.guards import studio_open_for

# Guard answers.
Answer = tuple[bool, str]
YES: Answer = (True, "")


def can_spend(studio: Any, user: Any) -> Answer:
    if not can(user, "funds.spend", studio):
        return False, _("Only the studio's host records its expenses and budget.")
    return studio_open_for(studio, "expense")


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
    if not can(user, "funds.sign", expense.studio):
        return False, _("Only the legal representative of the host school signs for booking.")
    if expense.status != Expense.Status.HOST_SIGNED:
        return False, _("Only an expense signed by the host can be booked; this one is “%(status)s”.") % {
            "status": expense.get_status_display()
        }
    return two_people(expense.host_signed_by_id, user)


def two_people(host_signer_id: int | None, user: Any) -> Answer:
    """The two signatures on an expense come from two different people (经费使用管理办法 第四条): the
    account that signed as host cannot sign for booking, even when it also holds the legal
    representative's role (a teacher has one account: User.teacher is one-to-one)."""
    if host_signer_id is not None and host_signer_id == user.pk:
        return False, _("You signed this expense as its host: the second signature must come from another person.")
    return YES


def can_reject(expense: Expense, user: Any) -> Answer:
    if expense.status == Expense.Status.DRAFT:
        if can(user, "funds.spend", expense.studio):
            return YES
        return False, _("Only the host withdraws a draft.")
    if expense.status == Expense.Status.HOST_SIGNED:
        if can(user, "funds.sign", expense.studio):
            return YES
        return False, _("Only the legal representative of the host school returns a signed expense.")
    return False, _("A “%(status)s” expense cannot be rejected.") % {"status": expense.get_status_display()}


def can_reverse(expense: Expense, user: Any) -> Answer:
    if not (can(user, "funds.sign", expense.studio) or can(user, "funds.grant", expense.studio)):
        return False, _("Only the legal representative of the host school or the bureau reverses a booked expense.")
    if expense.status != Expense.Status.BOOKED:
        return False, _("Only a booked expense can be reversed.")
    return YES
