"""`{% comments_thread obj %}`: the approved comments of a publication (or the messages of a studio's
or a region's board) with their replies, and the loader of the form, for the sites' pages."""

from __future__ import annotations

from typing import Any

from django import template

from hts.org.models import Region
from hts.portal.comments.selectors import thread
from hts.portal.comments.targets import BUREAU, PUBLICATION, STUDIO, Target
from hts.portal.models import Publication
from hts.studios.models import Studio

register = template.Library()


@register.inclusion_tag("portal/comments/_thread.html")
def comments_thread(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Publication):
        target = Target(PUBLICATION, studio=obj.studio, publication=obj)
    elif isinstance(obj, Studio):
        target = Target(STUDIO, studio=obj)
    elif isinstance(obj, Region):
        target = Target(BUREAU, region=obj)
    else:
        raise TypeError(f"No comments on {type(obj).__name__}")
    return {"target": target, "comments": thread(target)}
