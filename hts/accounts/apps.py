from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.accounts"
    verbose_name = _("Accounts and permissions")

    def ready(self) -> None:
        from hts.accounts import signals  # noqa: F401  (connects the sign-in audit receivers)
