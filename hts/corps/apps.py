from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.corps"
    verbose_name = _("Head-teacher corps")

    def ready(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.gates import export_jobs  # noqa: F401  (registers the title-applicants export)
        from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
        from hts.corps.gates.profile_facts import gate_facts
        from hts.corps.models import CorpsPolicy
        from hts.corps.services import corps_policy_from_template
        from hts.org.profile_facts import register_profile_facts
        from hts.studios.template_parts import REGION, register_template_part

        register_template_part("corps", corps_policy_from_template, scope=REGION)
        self._ready_certificates()
        register_scope(CorpsPolicy, {"region_path": "region__path"})
        for model in (CreditedService, ExcellentCount, ExcellentShare):
            register_scope(model, {"region_path": "school__region__path", "school": "school_id"})
        register_profile_facts("corps.gates", gate_facts)
        self._ready_structure()
        self._ready_honours()
        register_audit_labels(
            actions={
                "corps.policy.from_template": _("Corps policy: created from a template"),
                "corps.policy.saved": _("Corps policy: saved"),
                "corps.credited_service.created": _("Credited club or society work: recorded"),
                "corps.excellent_share.saved": _("优秀 share for head teachers: saved"),
                "corps.excellent_count.saved": _("The year's 优秀 counts: saved"),
            }
        )

    def _ready_certificates(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.certificates.facts import certificate_facts
        from hts.corps.certificates.models import Certificate
        from hts.corps.certificates.services import revoke_for_failure
        from hts.evaluation.grades.signals import yearly_failure_confirmed
        from hts.org.profile_facts import register_profile_facts

        register_scope(
            Certificate,
            {"region_path": "holder__school__region__path", "school": "holder__school_id", "self": "holder_id"},
        )
        register_profile_facts("corps.certificates", certificate_facts)
        yearly_failure_confirmed.connect(revoke_for_failure, dispatch_uid="corps.certificates.revoke_for_failure")
        register_audit_labels(
            actions={
                "corps.certificate.issued": _("Certificate: issued"),
                "corps.certificate.revoked": _("Certificate: revoked"),
                "corps.certificate.reinstated": _("Certificate: reinstated"),
            }
        )

    def _ready_structure(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
        from hts.corps.structure.profile_facts import structure_facts
        from hts.org.profile_facts import register_profile_facts

        register_scope(ChiefHeadTeacher, {"region_path": "school__region__path", "school": "school_id"})
        # A teacher reaches a pair as its mentor ("self"): that is who records its guidance.
        register_scope(MentorPair, {"region_path": "school__region__path", "school": "school_id", "self": "mentor_id"})
        register_scope(GuidanceSession, {"region_path": "pair__school__region__path", "school": "pair__school_id"})
        register_profile_facts("corps.structure", structure_facts)
        register_audit_labels(
            actions={
                "corps.chief.appointed": _("Chief head teacher: appointed"),
                "corps.chief.ended": _("Chief head teacher: appointment ended"),
                "corps.pair.created": _("Mentoring pair: created"),
                "corps.pair.ended": _("Mentoring pair: ended"),
                "corps.guidance.recorded": _("Mentoring pair: guidance session recorded"),
            }
        )

    def _ready_honours(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.archive.sections import register_archive_section
        from hts.corps.honours.archive import honours_section
        from hts.corps.honours.models import HonourCall, HonourQuota, Nomination, Objection

        # A bureau reaches the calls of its region's subtree; a school its own call.
        register_scope(HonourCall, {"region_path": "organiser_path", "school": "school_id"})
        register_scope(HonourQuota, {"region_path": "school__region__path", "school": "school_id"})
        register_scope(Nomination, {"region_path": "school__region__path", "school": "school_id", "self": "teacher_id"})
        register_scope(
            Objection, {"region_path": "nomination__call__organiser_path", "school": "nomination__call__school_id"}
        )
        register_archive_section("honours", 70, honours_section)
        register_audit_labels(
            actions={
                "corps.honours.call_created": _("Honours call: created"),
                "corps.honours.quota_set": _("Honours call: quota set"),
                "corps.honours.panel_added": _("Honours call: panel member added"),
                "corps.honours.panel_removed": _("Honours call: panel member removed"),
                "corps.honours.call_opened": _("Honours call: opened for nominations"),
                "corps.honours.nominated": _("Honours call: nominated"),
                "corps.honours.withdrawn": _("Honours call: nomination withdrawn"),
                "corps.honours.review_started": _("Honours call: nominations closed, panel review"),
                "corps.honours.published": _("Honours call: ranked list in public notice"),
                "corps.honours.objection_raised": _("Honours call: objection raised"),
                "corps.honours.objection_decided": _("Honours call: objection decided"),
                "corps.honours.finalised": _("Honours call: final list, honours recorded"),
            }
        )
