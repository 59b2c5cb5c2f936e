from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from hts.notifications import personal_data

        personal_data.register()
