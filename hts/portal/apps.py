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
        self._ready_exposure()
        self._ready_sites()
        self._ready_home()
        self._ready_comments()
        self._ready_forum()
        self._ready_contest()
        self._ready_search()
        self._ready_todos()

    def _ready_exposure(self) -> None:
        """Consent and masking (issue 16 point 8): a consent reaches whom its class's pupils reach, is in the
        data inventory, and goes with its pupil's anonymisation."""
        from hts.accounts.permissions import register_scope
        from hts.classwork.retention import register_pupil_anonymiser
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.exposure import personal_data
        from hts.portal.exposure.services import consent_anonymise
        from hts.portal.models import GuardianConsent

        register_scope(
            GuardianConsent,
            {
                "school": ("pupil__school_class__school_id", "school_class__school_id"),
                "self": (
                    "pupil__school_class__head_teacher_id",
                    "pupil__school_class__deputy_id",
                    "school_class__head_teacher_id",
                    "school_class__deputy_id",
                ),
            },
        )
        personal_data.register()
        register_pupil_anonymiser(consent_anonymise)
        from hts.classwork.links import ClassLink, register_class_link

        register_class_link(
            ClassLink("portal-consents", _("Guardian consents"), "portal.consent.view", testid="portal-consents-link")
        )
        register_audit_labels(
            actions={
                "portal.consent.recorded": _("Guardian consent: recorded"),
                "portal.consent.withdrawn": _("Guardian consent: withdrawn"),
                "portal.publication.consent_withdrawn": _("Publication: withdrawn, its guardian consent withdrawn"),
                "portal.consent.form_attached": _("Guardian consent: signed form attached"),
            },
            fields={
                "consent": _("Consent (record number)"),
                "consents": _("Guardian consents relied on (record numbers)"),
                "names_shown": _("Pupils' names shown under a consent"),
                "publications": _("Publications withdrawn (record numbers)"),
                "given_on": _("given on"),
                "withdrawn_on": _("withdrawn on"),
            },
        )

        # The consents' menu entry (in 我的班主任工作): for whom a class's consents reach (its head teacher,
        # deputy or school office), read from the session as the class work log's entry is.
        from hts.accounts.context_processors import MY_CORPS, register_nav_check
        from hts.classwork.apps import heads_a_class

        register_nav_check("portal-consent-classes", MY_CORPS, heads_a_class)

    def _ready_sites(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.activities.quotas.selectors import register_publicity_source
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.home.registry import register_publication_link, register_sitemap_source, register_studio_link
        from hts.portal.sites.models import StudioSite
        from hts.portal.sites.selectors import publication_paths, publicity_days, sitemap_paths, studio_paths
        from hts.portal.sites.services import sites_closing
        from hts.portal.sites.sitemap import site_page_paths
        from hts.studios.closing import register_closing_step

        register_scope(StudioSite, {"region_path": "studio__host_school__region__path", "studio": "studio_id"})
        # A revoked studio's site goes at once (an expired or completed one stays, read-only): no cached copy outlives it.
        register_closing_step("portal_sites", sites_closing)
        # A published archive item or achievement counts toward the studio's publicity quota (003).
        register_publicity_source(publicity_days)
        # The bureau portal links each studio to its site and each featured item to its page; the sitemap lists them.
        register_sitemap_source(sitemap_paths)
        register_sitemap_source(site_page_paths)  # sections, album, research, members' pages
        register_studio_link(studio_paths)
        register_publication_link(publication_paths)
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

    def _ready_home(self) -> None:
        """The bureau portal: its rows' scopes and the audit's words."""
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.home.models import Notice, PortalBrand

        register_scope(Notice, {"region_path": "region__path"})
        register_scope(PortalBrand, {"region_path": "region__path"})
        register_audit_labels(
            actions={
                "portal.brand.saved": _("Portal brand: saved"),
                "portal.notice.created": _("Portal notice: created"),
                "portal.notice.updated": _("Portal notice: edited"),
                "portal.notice.published": _("Portal notice: published"),
                "portal.notice.unpublished": _("Portal notice: taken off the portal"),
                "portal.publication.featured": _("Published item: featured on the portal"),
                "portal.publication.unfeatured": _("Published item: no longer featured"),
            },
            fields={
                "footer": _("Footer text"),
                "filing_number": _("Filing number (备案号)"),
                "logo": _("Logo"),
                "body": _("Text"),
                "attachment": _("Attachment"),
                "featured": _("Featured"),
            },
        )

    def _ready_comments(self) -> None:
        """Comments and messages (issue 16 point 4): the moderators' scope, the region's portal policy
        as a part of the policy bundles, and the audit's words; a visitor's contact in the data inventory."""
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.portal.comments.models import Comment
        from hts.portal.comments.services import portal_policy_from_template
        from hts.portal.models import PortalPolicy
        from hts.studios.template_parts import REGION, register_template_part

        # A studio's host reaches its studio's comments and board; a bureau only the messages to its portal
        # (a studio's comment has no region, so no region path reaches it).
        register_scope(Comment, {"studio": "studio_id", "region_path": "region__path"})
        from hts.portal.comments.personal_data import register as register_comment_data

        register_comment_data()
        register_scope(PortalPolicy, {"region_path": "region__path"})
        register_template_part("portal", portal_policy_from_template, scope=REGION)
        register_audit_labels(
            actions={
                "portal.comment.received": _("Comment or message: received, held for moderation"),
                "portal.comment.approved": _("Comment or message: approved"),
                "portal.comment.rejected": _("Comment or message: rejected"),
                "portal.comment.deleted": _("Comment or message: deleted"),
                "portal.comment.replied": _("Comment or message: reply written"),
                "portal.comment.contacts_erased": _("Comments and messages: visitors' contacts erased"),
                "portal.policy.from_template": _("Portal policy: created from a template"),
                "portal.policy.saved": _("Portal policy: saved"),
            }
        )

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

    def _ready_contest(self) -> None:
        import hts.portal.contest.export_jobs  # noqa: F401 - registers the book's export
        from hts.accounts.permissions import register_scope
        from hts.portal.contest.models import Contest

        register_scope(Contest, {"region_path": "organiser_path", "school": "school_id"})
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

    def _ready_search(self) -> None:
        from hts.portal import search_public
        from hts.portal.public import public_pages_changed
        from hts.studios.closing import register_shown_changed

        search_public.register()
        # A studio's theme is on its website's pages (studios cannot import the portal).
        register_shown_changed("portal", lambda studio: public_pages_changed())

    def _ready_todos(self) -> None:
        """Whoever must act next on a portal queue finds it on the signed-in home (``hts.core.todos``)."""
        from hts.portal import todos

        todos.register()
