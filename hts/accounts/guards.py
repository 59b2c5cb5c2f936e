"""Guards of accounts: who may grant a role or manage another's account, with the reason when not.
The services ask them to refuse; the pages ask them to show or explain a button."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.models import Role, RoleAssignment, User
from hts.accounts.permissions import principal_for


def can_grant(actor: Any, role: str, *, region: Any | None, school: Any | None) -> tuple[bool, str]:
    """Whether `actor` may give `role` for this scope. System admins may give any role; bureau staff
    may give bureau, school-staff and legal-representative roles inside their region subtree."""
    principal = principal_for(actor)
    if principal.is_admin:
        return True, ""
    if not principal.can("role.grant"):
        return False, _("Your role cannot grant roles.")
    if role == Role.SYSTEM_ADMIN:
        return False, _("Only a system administrator can make another.")
    path = region.path if region else (school.region.path if school else "")
    if not path or not any(path.startswith(mine) for mine in principal.region_paths):
        return False, _("That scope is outside your region.")
    return True, ""


def can_manage_user(actor: Any, target: User) -> tuple[bool, str]:
    """Staff may reset a password only for someone whose every role they could have granted, so a
    school's staff can never take over a bureau or admin account through a password reset."""
    principal = principal_for(actor)
    principal.require("user.manage")
    if target.pk == actor.pk:
        return False, _("Change your own password on the password page.")
    if principal.is_admin:
        return True, ""
    for assignment in RoleAssignment.objects.active().filter(user=target).select_related("region", "school__region"):
        allowed, _reason = can_grant(actor, assignment.role, region=assignment.region, school=assignment.school)
        if not allowed:
            return False, _("%(name)s holds a role beyond yours (%(role)s).") % {
                "name": target,
                "role": assignment.get_role_display(),
            }
    return True, ""
