from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public face (issue 16): studio websites, the bureau portal, members' blogs, comments, the
    forum, the suggestion box, the essay contest and search. It reads across the domain apps through
    their selectors and writes only its own rows (or through their services)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.portal.models import Publication

        register_scope(Publication, {"region_path": "studio__host_school__region__path", "studio": "studio_id"})
        self._ready_search()

    def _ready_search(self) -> None:
        from hts.portal import search_public

        search_public.register()
