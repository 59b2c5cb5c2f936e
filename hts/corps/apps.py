from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.corps"
    verbose_name = _("Head-teacher corps")

    def ready(self) -> None:
        from hts.corps import personal_data

        personal_data.register()
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
        self._ready_archive()
        self._ready_appointment()
        self._ready_ranks()
        self._ready_trainee()
        self._ready_honours()
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

    def _ready_archive(self) -> None:
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.archive import export_jobs  # noqa: F401  (registers the school's archive exports)
        from hts.corps.archive.profile_links import archive_link
        from hts.corps.archive.sections import register_archive_section
        from hts.corps.archive.sources import ORDERS, SOURCES
        from hts.org.profile_facts import register_profile_link

        for key, source in SOURCES.items():
            register_archive_section(key, ORDERS[key], source)
        register_profile_link("corps.archive", archive_link)
        register_audit_labels(
            actions={
                "corps.archive.viewed": _("Head-teacher work archive: viewed"),
                "corps.archive.pdf": _("Head-teacher work archive: PDF downloaded"),
            }
        )

    def _ready_appointment(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.appointment.archive import appointment_section
        from hts.corps.appointment.models import Application, AppointmentRound, Letter, Objection
        from hts.corps.archive.sections import register_archive_section

        # A teacher reaches a round of their own school ("self"): that is where they apply and object.
        register_scope(
            AppointmentRound,
            {"region_path": "school__region__path", "school": "school_id", "self": "school__teachers"},
        )
        register_scope(
            Application,
            {"region_path": "round__school__region__path", "school": "round__school_id", "self": "teacher_id"},
        )
        for model in (Letter, Objection):
            register_scope(model, {"region_path": "round__school__region__path", "school": "round__school_id"})
        register_archive_section("appointments", 60, appointment_section)
        register_audit_labels(
            actions={
                "corps.appointment.created": _("Competitive appointment: round created"),
                "corps.appointment.step": _("Competitive appointment: next step"),
                "corps.appointment.posts": _("Competitive appointment: posts changed"),
                "corps.appointment.applied": _("Competitive appointment: application submitted"),
                "corps.appointment.speech_scheduled": _("Competitive appointment: speech scheduled"),
                "corps.appointment.proposed": _("Competitive appointment: assignment proposed"),
                "corps.appointment.adjusted": _("Competitive appointment: assignment changed"),
                "corps.appointment.objection_filed": _("Competitive appointment: objection filed"),
                "corps.appointment.objection_decided": _("Competitive appointment: objection decided"),
                "corps.appointment.accepted": _("Competitive appointment: letter accepted"),
                "corps.appointment.term_started": _("Competitive appointment: the appointee took over the class"),
                "corps.appointment.classes_left": _("Competitive appointment: the appointee left their former classes"),
            },
            fields={"classes_left": _("Former classes left")},
        )

    def _ready_ranks(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.archive.sections import register_archive_section
        from hts.corps.ranks import export_jobs  # noqa: F401  (registers the allowance roll export)
        from hts.corps.ranks.facts import rank_archive_section, rank_facts
        from hts.corps.ranks.models import AllowanceRate, AllowanceRoll, RankAssignment, RankScheme
        from hts.corps.ranks.services import ranks_from_template
        from hts.org.profile_facts import register_profile_facts
        from hts.studios.template_parts import REGION, register_template_part

        register_template_part("corps.ranks", ranks_from_template, scope=REGION)
        register_scope(RankScheme, {"region_path": "region_path", "school": "school_id"})
        register_scope(
            RankAssignment, {"region_path": "school__region__path", "school": "school_id", "self": "teacher_id"}
        )
        for model in (AllowanceRate, AllowanceRoll):
            register_scope(model, {"region_path": "school__region__path", "school": "school_id"})
        register_profile_facts("corps.ranks", rank_facts)
        register_archive_section("ranks", 50, rank_archive_section)
        register_audit_labels(
            actions={
                "corps.rank_scheme.from_template": _("Rank scheme: created from a template"),
                "corps.rank_scheme.created": _("Rank scheme: the school's own created"),
                "corps.rank.saved": _("Rank: saved"),
                "corps.rank.deleted": _("Rank: deleted"),
                "corps.rank_criterion.added": _("Rank criterion: added"),
                "corps.rank_criterion.deleted": _("Rank criterion: deleted"),
                "corps.rank.assigned": _("Head teacher's rank: decided"),
                "corps.allowance_rate.saved": _("Allowance per rank: saved"),
                "corps.allowance_roll.built": _("Allowance roll: built"),
                "corps.allowance_roll.rebuilt": _("Allowance roll: draft rebuilt"),
                "corps.allowance_roll.exported": _("Allowance roll: exported and frozen"),
            }
        )

    def _ready_trainee(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.archive.sections import register_archive_section
        from hts.corps.trainee.archive import trainee_section
        from hts.corps.trainee.checks import qualification_problem, trainee_year_problem
        from hts.corps.trainee.evidence import mentor_guidance_hours
        from hts.corps.trainee.models import TraineePost
        from hts.corps.trainee.services import deputy_changed
        from hts.evaluation.rounds.evidence import register_guidance_source
        from hts.org.assignment_checks import register_assignment_check, register_deputy_listener

        register_scope(
            TraineePost,
            {"region_path": "school_class__school__region__path", "school": "school_class__school_id"},
        )
        register_assignment_check("corps.trainee_year", trainee_year_problem)
        register_assignment_check("corps.qualification", qualification_problem)
        register_deputy_listener("corps.trainee", deputy_changed)
        register_archive_section("corps.trainee", 20, trainee_section)
        register_guidance_source("corps.guidance", mentor_guidance_hours)
        register_audit_labels(
            actions={
                "corps.trainee.added": _("Trainee or assistant post: recorded"),
                "corps.trainee.ended": _("Trainee or assistant post: ended"),
            }
        )

    def _ready_honours(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.core.todos import register_todos
        from hts.corps.archive.sections import register_archive_section
        from hts.corps.honours.archive import honours_section
        from hts.corps.honours.models import HonourCall, HonourObjection, HonourQuota, Nomination
        from hts.corps.honours.selectors import todos

        # The organiser's next step, a school's places left, a panel member's score sheet: on the home page.
        register_todos(todos, name="corps.honours")

        # A bureau reaches the calls of its region's subtree; a school its own call.
        register_scope(HonourCall, {"region_path": "organiser_path", "school": "school_id"})
        register_scope(HonourQuota, {"region_path": "school__region__path", "school": "school_id"})
        register_scope(Nomination, {"region_path": "school__region__path", "school": "school_id", "self": "teacher_id"})
        register_scope(
            HonourObjection,
            {"region_path": "nomination__call__organiser_path", "school": "nomination__call__school_id"},
        )
        register_archive_section("honour_calls", 71, honours_section)
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
