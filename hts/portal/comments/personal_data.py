"""What the comments and messages keep of a visitor, for the data inventory (/privacy/)."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import VISITORS, register_personal_data
from hts.portal.comments.retention import CONTACT_KEPT_DAYS, HELD_CONTACT_KEPT_DAYS


def register() -> None:
    register_personal_data(
        "portal.comment",
        subject=VISITORS,
        title=_("Comments and messages on the public sites"),
        model="portal.Comment",
        fields=("name", "contact", "body", "created_at"),
        purpose=_(
            "A visitor's comment on a published item or message to a studio or bureau (issue 16 point 4): the "
            "nickname and text, shown once a moderator approves them; the optional contact, for the moderator to "
            "ask about the comment."
        ),
        seen_by=_(
            "The public sees the nickname and text of an approved comment; the contact only the moderator (the "
            "studio's host, or the bureau for its portal)."
        ),
        kept=lazy(_kept, str)(),
    )


def _kept() -> str:
    return gettext(
        "The contact is erased %(kept)s days after the comment is moderated (%(held)s days after it was left if "
        "nobody moderates it) by a daily step; the nickname and text while the comment is shown, until the "
        "moderator deletes it."
    ) % {"kept": CONTACT_KEPT_DAYS, "held": HELD_CONTACT_KEPT_DAYS}
