from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.classwork"
    verbose_name = _("Class work log")

    def ready(self) -> None:
        from hts.classwork import personal_data
        from hts.classwork.contacts import contact_anonymise
        from hts.classwork.leftbehind import file_anonymise, file_export_sheet
        from hts.classwork.retention import register_pupil_anonymiser, register_pupil_export_sheet

        personal_data.register()
        # A left-behind child's file goes with its pupil: cleared on anonymisation, a sheet of the export.
        register_pupil_anonymiser(file_anonymise)
        register_pupil_export_sheet(file_export_sheet)
        register_pupil_anonymiser(contact_anonymise)
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
        from hts.classwork.models import LeftBehindFile

        # A left-behind child's file reaches exactly whom the child's class reaches; the bureau's counts
        # page goes through schools (org's scope), never through a file.
        register_scope(
            LeftBehindFile,
            {
                "school": "pupil__school_class__school_id",
                "self": ("pupil__school_class__head_teacher_id", "pupil__school_class__deputy_id"),
            },
        )
        register_audit_labels(
            actions={
                "classwork.leftbehind.created": _("Left-behind child's file: created"),
                "classwork.leftbehind.edited": _("Left-behind child's file: edited"),
                "classwork.leftbehind.activity": _("Left-behind child's file: activity recorded"),
                "classwork.leftbehind.note": _("Left-behind child's file: support note recorded"),
                "classwork.leftbehind.read": _("Left-behind child's file: read"),
                "classwork.leftbehind.exported": _("Left-behind children's files: exported"),
            },
            # An edit records which fields changed, never their values (a bureau reads the audit log).
            fields={"changed_fields": _("Fields changed")},
            values={
                "changed_fields": {
                    name: LeftBehindFile._meta.get_field(name).verbose_name
                    for name in ("guardian_name", "guardian_relation", "parents_work", "contact_plan")
                }
            },
            lists={"changed_fields"},
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
        # The handbook export (issue 15 point 5).
        register_audit_labels(actions={"classwork.handbook.exported": _("Class work handbook: exported")})
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
        # Changing and deleting entries (views_entries).
        register_audit_labels(
            actions={
                "classwork.entry.changed": _("Class work log: entry changed"),
                "classwork.entry.deleted": _("Class work log: entry deleted"),
            }
        )
        # A contact for home visits reaches the class's head teacher and deputy only, not its school office.
        from hts.classwork.models import PupilContact

        register_scope(
            PupilContact, {"self": ("pupil__school_class__head_teacher_id", "pupil__school_class__deputy_id")}
        )
        register_audit_labels(
            actions={
                "classwork.contact.added": _("Contact for home visits: added"),
                "classwork.contact.changed": _("Contact for home visits: changed"),
                "classwork.contact.removed": _("Contact for home visits: removed"),
            },
            # Which of the contact's fields changed, never the name or the number.
            values={"changed_fields": {"name": _("parent's name"), "phone": _("parent's mobile")}},
        )
        # The 班级工作日志 entry of 我的班主任工作: a teacher who heads or deputises no class has no log.
        from django.contrib.auth.signals import user_logged_in

        from hts.accounts.context_processors import MY_CORPS, register_nav_check

        register_nav_check("classwork-classes", MY_CORPS, heads_a_class)
        user_logged_in.connect(_remember_on_sign_in, dispatch_uid="classwork.heads_a_class")


# Whether the user heads or deputises a class, remembered in the session at sign-in (and refreshed by
# the class list), so the menu costs no query on every page. A teacher given a class meanwhile sees the
# entry after signing in again, or at once from the class list.
HEADS_A_CLASS = "classwork.heads_a_class"


def reaches_a_class(principal: Any) -> bool:
    from hts.classwork.models import ClassRef

    return principal.can("classwork.view") and bool(principal.scoped("classwork.view", ClassRef.objects.all()).exists())


def heads_a_class(request: Any, principal: Any) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return reaches_a_class(principal)
    if HEADS_A_CLASS not in session:
        session[HEADS_A_CLASS] = reaches_a_class(principal)
    return bool(session[HEADS_A_CLASS])


def _remember_on_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from hts.accounts.permissions import principal_for

    if request is not None and hasattr(request, "session"):
        request.session[HEADS_A_CLASS] = reaches_a_class(principal_for(user))
