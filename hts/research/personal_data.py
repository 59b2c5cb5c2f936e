"""What personal data research keeps, for the data inventory (registered in ResearchConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import KEPT_AS_CORPS_RECORD, SEEN_BY_TEACHER_AND_OFFICES, TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "research.achievement",
        subject=TEACHERS,
        title=_("Research achievements"),
        model="research.Achievement",
        fields=("owner", "kind", "title", "level", "achieved_on", "issuer", "status"),
        purpose=_("Verified achievements count in host standards, ranks and the rubric's weighted items."),
        seen_by=SEEN_BY_TEACHER_AND_OFFICES,
        kept=KEPT_AS_CORPS_RECORD,
    )
