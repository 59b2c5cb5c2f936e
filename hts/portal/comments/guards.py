"""Who may write where: each guard answers (ok, reason), asked by the service to refuse and by the
form fragment to explain instead of showing a form."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hts.portal.comments.models import Comment
from hts.portal.comments.targets import Target


def can_receive(target: Target) -> tuple[bool, str]:
    """A withdrawn or unpublished item, or a studio no longer running (revoked, ended), takes nothing."""
    if target.publication is not None and not target.publication.is_public:
        return False, _("This item is not published (or was withdrawn): it takes no comments.")
    if target.studio is not None and not target.studio.is_running:
        return False, _("This studio no longer runs (its work ended or it was revoked): it takes no messages.")
    return True, ""


def can_reply(comment: Comment) -> tuple[bool, str]:
    if comment.status == Comment.Status.REJECTED:
        return False, _("A rejected comment gets no reply.")
    return True, ""
