from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.studios"
    verbose_name = _("Studios")

    def ready(self) -> None:
        from hts.studios import personal_data

        personal_data.register()
        from hts.studios import search_index

        search_index.register()
        from hts.accounts.permissions import register_grant_source, register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.org.profile_facts import register_profile_facts
        from hts.studios.models import Batch, Membership, Studio
        from hts.studios.policy_templates import BUNDLES
        from hts.studios.selectors import host_eligibility_facts, studio_grants

        # A studio's team roles (host, mentor, member, liaison) are rows of the matrix, granted by memberships.
        register_grant_source(studio_grants)
        # An end-of-cycle grade that makes a host eligible shows on the teacher's profile.
        register_profile_facts("studios.host_eligibility", host_eligibility_facts)
        # A batch's audit entry records the template's code; auditors read its name.
        categories = {
            item["code"]: item["label"]
            for bundle in BUNDLES.values()
            for item in [*(bundle.funding or {}).get("categories", []), *(bundle.funding or {}).get("forbidden", [])]
        }
        register_audit_labels(
            values={"template": {code: bundle.label for code, bundle in BUNDLES.items()}, "category": categories},
            fields={"theme": Studio._meta.get_field("theme").verbose_name},
        )

        register_scope(Batch, {"region_path": "region__path"})
        # "self": a teacher reaches the studios they applied to host.
        register_scope(
            Studio,
            {"region_path": "host_school__region__path", "school": "host_school_id", "studio": "pk", "self": "host_id"},
        )
        register_scope(
            Membership,
            {
                "region_path": "studio__host_school__region__path",
                "school": "studio__host_school_id",
                "studio": "studio_id",
            },
        )
