"""What personal data accounts keeps, for the data inventory (registered in AccountsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hts.core.personal_data import KEPT_WITH_ACCOUNT, TEACHERS, register_personal_data


def register() -> None:
    register_personal_data(
        "accounts.user",
        subject=TEACHERS,
        title=_("Account"),
        model="accounts.User",
        fields=(
            ("username", _("Username")),
            "full_name",
            "mobile",
            ("email", _("Email")),
            ("password", _("Password (stored only as a one-way hash)")),
            ("last_login", _("Last sign-in")),
        ),
        purpose=_("Signing in, and reaching the person with the platform's notices."),
        seen_by=_("The person, their school's office, the bureaus above it and system administrators."),
        kept=KEPT_WITH_ACCOUNT,
    )
