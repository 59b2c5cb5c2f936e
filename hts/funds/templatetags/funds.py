"""`studio|funds_visible:user`: whether the funds link on a studio page leads anywhere for this
user. No query: the principal is cached per request and the studio's school and region are loaded."""

from typing import Any

from django import template

from hts.accounts.permissions import principal_for
from hts.funds.rules import money, reaches_studio

register = template.Library()


@register.filter
def funds_visible(studio: Any, user: Any) -> bool:
    principal = principal_for(user)
    return principal.can("funds.view") and reaches_studio(principal, studio, "funds.view")


@register.filter(name="money")
def money_filter(value: Any) -> str:
    return money(value) if value is not None else ""
