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
        self._ready_structure()
        register_audit_labels(
            actions={
                "corps.policy.from_template": _("Corps policy: created from a template"),
                "corps.policy.saved": _("Corps policy: saved"),
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
