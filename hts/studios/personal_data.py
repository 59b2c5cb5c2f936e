"""What personal data studios keeps, for the data inventory (registered in StudiosConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import KEPT_AS_CORPS_RECORD, TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "studios.membership",
        subject=TEACHERS,
        title=_("Studio membership"),
        model="studios.Membership",
        fields=("teacher", "role", "external_name", "external_affiliation", "statement", "evaluation", "status"),
        purpose=_("Who hosts, mentors and belongs to a studio, and the composition rules of policy 003."),
        seen_by=_("The studio's team, the host's school and the bureau running the batch."),
        kept=KEPT_AS_CORPS_RECORD,
    )
