from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.studios"
    verbose_name = _("Studios")

    def ready(self) -> None:
        from hts.accounts.permissions import register_grant_source, register_scope
        from hts.studios.models import Batch, Membership, Studio
        from hts.studios.selectors import studio_grants

        # A studio's team roles (host, mentor, member, liaison) are rows of the matrix, granted by memberships.
        register_grant_source(studio_grants)

        register_scope(Batch, {"region_path": "region__path"})
        # "self": a teacher reaches the studios they applied to host.
        register_scope(
            Studio,
            {"region_path": "host_school__region__path", "school": "host_school_id", "studio": "pk", "self": "host_id"},
        )
        register_scope(
            Membership,
            {
                "region_path": "studio__host_school__region__path",
                "school": "studio__host_school_id",
                "studio": "studio_id",
            },
        )
