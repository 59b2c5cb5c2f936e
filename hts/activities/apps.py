from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from hts.activities import personal_data

        personal_data.register()
        from hts.activities import search_index

        search_index.register()
        from hts.accounts.permissions import register_scope
        from hts.activities.models import Activity, QuotaRule
        from hts.activities.quotas.services import quota_rules_from_template
        from hts.activities.services import activities_cancel_planned
        from hts.studios.closing import register_closing_step
        from hts.studios.template_parts import register_template_part

        register_template_part("quotas", quota_rules_from_template)
        # A revoked or expired studio's planned activities are cancelled with it.
        register_closing_step("activities", activities_cancel_planned)

        register_scope(
            Activity,
            {
                "region_path": ("studio__host_school__region__path", "school__region__path", "region__path"),
                "school": ("studio__host_school_id", "school_id"),
                "studio": "studio_id",
            },
        )
        # Quota rules are batch policy: bureau staff reach them through the batch's region.
        register_scope(QuotaRule, {"region_path": "policy__batch__region__path"})
