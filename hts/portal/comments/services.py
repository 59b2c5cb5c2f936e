"""Every write of comments and messages: the public's submission (held), the moderator's decisions
and reply, and the region's portal policy (its part of the policy bundles)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.models import User
from hts.accounts.selectors import users_with_action_over
from hts.core.audit import audit_record
from hts.notifications.services import Message, notifications_send
from hts.org.models import Region
from hts.portal.comments import guards
from hts.portal.comments.models import Comment
from hts.portal.comments.targets import Target, target_of
from hts.portal.models import PortalPolicy
from hts.portal.public import public_pages_changed
from hts.portal.words import sensitive_words_found
from hts.studios.policy_parts import policy_part_from_template, policy_part_save

MODERATE = "portal.comments.moderate"
POLICY_FIELDS = ["sensitive_words", "comments_per_hour", "forum_posts_per_hour"]


def refuse_sensitive(text: str, region: Region, field: str) -> None:
    """Refused, naming the words: the writer rewords at once, and nothing worded against the region's
    list ever waits in a moderator's queue (see the README)."""
    found = sensitive_words_found(text, region)
    if found:
        raise ValidationError(
            {field: _("Please reword: the text holds words this site does not accept (%(words)s).")
             % {"words": "、".join(found)}}
        )  # fmt: skip


def moderators(target: Target) -> list[Any]:
    """Who is told a comment waits: the studio's host, or the bureau's staff of that region."""
    if target.studio is not None:
        return list(User.objects.filter(teacher_id=target.studio.host_id, is_active=True))
    # The bureau of that very region (not the ones above it): the messages are to its portal.
    region_paths = [target.region.path] if target.region is not None else []
    return [user for user in users_with_action_over("portal.comments.moderate", region_paths) if user.is_active]


@transaction.atomic
def comment_submit(*, target: Target, user: Any, name: str, contact: str, body: str) -> Comment:
    """A visitor's (or a signed-in teacher's) comment or message, held for moderation. The caller (the
    form) has passed the honeypot, the time token and the rate limit."""
    ok, reason = guards.can_receive(target)
    if not ok:
        raise ValidationError(reason)
    teacher = getattr(user, "teacher", None) if getattr(user, "is_authenticated", False) else None
    shown = teacher.name if teacher is not None else name.strip()
    if not shown:
        raise ValidationError({"name": _("Please give a name to show.")})
    refuse_sensitive(shown, target.policy_region, "name")
    refuse_sensitive(body, target.policy_region, "body")
    comment = Comment(
        kind=Comment.Kind.COMMENT if target.publication is not None else Comment.Kind.MESSAGE,
        publication=target.publication,
        studio=target.studio,
        region=target.region,
        name=shown,
        by_teacher=teacher is not None,
        author_user=user if teacher is not None else None,
        contact="" if teacher is not None else contact.strip(),
        body=body.strip(),
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=user if teacher is not None else comment.name, action="portal.comment.received", target=comment)
    day = timezone.localdate().isoformat()
    notifications_send(
        Message(
            recipient=moderator,
            title=_("New comments or messages wait for your moderation: %(where)s") % {"where": target.label},
            dedupe_key=f"portal.comments.held:{target.key}:{day}",
            url=reverse("portal-comments-queue"),
        )
        for moderator in moderators(target)
    )
    return comment


def _moderated(actor: Any, comment: Comment) -> Comment:
    require(actor, MODERATE, comment)
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("publication", "studio", "region")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_approve(*, actor: Any, comment: Comment) -> Comment:
    comment = _moderated(actor, comment)
    if comment.status == Comment.Status.APPROVED:
        return comment
    before = comment.status
    comment.status = Comment.Status.APPROVED
    comment.reject_reason = ""
    comment.decided_by, comment.decided_at = actor, timezone.now()
    comment.save()
    audit_record(
        actor=actor, action="portal.comment.approved", target=comment, changes={"status": [before, "approved"]}
    )
    transaction.on_commit(public_pages_changed)
    return comment


@transaction.atomic
def comment_reject(*, actor: Any, comment: Comment, reason: str) -> Comment:
    comment = _moderated(actor, comment)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is rejected.")})
    was_shown = comment.status == Comment.Status.APPROVED
    before = comment.status
    comment.status = Comment.Status.REJECTED
    comment.reject_reason = reason.strip()
    comment.decided_by, comment.decided_at = actor, timezone.now()
    comment.save()
    audit_record(
        actor=actor,
        action="portal.comment.rejected",
        target=comment,
        changes={"status": [before, "rejected"], "reject_reason": [None, comment.reject_reason]},
    )
    if was_shown:
        transaction.on_commit(public_pages_changed)
    return comment


@transaction.atomic
def comment_delete(*, actor: Any, comment: Comment) -> None:
    comment = _moderated(actor, comment)
    was_shown = comment.status == Comment.Status.APPROVED
    audit_record(
        actor=actor, action="portal.comment.deleted", target=comment, changes={"status": [comment.status, None]}
    )
    comment.delete()
    if was_shown:
        transaction.on_commit(public_pages_changed)


@transaction.atomic
def comment_reply(*, actor: Any, comment: Comment, reply: str) -> Comment:
    """The studio's (or bureau's) one reply, shown under the comment once it is approved; writing it
    again replaces it."""
    comment = _moderated(actor, comment)
    ok, reason = guards.can_reply(comment)
    if not ok:
        raise PermissionDenied(reason)
    text = reply.strip()
    if not text:
        raise ValidationError({"reply": _("Write the reply.")})
    refuse_sensitive(text, target_of(comment).policy_region, "reply")
    before = comment.reply or None
    comment.reply, comment.replied_by, comment.replied_at = text, actor, timezone.now()
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="portal.comment.replied", target=comment, changes={"reply": [before, text]})
    if comment.status == Comment.Status.APPROVED:
        transaction.on_commit(public_pages_changed)
    return comment


def portal_policy_from_template(*, region: Region, bundle: Any, actor: Any = None) -> PortalPolicy | None:
    """The portal part of a template as `region`'s own policy (registered in PortalConfig.ready)."""
    return policy_part_from_template(
        model=PortalPolicy,
        region=region,
        values=bundle.portal_values(),
        code=bundle.code,
        actor=actor,
        action="portal.policy.from_template",
    )


def portal_policy_save(*, actor: Any, region: Region, data: dict[str, Any]) -> PortalPolicy:
    return policy_part_save(
        model=PortalPolicy,
        region=region,
        data=data,
        fields=POLICY_FIELDS,
        actor=actor,
        manage="portal.policy.manage",
        action="portal.policy.saved",
    )
