from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hts.classwork"
    verbose_name = _("Class work log")

    def ready(self) -> None:
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
            }
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
