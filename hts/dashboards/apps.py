from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Pages that only read across domains (the home page and its figures): the floor above the domain apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.dashboards"
    verbose_name = _("Dashboards")
