"""The funds policy as functions: what the policy forbids, and how amounts print.

Who may move an expense is in guards.py."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from hts.funds.models import FundingPolicy


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
