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
        self._ready_forum()

    def _ready_forum(self) -> None:
        """The forum and the suggestion box (issue 16 points 5 and 6)."""
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.forum.personal_data import register as register_personal_data
        from hts.portal.ideas.models import Suggestion

        # A receiver reaches a suggestion sent to its school's office, or to its bureau (or one below it).
        register_scope(Suggestion, {"region_path": "to_region__path", "school": "to_school_id"})
        register_personal_data()
        register_audit_labels(
            actions={
                "forum.board.create": _("Forum: board opened"),
                "forum.moderator.name": _("Forum: moderator named"),
                "forum.topic.start": _("Forum: topic started"),
                "forum.reply.add": _("Forum: reply posted"),
                "forum.topic.pin": _("Forum: topic pinned"),
                "forum.topic.unpin": _("Forum: topic unpinned"),
                "forum.topic.close": _("Forum: topic closed"),
                "forum.topic.reopen": _("Forum: topic reopened"),
                "forum.post.hide": _("Forum: post hidden"),
                "forum.post.report": _("Forum: post reported"),
                "forum.report.dismiss": _("Forum: report dismissed"),
                "ideas.send": _("Suggestion box: suggestion sent"),
                "ideas.consider": _("Suggestion box: taken under consideration"),
                "ideas.decide": _("Suggestion box: answered"),
            },
            fields={"moderator": _("Moderator")},
        )
