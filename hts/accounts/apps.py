from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.accounts"
    verbose_name = _("Accounts and permissions")

    def ready(self) -> None:
        from hts.accounts import personal_data

        personal_data.register()
        from hts.accounts import signals  # noqa: F401  (connects the sign-in audit receivers)
        from hts.accounts.permissions import principal_for
        from hts.core.jobs import register_job_access

        # core sits below accounts: its export jobs ask the matrix through this.
        register_job_access(
            require=lambda user, action: principal_for(user).require(action),
            is_admin=lambda user: principal_for(user).is_admin,
        )
