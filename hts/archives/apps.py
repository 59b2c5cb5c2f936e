from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.archives"
    verbose_name = _("Growth archives")

    def ready(self) -> None:
        from hts.archives import personal_data

        personal_data.register()
        from hts.archives import search_index

        search_index.register()
        from hts.accounts.permissions import register_scope
        from hts.archives.models import ArchiveItem

        # Which items a scope reaches; which of those a role may read (visibility, kind) is
        # decided by hts.archives.selectors.visible_items, the one helper every page goes through.
        register_scope(
            ArchiveItem,
            {
                "region_path": "owner_teacher__school__region__path",
                "school": "owner_teacher__school_id",
                "self": "owner_teacher_id",
                "studio": "studio_id",
            },
        )
