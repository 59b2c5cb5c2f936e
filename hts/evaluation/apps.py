from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.evaluation"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from hts.evaluation import personal_data

        personal_data.register()
        from hts.accounts.permissions import register_scope
        from hts.evaluation.grades.consequences import honour_bar
        from hts.evaluation.grades.models import MemberGrade, YearlyFailure
        from hts.evaluation.rounds.models import EvaluationRound, Subject
        from hts.evaluation.rubrics.models import Rubric
        from hts.evaluation.rubrics.services import rubric_from_template
        from hts.org.honour_bars import register_honour_bar
        from hts.studios.template_parts import REGION, register_template_part

        register_template_part("rubric", rubric_from_template, scope=REGION)

        # 001 10: a failed yearly result bars honours that school year; org asks through its registry.
        register_honour_bar(honour_bar)
        from hts.evaluation.profile_facts import yearly_failure_facts
        from hts.org.profile_facts import register_profile_facts

        # A confirmed yearly failure shows on the teacher's profile.
        register_profile_facts("evaluation.yearly_failure", yearly_failure_facts)
        # A rubric belongs to a region (the bureau's) or to a school; built-in ones (neither) are readable by all.
        register_scope(Rubric, {"region_path": "region__path", "school": "school_id"})
        # A round is organised by a school, a bureau (region) or a studio.
        register_scope(
            EvaluationRound,
            {"region_path": "region_path", "school": "school_id", "studio": "studio_id"},
        )
        register_scope(
            Subject,
            {
                "region_path": "round__region_path",
                "school": "round__school_id",
                "studio": "round__studio_id",
                "self": "teacher_id",
            },
        )
        register_scope(
            MemberGrade,
            {
                "region_path": "membership__studio__host_school__region__path",
                "school": "membership__studio__host_school_id",
                "studio": "membership__studio_id",
                "self": "membership__teacher_id",
            },
        )
        register_scope(
            YearlyFailure,
            {"region_path": "teacher__school__region__path", "school": "teacher__school_id", "self": "teacher_id"},
        )
