"""Reads: the approved thread a public page shows, and a moderator's queue."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hts.accounts.access import scoped
from hts.portal.comments.models import Comment
from hts.portal.comments.targets import Target

THREAD_SHOWN = 200
QUEUE_SHOWN = 100


def thread(target: Target) -> list[Comment]:
    """What the public sees (one query): approved only, oldest first, without the contact."""
    rows = Comment.objects.filter(status=Comment.Status.APPROVED).only(
        "uid", "name", "by_teacher", "body", "reply", "replied_at", "created_at"
    )
    if target.publication is not None:
        rows = rows.filter(publication=target.publication)
    elif target.studio is not None:
        rows = rows.filter(studio=target.studio, publication__isnull=True)
    else:
        rows = rows.filter(region=target.region)
    return list(rows[:THREAD_SHOWN])


def queue(user: Any, status: str) -> QuerySet[Comment]:
    """The comments and messages this moderator decides (the studios they host, their bureau's portal)."""
    return (
        scoped(user, "portal.comments.moderate", Comment.objects.filter(status=status))
        .select_related("publication", "studio__site", "region")
        .order_by("-created_at", "-id")
    )
