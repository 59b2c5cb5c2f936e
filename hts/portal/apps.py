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
        self._ready_sites()

    def _ready_sites(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.activities.quotas.selectors import register_publicity_source
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.sites.models import StudioSite
        from hts.portal.sites.selectors import publicity_days
        from hts.portal.sites.services import sites_closing
        from hts.studios.closing import register_closing_step

        register_scope(StudioSite, {"region_path": "studio__host_school__region__path", "studio": "studio_id"})
        # A revoked studio's site goes at once (an expired or completed one stays, read-only): no cached copy outlives it.
        register_closing_step("portal_sites", sites_closing)
        # A published archive item or achievement counts toward the studio's publicity quota (003).
        register_publicity_source(publicity_days)
        register_audit_labels(
            actions={
                "portal.site.updated": _("Studio website: settings saved"),
                "portal.publication.offered": _("Studio website: offered for publication"),
                "portal.publication.published": _("Studio website: published"),
                "portal.publication.returned": _("Studio website: returned to its author"),
                "portal.publication.withdrawn": _("Studio website: withdrawn"),
                "portal.publication.links": _("Studio website: WeChat or Weibo link recorded"),
                "portal.profile.updated": _("Member's public page: saved"),
                "activities.activity.publicised": _("Activity: published on the studio's website"),
                "activities.activity.unpublicised": _("Activity: withdrawn from the studio's website"),
            }
        )
