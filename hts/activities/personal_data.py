"""What personal data activities keeps, for the data inventory (registered in ActivitiesConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import KEPT_AS_CORPS_RECORD, TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "activities.attendance",
        subject=TEACHERS,
        title=_("Attendance and hours"),
        model="activities.Attendance",
        fields=(("activity", _("Activity")), "teacher", "status", "method", "checked_in_at", "reason"),
        purpose=_("Who took part in studio and training activities, and the hours earned (policy 003, 001 二 4)."),
        seen_by=_("The person, the activity's organiser, the studio's host, their school's office and the bureaus."),
        kept=KEPT_AS_CORPS_RECORD,
    )
