"""Writes of the forum: boards, moderators, topics, replies, pinning, closing, hiding and reports.

Every write asks its guard first, is audited, and tells whoever must act next (a topic's author on a
reply, the moderators on a report, a post's author when it is hidden).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from hts.accounts.models import User
from hts.accounts.selectors import users_with_action_over
from hts.archives.editor import editor_html
from hts.core.audit import audit_record
from hts.notifications.services import Message, notifications_send
from hts.org.calendar import lineage_paths
from hts.org.models import Region
from hts.portal.forum import guards
from hts.portal.forum.models import ForumBoard, ForumModerator, ForumPost, ForumReport, ForumTopic
from hts.portal.words import sensitive_words_found


def _refuse_unless(verdict: tuple[bool, str]) -> None:
    ok, reason = verdict
    if not ok:
        raise PermissionDenied(reason)


def post_html(text: str) -> str:
    return editor_html(text)


def _check_words(region: Region, *texts: str) -> None:
    found = sensitive_words_found(" ".join(strip_tags(t) for t in texts), region)
    if found:
        raise ValidationError(
            _("The text holds words this region does not allow: %(words)s.") % {"words": "、".join(found)}
        )


def _check_rate(region: Region, user: Any) -> None:
    ok, reason = guards.can_post_now(region, user)
    if not ok:
        raise ValidationError(reason)


def board_create(*, actor: Any, region: Region, name: str, description: str = "") -> ForumBoard:
    """A bureau opens a board of its region (the caller found `region` in the actor's moderated scope)."""
    places = guards.forum_places(actor)
    if not (places.everywhere or any(region.path.startswith(p) for p in places.moderated_subtrees)):
        raise PermissionDenied(_("Only the region's bureau opens its forum boards."))
    if ForumBoard.objects.filter(region=region, name=name).exists():
        raise ValidationError(_("This region already has a board of that name."))
    board = ForumBoard.objects.create(region=region, name=name, description=description, created_by=actor)
    audit_record(actor=actor, action="forum.board.create", target=board)
    return board


def moderator_name(*, actor: Any, board: ForumBoard, user: User) -> ForumModerator:
    _refuse_unless(guards.can_name_moderator(board, actor))
    moderator, created = ForumModerator.objects.get_or_create(board=board, user=user, defaults={"named_by": actor})
    if created:
        audit_record(actor=actor, action="forum.moderator.name", target=board, changes={"moderator": str(user)})
        notifications_send(
            [
                Message(
                    recipient=user,
                    title=_("You moderate the forum “%(board)s”") % {"board": board.name},
                    dedupe_key=f"forum-moderator:{board.uid}:{user.pk}:{moderator.pk}",
                    url=reverse("portal-forum-board", kwargs={"uid": board.uid}),
                )
            ]
        )
    return moderator


@transaction.atomic
def topic_start(*, actor: Any, board: ForumBoard, title: str, text: str) -> ForumTopic:
    _refuse_unless(guards.can_start_topic(board, actor))
    _check_words(board.region, title, text)
    _check_rate(board.region, actor)
    now = timezone.now()
    topic = ForumTopic.objects.create(board=board, author=actor, title=title.strip(), last_activity_at=now)
    ForumPost.objects.create(topic=topic, author=actor, opening=True, body=post_html(text))
    audit_record(actor=actor, action="forum.topic.start", target=topic)
    return topic


@transaction.atomic
def reply_add(*, actor: Any, topic: ForumTopic, text: str) -> ForumPost:
    # The row is locked so that a close and a reply racing each other end in one order.
    topic = ForumTopic.objects.select_for_update(of=("self",)).select_related("board__region").get(pk=topic.pk)
    _refuse_unless(guards.can_reply(topic, actor))
    _check_words(topic.board.region, text)
    _check_rate(topic.board.region, actor)
    post = ForumPost.objects.create(topic=topic, author=actor, body=post_html(text))
    ForumTopic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1, last_activity_at=post.created_at)
    audit_record(actor=actor, action="forum.reply.add", target=post)
    if topic.author_id != actor.pk:
        notifications_send(
            [
                Message(
                    recipient=topic.author,
                    title=_("%(name)s replied to your topic “%(title)s”") % {"name": actor, "title": topic.title},
                    body=strip_tags(post.body)[:300],
                    dedupe_key=f"forum-reply:{post.uid}",
                    url=reverse("portal-forum-topic", kwargs={"uid": topic.uid}) + f"?page=last#post-{post.uid}",
                )
            ]
        )
    return post


def topic_pin(*, actor: Any, topic: ForumTopic, pinned: bool) -> ForumTopic:
    _refuse_unless(guards.can_pin(topic, actor))
    if topic.pinned != pinned:
        topic.pinned = pinned
        topic.save(update_fields=["pinned", "updated_at"])
        if pinned:
            audit_record(actor=actor, action="forum.topic.pin", target=topic)
        else:
            audit_record(actor=actor, action="forum.topic.unpin", target=topic)
    return topic


def topic_close(*, actor: Any, topic: ForumTopic, closed: bool) -> ForumTopic:
    _refuse_unless(guards.can_close(topic, actor))
    if topic.closed != closed:
        topic.closed = closed
        topic.save(update_fields=["closed", "updated_at"])
        if closed:
            audit_record(actor=actor, action="forum.topic.close", target=topic)
        else:
            audit_record(actor=actor, action="forum.topic.reopen", target=topic)
    return topic


@transaction.atomic
def post_hide(*, actor: Any, post: ForumPost, reason: str) -> ForumPost:
    _refuse_unless(guards.can_hide(post, actor))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the post is hidden."))
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), actor, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    topic = post.topic
    if post.opening:
        topic.hidden = True
        topic.save(update_fields=["hidden", "updated_at"])
    elif topic.reply_count:
        ForumTopic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") - 1)
    # Every open report of the post is answered by hiding it.
    ForumReport.objects.filter(post=post, outcome=ForumReport.Outcome.OPEN).update(
        outcome=ForumReport.Outcome.HIDDEN, resolved_by=actor, resolved_at=post.hidden_at
    )
    audit_record(actor=actor, action="forum.post.hide", target=post, changes={"reason": reason})
    if post.author_id != actor.pk:
        notifications_send(
            [
                Message(
                    recipient=post.author,
                    title=_("A moderator hid your post in “%(title)s”") % {"title": topic.title},
                    body=reason,
                    dedupe_key=f"forum-hidden:{post.uid}",
                    url=reverse("portal-forum-topic", kwargs={"uid": topic.uid}),
                )
            ]
        )
    return post


def moderators_of(board: ForumBoard) -> list[User]:
    """The bureau staff of the board's region and of the regions above it, and the people they named."""
    people = {user.pk: user for user in users_with_action_over("forum.moderate", lineage_paths(board.region.path))}
    for moderator in board.moderators.select_related("user").filter(user__is_active=True):
        people.setdefault(moderator.user_id, moderator.user)
    return [user for user in people.values() if user.is_active]


@transaction.atomic
def post_report(*, actor: Any, post: ForumPost, reason: str) -> ForumReport:
    _refuse_unless(guards.can_report(post, actor))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why you report this post."))
    report = ForumReport.objects.create(post=post, reporter=actor, reason=reason)
    audit_record(actor=actor, action="forum.post.report", target=post, changes={"reason": reason})
    url = reverse("portal-forum-reports")
    notifications_send(
        Message(
            recipient=moderator,
            title=_("A post in “%(title)s” was reported") % {"title": post.topic.title},
            body=reason,
            dedupe_key=f"forum-report:{report.uid}",
            url=url,
        )
        for moderator in moderators_of(post.topic.board)
    )
    return report


def report_dismiss(*, actor: Any, report: ForumReport) -> ForumReport:
    _refuse_unless(guards.can_resolve(report, actor))
    report.outcome, report.resolved_by, report.resolved_at = ForumReport.Outcome.DISMISSED, actor, timezone.now()
    report.save(update_fields=["outcome", "resolved_by", "resolved_at", "updated_at"])
    audit_record(actor=actor, action="forum.report.dismiss", target=report.post)
    return report
