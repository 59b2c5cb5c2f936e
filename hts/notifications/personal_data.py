"""What personal data notifications keeps, for the data inventory (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "notifications.notification",
        subject=TEACHERS,
        title=_("Notifications"),
        model="notifications.Notification",
        fields=("recipient", "title", "body", "read_at"),
        purpose=_("Reminders of activities, quotas and steps waiting for the person."),
        seen_by=_("The recipient only."),
        kept=_("Until the recipient's account is removed; not deleted automatically."),
    )
