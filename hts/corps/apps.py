from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.corps"
    verbose_name = _("Head-teacher corps")

    def ready(self) -> None:
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.corps.models import CorpsPolicy
        from hts.corps.services import corps_policy_from_template
        from hts.studios.template_parts import REGION, register_template_part

        register_template_part("corps", corps_policy_from_template, scope=REGION)
        register_scope(CorpsPolicy, {"region_path": "region__path"})
        register_audit_labels(
            actions={
                "corps.policy.from_template": _("Corps policy: created from a template"),
                "corps.policy.saved": _("Corps policy: saved"),
            }
        )
