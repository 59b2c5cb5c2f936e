"""Comments on a published publication and messages (留言) to a studio's or a bureau's board.

Everything the public writes is held until its moderator approves it: the studio's host for comments
on the studio's publications and messages to the studio, the bureau for messages to its portal. The
contact a visitor leaves is for the moderator only; the studio (or bureau) writes one reply, shown
under the comment on the public page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.models import TimeStampedModel
from hts.org.models import Region
from hts.portal.models import Publication
from hts.studios.models import Studio

BODY_MAX = 1000
REPLY_MAX = 1000


class Comment(TimeStampedModel):
    class Kind(models.TextChoices):
        COMMENT = "comment", pgettext_lazy("public comment", "Comment")
        MESSAGE = "message", pgettext_lazy("message board", "Message")

    class Status(models.TextChoices):
        HELD = "held", pgettext_lazy("comment status", "Awaiting moderation")
        APPROVED = "approved", pgettext_lazy("comment status", "Shown")
        REJECTED = "rejected", pgettext_lazy("comment status", "Rejected")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.HELD, db_index=True)
    # Where it was left: a publication (its studio kept too, for the moderator's scope), a studio's
    # board, or a bureau's portal (the region).
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    studio = models.ForeignKey(Studio, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The name shown: a visitor's nickname, or the signed-in teacher's name.
    name = models.CharField(_("name shown"), max_length=40)
    by_teacher = models.BooleanField(_("written by a signed-in teacher"), default=False)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For the moderator only, never shown on a public page.
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reject_reason = models.CharField(_("why it was rejected"), max_length=300, blank=True)
    reply = models.TextField(_("reply"), max_length=REPLY_MAX, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = pgettext_lazy("public comment", "comment or message")
        verbose_name_plural = pgettext_lazy("public comment", "comments and messages")
        constraints = [
            models.CheckConstraint(
                name="portal_comment_one_target",
                condition=Q(kind="comment", publication__isnull=False, studio__isnull=False, region__isnull=True)
                | Q(kind="message", publication__isnull=True, studio__isnull=False, region__isnull=True)
                | Q(kind="message", publication__isnull=True, studio__isnull=True, region__isnull=False),
            ),
            models.CheckConstraint(
                name="portal_comment_rejected_has_reason", condition=~Q(status="rejected") | ~Q(reject_reason="")
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "status"]),
            models.Index(fields=["studio", "status"]),
            models.Index(fields=["region", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:30]}"

    def audit_region_path(self) -> str:
        if self.region_id is not None:
            return self.region.path
        return self.studio.host_school.region.path  # type: ignore[union-attr]
