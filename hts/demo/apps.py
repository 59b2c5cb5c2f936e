from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data (`manage.py seed_demo`): the top floor, since it fills every app below it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.demo"
    verbose_name = _("Demo data")
