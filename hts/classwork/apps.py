from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.classwork"
    verbose_name = _("Class work log")

    def ready(self) -> None:
        from hts.classwork import personal_data

        personal_data.register()
        from hts.accounts.permissions import register_scope
        from hts.classwork.models import ClassRef, ClassworkPolicy, LogEntry, LogPhoto, Pupil
        from hts.classwork.services import classwork_policy_from_template
        from hts.core.audit_labels import register_audit_labels
        from hts.studios.template_parts import REGION, register_template_part

        register_template_part("classwork", classwork_policy_from_template, scope=REGION)
        register_scope(ClassworkPolicy, {"region_path": "region__path"})
        # A class's pupils and log reach its school's office and its own head teacher and deputy, and no
        # region: bureaus hold no pupil action, and a region scope would hand them names.
        register_scope(ClassRef, {"school": "school_id", "self": ("head_teacher_id", "deputy_id")})
        for model in (Pupil, LogEntry):
            register_scope(
                model,
                {
                    "school": "school_class__school_id",
                    "self": ("school_class__head_teacher_id", "school_class__deputy_id"),
                },
            )
        register_scope(
            LogPhoto,
            {
                "school": "entry__school_class__school_id",
                "self": ("entry__school_class__head_teacher_id", "entry__school_class__deputy_id"),
            },
        )
        register_audit_labels(
            actions={
                "classwork.policy.from_template": _("Class work policy: created from a template"),
                "classwork.policy.saved": _("Class work policy: saved"),
                "classwork.pupil.added": _("Pupil: added"),
                "classwork.pupils.imported": _("Pupils: imported"),
                "classwork.entry.recorded": _("Class work log: entry recorded"),
            }
        )
        # Retention (issue 15 point 6): none of these entries stores a pupil's name.
        register_audit_labels(
            actions={
                "classwork.pupil.updated": _("Pupil: record changed"),
                "classwork.pupil.left": _("Pupil: left the class"),
                "classwork.pupil.anonymised": _("Pupil: records anonymised after leaving"),
                "classwork.pupil.exported": _("Pupil: records exported on request"),
                "classwork.pupil.erased": _("Pupil: records erased on request"),
            },
            fields={
                "pupil": _("Pupil (record number)"),
                "renamed": _("Name changed"),
                "reference": _("Request reference"),
                "verification": _("How the request was verified"),
                "entries": _("Log entries changed or exported"),
                "days": _("Days after leaving"),
            },
        )
