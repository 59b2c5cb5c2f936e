"""The head-teacher forum (班主任论坛, 001 9 and 11): boards of a region, topics, replies and reports.

Signed-in only, never public. A board belongs to a region; whoever works in that region or below it
(its head teachers and teachers, its schools' offices, its bureau) reads and writes there, so a
teacher of a district sees the district's boards and those of its city and province. Moderators are
the bureau staff of the board's region (or of a region above it) and the people they name on the
board (``ForumModerator``). Who may do what is ``hts.portal.forum.guards``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hts.core.models import TimeStampedModel
from hts.org.models import Region


class ForumBoard(TimeStampedModel):
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="forum_boards")
    name = models.CharField(_("board name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["region__depth", "name"]
        verbose_name = _("forum board")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="forum_board_name_once_per_region")]

    def __str__(self) -> str:
        return self.name

    def audit_region_path(self) -> str:
        return self.region.path


class ForumModerator(TimeStampedModel):
    """A person a bureau named to moderate one board, beside its own staff."""

    board = models.ForeignKey(ForumBoard, on_delete=models.CASCADE, related_name="moderators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "user"], name="forum_moderator_once")]

    def __str__(self) -> str:
        return f"{self.board} · {self.user}"


class ForumTopic(TimeStampedModel):
    board = models.ForeignKey(ForumBoard, on_delete=models.PROTECT, related_name="topics")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("heading"), max_length=120)
    pinned = models.BooleanField(_("pinned"), default=False)
    closed = models.BooleanField(_("closed"), default=False)
    # Hidden with its opening post: only moderators still see it (and why).
    hidden = models.BooleanField(_("hidden"), default=False)
    # Newest activity first: the time of the last visible post, kept by the services that write.
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-id"]
        verbose_name = _("forum topic")
        indexes = [models.Index(fields=["board", "hidden", "-pinned", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.board.region.path


class ForumPost(TimeStampedModel):
    """The opening post of a topic or a reply. The text is sanitised HTML (plain text is escaped and its
    lines kept), cleaned before it is stored."""

    topic = models.ForeignKey(ForumTopic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opening = models.BooleanField(default=False)
    body = models.TextField(_("text"), max_length=20_000)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("forum post")
        constraints = [
            models.CheckConstraint(
                name="forum_hidden_post_has_reason", condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason="")
            ),
        ]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"

    def audit_region_path(self) -> str:
        return self.topic.board.region.path

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ForumReport(TimeStampedModel):
    """Someone reports a post as abusive; a moderator hides the post or dismisses the report."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Awaiting a moderator")
        HIDDEN = "hidden", _("Post hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(ForumPost, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("forum report")
        constraints = [
            # One open report per person and post: a second click adds nothing to the queue.
            models.UniqueConstraint(
                fields=["post", "reporter"], condition=Q(outcome="open"), name="forum_report_open_once"
            ),
        ]

    def audit_region_path(self) -> str:
        return self.post.topic.board.region.path
