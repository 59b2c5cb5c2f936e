from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app's background exports register themselves (see hts.core.jobs).
        autodiscover_modules("export_jobs")
        from hts.core.personal_data import register_core

        register_core()
