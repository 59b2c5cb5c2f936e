from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.funds"
    verbose_name = _("Funds")

    def ready(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.funds.models import BudgetLine, Expense, FundingPolicy, Grant, LedgerEntry
        from hts.funds.services import funding_policy_from_template
        from hts.studios.template_parts import register_template_part

        register_template_part("funding", funding_policy_from_template)

        # A studio's money is seen by the bureau of its region, its host school's legal
        # representative (school scope) and its host (studio scope); no one else.
        studio_lookups = {
            "region_path": "studio__host_school__region__path",
            "school": "studio__host_school_id",
            "studio": "studio_id",
        }
        for model in (Grant, BudgetLine, Expense, LedgerEntry):
            register_scope(model, studio_lookups)
        register_scope(FundingPolicy, {"region_path": "batch__region__path"})
