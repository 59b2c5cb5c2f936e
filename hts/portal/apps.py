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
        self._ready_contest()

    def _ready_contest(self) -> None:
        from django.conf import settings

        import hts.portal.contest.export_jobs  # noqa: F401 - registers the book's export
        from hts.accounts.permissions import register_scope
        from hts.portal.contest.models import Contest

        register_scope(Contest, {"region_path": "organiser_path", "school": "school_id"})
        # The menu entry: organisers find it under oversight, head teachers (authors, judges) under their own work.
        from django.utils.translation import gettext_lazy as _

        from hts.accounts import context_processors as nav

        entry = ("portal-contest-home", _("Essay contests"))
        if not any(name == entry[0] for name, *_rest in nav.NAVIGATION):
            nav.NAVIGATION.append((*entry, "portal.contest.organise", nav.OVERSIGHT))
            nav.NAVIGATION.append((*entry, "portal.contest.enter", nav.MY_CORPS))
            nav._FOR_STAFF[(entry[0], nav.OVERSIGHT)] = True
            nav._FOR_STAFF[(entry[0], nav.MY_CORPS)] = False
        from hts.core.audit_labels import register_audit_labels

        register_audit_labels(
            actions={
                "portal.contest.created": _("Essay contest: call created"),
                "portal.contest.opened": _("Essay contest: call opened"),
                "portal.contest.judging": _("Essay contest: judging opened"),
                "portal.contest.published": _("Essay contest: results in public notice"),
                "portal.contest.finalised": _("Essay contest: results final"),
                "portal.contest.judge_added": _("Essay contest: judge added"),
                "portal.contest.judge_removed": _("Essay contest: judge removed"),
                "portal.contest.entry_submitted": _("Essay contest: essay submitted"),
                "portal.contest.entry_changed": _("Essay contest: essay changed"),
                "portal.contest.scored": _("Essay contest: essay scored"),
                "portal.contest.objection_raised": _("Essay contest: objection raised"),
                "portal.contest.objection_decided": _("Essay contest: objection decided"),
                "portal.contest.book_made": _("Essay contest: book of winning essays made"),
            },
            fields={
                "judge": _("judge"),
                "scores": _("scores"),
                "category": _("category"),
                "document": _("document attached"),
            },
        )
        # Essays as documents: the portal's attachment limit, unless the settings name their own.
        limits = settings.UPLOAD_MAX_BYTES
        limits.setdefault("portal.contest", limits["portal.photo"])
