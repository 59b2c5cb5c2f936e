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
        self._ready_comments()

    def _ready_comments(self) -> None:
        """Comments and messages (issue 16 point 4): the moderators' scope, the region's portal policy
        as a part of the policy bundles, and the audit's words."""
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.comments.models import Comment
        from hts.portal.comments.services import portal_policy_from_template
        from hts.portal.models import PortalPolicy
        from hts.studios.template_parts import REGION, register_template_part

        # A studio's host reaches its studio's comments and board; a bureau only the messages to its portal
        # (a studio's comment has no region, so no region path reaches it).
        register_scope(Comment, {"studio": "studio_id", "region_path": "region__path"})
        register_scope(PortalPolicy, {"region_path": "region__path"})
        register_template_part("portal", portal_policy_from_template, scope=REGION)
        register_audit_labels(
            actions={
                "portal.comment.received": _("Comment or message: received, held for moderation"),
                "portal.comment.approved": _("Comment or message: approved"),
                "portal.comment.rejected": _("Comment or message: rejected"),
                "portal.comment.deleted": _("Comment or message: deleted"),
                "portal.comment.replied": _("Comment or message: reply written"),
                "portal.policy.from_template": _("Portal policy: created from a template"),
                "portal.policy.saved": _("Portal policy: saved"),
            }
        )
