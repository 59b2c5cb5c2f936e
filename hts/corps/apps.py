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
        self._ready_training()
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

    def _ready_training(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.archive.sections import register_archive_section
        from hts.corps.training import export_jobs  # noqa: F401  (registers the behind-on-training export)
        from hts.corps.training.archive import training_section
        from hts.corps.training.models import Course, Enrolment

        register_scope(Course, {"region_path": ("school__region__path", "region__path"), "school": "school_id"})
        register_scope(
            Enrolment,
            {
                "region_path": ("course__school__region__path", "course__region__path"),
                "school": "course__school_id",
                "self": "teacher_id",
            },
        )
        register_archive_section("training", 30, training_section)
        register_audit_labels(
            actions={
                "corps.course.opened": _("Training course: opened"),
                "corps.course.enrolled": _("Training course: trainees enrolled"),
                "corps.course.scored": _("Training course: scores entered"),
            }
        )
