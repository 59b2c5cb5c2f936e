from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.research"
    verbose_name = _("Research and achievements")

    def ready(self) -> None:
        from hts.research import personal_data

        personal_data.register()
        from hts.research import search_index

        search_index.register()
        from hts.accounts.permissions import register_scope
        from hts.research.models import Achievement, ResearchProject, WeightPolicy
        from hts.research.selectors import host_research_records
        from hts.research.services import weight_policy_from_template
        from hts.studios.research_records import register_research_records
        from hts.studios.template_parts import REGION, register_template_part

        register_template_part("level_weights", weight_policy_from_template, scope=REGION)
        # The host standard's research rule reads the verified projects and achievements.
        register_research_records("research", host_research_records)

        register_scope(
            ResearchProject,
            {
                "region_path": "studio__host_school__region__path",
                "school": "studio__host_school_id",
                "studio": "studio_id",
            },
        )
        # A teacher reaches their own achievements; a studio's team those of its members; the bureau its subtree.
        register_scope(
            Achievement,
            {
                "region_path": "owner__school__region__path",
                "school": "owner__school_id",
                "self": "owner_id",
                "studio": "owner__memberships__studio_id",
            },
        )
        register_scope(WeightPolicy, {"region_path": "region__path"})
