"""`studio|funds_visible:user`: whether the funds link on a studio page leads anywhere for this
user (one query per studio and request: the answer is remembered on the user's principal)."""

from typing import Any

from django import template

from hts.accounts.access import can
from hts.funds.rules import money

register = template.Library()


@register.filter
def funds_visible(studio: Any, user: Any) -> bool:
    return can(user, "funds.view", studio)


@register.filter(name="money")
def money_filter(value: Any) -> str:
    return money(value) if value is not None else ""
