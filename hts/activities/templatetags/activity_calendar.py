"""The personal calendar feed's address, for pages whose views do not pass it."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed_url(context: Any) -> str:
    from hts.activities.views_exports import feed_url

    request = context["request"]
    return feed_url(request, request.user)
