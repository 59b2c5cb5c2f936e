"""What personal data archives keeps, for the data inventory (registered in ArchivesConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "archives.item",
        subject=TEACHERS,
        title=_("Growth archive"),
        model="archives.ArchiveItem",
        fields=("owner_teacher", "kind", "title", "body", "date", "visibility"),
        purpose=_("A head teacher's growth archive: plans, summaries, cases, papers and the mentors' appraisals."),
        seen_by=_(
            "As its owner sets it: the owner only, the studio's team, or everyone signed in; the school's office "
            "and the bureaus above it."
        ),
        kept=_("Until its owner deletes an item; otherwise as long as the account."),
    )
