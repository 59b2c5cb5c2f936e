"""What personal data org keeps, for the data inventory (registered in OrgConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import (
    KEPT_AS_CORPS_RECORD,
    KEPT_WITH_ACCOUNT,
    SEEN_BY_TEACHER_AND_OFFICES,
    TEACHERS,
    register_personal_data,
)


def register() -> None:
    register_personal_data(
        "org.teacher",
        subject=TEACHERS,
        title=_("Teacher"),
        model="org.Teacher",
        fields=("name", "gender", "birth_year", "mobile", "school", "subject", "title", "education"),
        purpose=_(
            "The file of the head-teacher corps (policy 001 二 3): the school's and the bureau's roster, "
            "and the facts its gates, ranks and appointments are decided on."
        ),
        seen_by=SEEN_BY_TEACHER_AND_OFFICES,
        kept=KEPT_WITH_ACCOUNT,
    )
    register_personal_data(
        "org.service",
        subject=TEACHERS,
        title=_("Head-teacher service"),
        model="org.HeadTeacherService",
        fields=("school", "school_class", ("class_label", _("Past class (typed)")), "started_on", "ended_on"),
        purpose=_("Years as head teacher: the gates for titles and promotion, ranks and allowance (001 8, 5)."),
        seen_by=SEEN_BY_TEACHER_AND_OFFICES,
        kept=KEPT_AS_CORPS_RECORD,
    )
    register_personal_data(
        "org.honour",
        subject=TEACHERS,
        title=_("Honours"),
        model="org.Honour",
        fields=("kind", "title", "level", "awarded_on", "issuer"),
        purpose=_("Honours count in the host standard, ranks, honours calls and rubric item 23."),
        seen_by=SEEN_BY_TEACHER_AND_OFFICES,
        kept=KEPT_AS_CORPS_RECORD,
    )
