from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.org"
    verbose_name = _("Regions and schools")

    def ready(self) -> None:
        from hts.org import personal_data

        personal_data.register()
        from hts.org import search_index

        search_index.register()
        from hts.accounts.permissions import register_scope
        from hts.core.audit_labels import register_audit_labels
        from hts.org.models import Region, School, SchoolClass, Teacher

        # Reads of personal data: an auditor looks for these by name.
        register_audit_labels(
            actions={
                "org.teacher.viewed": _("Teacher's personal details viewed"),
                "org.roster.exported": _("Roster exported"),
                "org.assignment.overridden": _("Head teacher assigned despite a rule, with a reason"),
            },
            fields={
                "rows": _("Rows"),
                "problems": _("Rules not met"),
                "reason": _("Reason"),
                "full_mobiles": _("Full mobile numbers"),
                "q": _("Search"),
                "region": _("Region"),
                "stage": _("Stage"),
                "flag": _("School type"),
                "head": _("Head teachers in post"),
            },
            values={
                "kind": {"teachers": _("Teacher roster"), "schools": _("School roster")},
                "flag": {"city_direct": _("City-direct"), "village": _("Village")},
                "head": {"1": _("Yes")},
            },
        )

        register_scope(Region, {"region_path": "path"})
        register_scope(School, {"region_path": "region__path", "school": "pk"})
        register_scope(Teacher, {"region_path": "school__region__path", "school": "school_id", "self": "pk"})
        register_scope(SchoolClass, {"region_path": "school__region__path", "school": "school_id"})
