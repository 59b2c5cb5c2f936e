"""What personal data the forum and the suggestion box keep, for the data inventory (/privacy/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "portal.forum",
        subject=TEACHERS,
        title=_("Forum posts and reports"),
        model="portal.ForumPost",
        fields=(("author", _("author")), "body", "created_at"),
        purpose=_("The head-teacher forum of a region (001 9, 11): who wrote what, and who reported a post why."),
        seen_by=_(
            "The teachers, school offices and bureaus of the board's region; the reporter's name only by the moderators."
        ),
        kept=_("While the board exists; a hidden post stays for the moderators with its reason."),
    )
    register_personal_data(
        "portal.ideas",
        subject=TEACHERS,
        title=_("Suggestions (金点子信箱)"),
        model="portal.Suggestion",
        fields=(("sender", _("sender")), "title", "body", "anonymous"),
        purpose=_("To let the sender follow their suggestion and be told of each step."),
        seen_by=_(
            "The sender; the receiving school office or bureau sees the sender's name only when the suggestion is named."
        ),
        kept=_("Until the sender's account is removed; not deleted automatically."),
    )
