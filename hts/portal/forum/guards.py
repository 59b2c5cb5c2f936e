"""Who may read, write and moderate in the forum: asked by the services to refuse and by the pages to
show or explain a button. Each ``can_<verb>(obj, user)`` answers ``(ok, reason)``.

A board is read from below: whoever works in its region or under it (a teacher through their school, a
school's office, a bureau) takes part in it, and a bureau also reaches every board under its region.
The role scopes of ``hts.accounts.permissions`` run the other way (a region's subtree), so the
places a user belongs to are worked out here once per request (``forum_places``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.permissions import principal_for
from hts.org.calendar import lineage_paths
from hts.org.models import Region, School
from hts.portal.forum.models import ForumBoard, ForumModerator, ForumPost, ForumReport, ForumTopic
from hts.portal.models import PortalPolicy
from hts.portal.words import portal_policy_for


@dataclass
class ForumPlaces:
    everywhere: bool = False
    # Regions whose boards the user reads: their own places and every region above them.
    lineage: set[str] = field(default_factory=set)
    # Region subtrees whose boards the user reads (a bureau's) and those they moderate.
    subtrees: list[str] = field(default_factory=list)
    moderated_subtrees: list[str] = field(default_factory=list)
    named_boards: set[int] = field(default_factory=set)

    def board_q(self, prefix: str = "") -> Q | None:
        """Filter on boards (or on rows reached through `prefix`, e.g. "topic__board__") the user reads."""
        if self.everywhere:
            return None
        q = Q(**{f"{prefix}region__path__in": sorted(self.lineage)})
        for path in self.subtrees:
            q |= Q(**{f"{prefix}region__path__startswith": path})
        return q

    def moderated_q(self, prefix: str = "") -> Q | None:
        if self.everywhere:
            return None
        q = Q(**{f"{prefix}pk__in": sorted(self.named_boards)})
        for path in self.moderated_subtrees:
            q |= Q(**{f"{prefix}region__path__startswith": path})
        return q

    def reads(self, board: ForumBoard) -> bool:
        path = board.region.path
        return self.everywhere or path in self.lineage or any(path.startswith(p) for p in self.subtrees)

    def moderates(self, board: ForumBoard) -> bool:
        path = board.region.path
        return (
            self.everywhere or board.pk in self.named_boards or any(path.startswith(p) for p in self.moderated_subtrees)
        )


def forum_places(user: Any) -> ForumPlaces:
    """The user's forum places, remembered on the user object for the request (two queries at most)."""
    cached = getattr(user, "_hts_forum_places", None)
    if cached is not None:
        return cached
    principal = principal_for(user)
    places = ForumPlaces()
    if not getattr(user, "is_authenticated", False) or not principal.can("forum.take_part"):
        user._hts_forum_places = places
        return places
    if principal.is_admin:
        places.everywhere = True
    school_ids: list[int] = []
    teacher_ids: list[int] = []
    # By the grant's place, never its role's name: a region (a bureau), a school (its office), a person.
    for grant in principal.grants_with("forum.take_part"):
        if grant.region_path:
            places.lineage.update(lineage_paths(grant.region_path))
            places.subtrees.append(grant.region_path)
        elif grant.school_id:
            school_ids.append(grant.school_id)
        elif grant.teacher_id:
            teacher_ids.append(grant.teacher_id)
    places.moderated_subtrees = principal.region_paths_for("forum.moderate")
    if school_ids or teacher_ids:
        for path in School.objects.filter(Q(pk__in=school_ids) | Q(teachers__pk__in=teacher_ids)).values_list(
            "region__path", flat=True
        ):
            places.lineage.update(lineage_paths(path))
    places.named_boards = set(ForumModerator.objects.filter(user=user).values_list("board_id", flat=True))
    user._hts_forum_places = places
    return places


def can_read_board(board: ForumBoard, user: Any) -> tuple[bool, str]:
    if not forum_places(user).reads(board):
        return False, _("This forum is not one of your region's.")
    return True, ""


def can_moderate(board: ForumBoard, user: Any) -> tuple[bool, str]:
    if not forum_places(user).moderates(board):
        return False, _("Only the forum's moderators may do this.")
    return True, ""


def can_start_topic(board: ForumBoard, user: Any) -> tuple[bool, str]:
    return can_read_board(board, user)


def can_reply(topic: ForumTopic, user: Any) -> tuple[bool, str]:
    ok, reason = can_read_board(topic.board, user)
    if not ok:
        return ok, reason
    if topic.closed:
        return False, _("This topic is closed: no more replies.")
    if topic.hidden:
        return False, _("This topic was hidden by a moderator.")
    return True, ""


def can_pin(topic: ForumTopic, user: Any) -> tuple[bool, str]:
    return can_moderate(topic.board, user)


def can_close(topic: ForumTopic, user: Any) -> tuple[bool, str]:
    return can_moderate(topic.board, user)


def can_hide(post: ForumPost, user: Any) -> tuple[bool, str]:
    ok, reason = can_moderate(post.topic.board, user)
    if not ok:
        return ok, reason
    if post.is_hidden:
        return False, _("This post is already hidden.")
    return True, ""


def can_report(post: ForumPost, user: Any) -> tuple[bool, str]:
    ok, reason = can_read_board(post.topic.board, user)
    if not ok:
        return ok, reason
    if post.author_id == user.pk:
        return False, _("You cannot report your own post.")
    if post.is_hidden:
        return False, _("This post is already hidden.")
    if ForumReport.objects.filter(post=post, reporter=user, outcome=ForumReport.Outcome.OPEN).exists():
        return False, _("You have already reported this post; the moderators will look at it.")
    return True, ""


def can_resolve(report: ForumReport, user: Any) -> tuple[bool, str]:
    ok, reason = can_moderate(report.post.topic.board, user)
    if not ok:
        return ok, reason
    if report.outcome != ForumReport.Outcome.OPEN:
        return False, _("This report was already dealt with.")
    return True, ""


def can_name_moderator(board: ForumBoard, user: Any) -> tuple[bool, str]:
    """Only a bureau (not a moderator it named) names the board's moderators."""
    places = forum_places(user)
    path = board.region.path
    if places.everywhere or any(path.startswith(p) for p in places.moderated_subtrees):
        return True, ""
    return False, _("Only the bureau names a forum's moderators.")


def posts_per_hour(region: Region) -> int:
    """The region's forum limit (its portal policy's, or its nearest ancestor's), else the field's default."""
    policy = portal_policy_for(region)
    if policy is not None:
        return int(policy.forum_posts_per_hour)
    return int(PortalPolicy._meta.get_field("forum_posts_per_hour").get_default())


def can_post_now(region: Region, user: Any) -> tuple[bool, str]:
    """A person writes at most the board's region's number of posts (topics and replies) an hour, counted
    over every board."""
    limit = posts_per_hour(region)
    since = timezone.now() - dt.timedelta(hours=1)
    if ForumPost.objects.filter(author=user, created_at__gte=since).count() >= limit:
        return False, _("You have written %(count)d posts in the last hour; please wait a little before the next.") % {
            "count": limit
        }
    return True, ""
