from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.org"
    verbose_name = _("Regions and schools")

    def ready(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.org.models import Region, School, SchoolClass, Teacher

        register_scope(Region, {"region_path": "path"})
        register_scope(School, {"region_path": "region__path", "school": "pk"})
        register_scope(Teacher, {"region_path": "school__region__path", "school": "school_id", "self": "pk"})
        register_scope(SchoolClass, {"region_path": "school__region__path", "school": "school_id"})
