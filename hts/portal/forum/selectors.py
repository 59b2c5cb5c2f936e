"""Reads of the forum, each limited to the boards the user takes part in (``guards.forum_places``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hts.org.models import Region
from hts.portal.forum.guards import forum_places
from hts.portal.forum.models import ForumBoard, ForumPost, ForumReport, ForumTopic


def _filtered(queryset: QuerySet, q: Q | None) -> QuerySet:
    return queryset if q is None else queryset.filter(q)


def boards_for(user: Any) -> QuerySet[ForumBoard]:
    """The boards the user reads, the widest region first, with their visible topics counted."""
    places = forum_places(user)
    if not (places.everywhere or places.lineage or places.subtrees):
        return ForumBoard.objects.none()
    return (
        _filtered(ForumBoard.objects.all(), places.board_q())
        .select_related("region")
        .annotate(topic_count=Count("topics", filter=Q(topics__hidden=False)))
        .order_by("region__depth", "region__path", "name")
    )


def board_get_or_404(user: Any, uid: Any) -> ForumBoard:
    """The board if the user reads it; 404 for a missing board and for another region's alike."""
    places = forum_places(user)
    board = ForumBoard.objects.select_related("region").filter(uid=uid).first()
    if board is None or not places.reads(board):
        raise Http404
    return board


def topic_get_or_404(user: Any, uid: Any) -> ForumTopic:
    topic = ForumTopic.objects.select_related("board__region", "author").filter(uid=uid).first()
    places = forum_places(user)
    if topic is None or not places.reads(topic.board) or (topic.hidden and not places.moderates(topic.board)):
        raise Http404
    return topic


def post_get_or_404(user: Any, uid: Any) -> ForumPost:
    post = ForumPost.objects.select_related("topic__board__region", "author").filter(uid=uid).first()
    if post is None or not forum_places(user).reads(post.topic.board):
        raise Http404
    return post


def topics_of(user: Any, board: ForumBoard) -> QuerySet[ForumTopic]:
    """Pinned first, then newest activity; hidden topics only for the board's moderators."""
    topics = board.topics.select_related("author")
    if not forum_places(user).moderates(board):
        topics = topics.filter(hidden=False)
    return topics.order_by("-pinned", "-last_activity_at", "-id")


def posts_of(topic: ForumTopic) -> QuerySet[ForumPost]:
    return topic.posts.select_related("author", "hidden_by").order_by("created_at", "id")


def open_reports_for(user: Any) -> QuerySet[ForumReport]:
    """The reports waiting on a board the user moderates, oldest first."""
    places = forum_places(user)
    q = places.moderated_q("post__topic__board__")
    if q is not None and not (places.named_boards or places.moderated_subtrees):
        return ForumReport.objects.none()
    return _filtered(ForumReport.objects.filter(outcome=ForumReport.Outcome.OPEN), q).select_related(
        "post__topic__board__region", "post__author", "reporter"
    )


def report_get_or_404(user: Any, uid: Any) -> ForumReport:
    report = open_reports_for(user).filter(uid=uid).first()
    if report is None:
        raise Http404
    return report


def moderated_regions(user: Any) -> QuerySet[Region]:
    """The regions in which the user opens boards (a bureau's own and those under it)."""
    places = forum_places(user)
    if places.everywhere:
        return Region.objects.order_by("depth", "path")
    if not places.moderated_subtrees:
        return Region.objects.none()
    q = Q()
    for path in places.moderated_subtrees:
        q |= Q(path__startswith=path)
    return Region.objects.filter(q).order_by("depth", "path")
