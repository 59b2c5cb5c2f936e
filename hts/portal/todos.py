"""The portal's to-dos on the signed-in home (``hts.core.todos``): whoever must act next on a portal queue.

Each provider answers with one summary per queue (how many wait, since when, linking to the queue where
they are decided), at most one query for a user who holds the right and none for anyone else; an item
leaves its queue when it is decided, and the to-do with it. The essay contest's (organiser, judge) are in
``contest.selectors``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from hts.accounts.access import scoped
from hts.accounts.permissions import principal_for
from hts.core.todos import Todo
from hts.portal.comments.models import Comment
from hts.portal.forum.selectors import open_reports_for
from hts.portal.ideas.models import Suggestion
from hts.portal.models import Publication
from hts.studios.selectors import RUNNING


def offered_publications(user: Any) -> list[Todo]:
    """Items offered to the websites of the studios the user hosts, per studio (a closed studio decides nothing)."""
    if not principal_for(user).can("portal.moderate"):
        return []
    rows = (
        scoped(user, "portal.moderate", Publication.objects.filter(status=Publication.Status.OFFERED))
        .filter(studio__status__in=RUNNING)
        .order_by()
        .values("studio__uid", "studio__name")
        .annotate(n=Count("pk"), since=Min("created_at"))
        .order_by("since")[:20]
    )
    return [
        Todo(
            ngettext(
                "%(studio)s: %(count)d item offered for its website waits for your decision",
                "%(studio)s: %(count)d items offered for its website wait for your decision",
                row["n"],
            )
            % {"studio": row["studio__name"], "count": row["n"]},
            reverse("portal-sites-queue", kwargs={"uid": row["studio__uid"]}),
            row["since"],
        )
        for row in rows
    ]


def _summary(rows: Any) -> tuple[int, Any]:
    totals = rows.order_by().aggregate(n=Count("pk"), since=Min("created_at"))
    return int(totals["n"] or 0), totals["since"]


def held_comments(user: Any) -> list[Todo]:
    """Comments and messages held for the user to moderate (a studio's host, the bureau of a portal)."""
    if not principal_for(user).can("portal.comments.moderate"):
        return []
    count, since = _summary(
        scoped(user, "portal.comments.moderate", Comment.objects.filter(status=Comment.Status.HELD))
    )
    if not count:
        return []
    text = ngettext(
        "%(count)d comment or message waits for your moderation",
        "%(count)d comments and messages wait for your moderation",
        count,
    ) % {"count": count}
    return [Todo(text, reverse("portal-comments-queue"), since)]


def waiting_suggestions(user: Any) -> list[Todo]:
    """Suggestions sent to the user's school office or bureau that still wait for an answer."""
    if not principal_for(user).can("ideas.answer"):
        return []
    waiting = Suggestion.objects.filter(status__in=[Suggestion.Status.RECEIVED, Suggestion.Status.CONSIDERING])
    count, since = _summary(scoped(user, "ideas.answer", waiting))
    if not count:
        return []
    text = ngettext(
        "%(count)d suggestion received waits for an answer",
        "%(count)d suggestions received wait for an answer",
        count,
    ) % {"count": count}
    return [Todo(text, reverse("portal-ideas-inbox"), since)]


def open_forum_reports(user: Any) -> list[Todo]:
    """Reports on the boards the user moderates (a bureau, or a teacher it named) waiting for a moderator."""
    if not principal_for(user).can("forum.take_part"):
        return []
    count, since = _summary(open_reports_for(user))
    if not count:
        return []
    text = ngettext(
        "%(count)d forum report waits for a moderator",
        "%(count)d forum reports wait for a moderator",
        count,
    ) % {"count": count}
    return [Todo(text, reverse("portal-forum-reports"), since)]


def register() -> None:
    from hts.core.todos import register_todos
    from hts.portal.contest.selectors import judge_todos, organiser_todos

    register_todos(offered_publications, name="portal.publications")
    register_todos(held_comments, name="portal.comments")
    register_todos(waiting_suggestions, name="portal.ideas")
    register_todos(open_forum_reports, name="portal.forum")
    register_todos(organiser_todos, name="portal.contest.organise")
    register_todos(judge_todos, name="portal.contest.judge")
