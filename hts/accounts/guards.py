"""Guards of accounts: who may grant a role or manage another's account, with the reason when not.
The services ask them to refuse; the pages ask them to show or explain a button."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.accounts.models import Role, RoleAssignment, User
from hts.accounts.permissions import ROLE_LABELS, STUDIO_HOST, principal_for


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


# Whoever holds one of these signs for money or hosts a studio: a reset of their password lets the resetter
# sign in as them, so only a system administrator resets it (经费使用管理办法 第四条 asks for two signers).
ADMIN_RESETS_ONLY = {Role.LEGAL_REP, STUDIO_HOST}
STAFF_ROLES = {Role.BUREAU_STAFF, Role.SCHOOL_STAFF}


def _strictly_below(assignment: RoleAssignment, principal: Any) -> bool:
    """A staff role the resetter stands above: a bureau below one of theirs, a school's staff under a bureau."""
    if assignment.role == Role.BUREAU_STAFF and assignment.region is not None:
        path = assignment.region.path
        return any(path.startswith(mine) and path != mine for mine in principal.region_paths_for("user.manage"))
    if assignment.role == Role.SCHOOL_STAFF:
        return bool(principal.region_paths_for("user.manage"))
    return True


def can_manage_user(actor: Any, target: User) -> tuple[bool, str]:
    """Staff may reset a password only for someone whose every role they could have granted, so a
    school's staff can never take over a bureau or admin account through a password reset. A staff
    role at the resetter's own level or above (a colleague), a legal representative's or a studio
    host's needs a system administrator: with it one account could sign in as both expense signers."""
    principal = principal_for(actor)
    principal.require("user.manage")
    if target.pk == actor.pk:
        return False, _("Change your own password on the password page.")
    if principal.is_admin:
        return True, ""
    signing = principal_for(target).roles & ADMIN_RESETS_ONLY
    if signing:
        return False, _(
            "%(name)s is %(role)s: only a system administrator resets the password of someone who signs "
            "expenses or hosts a studio."
        ) % {"name": target, "role": "、".join(str(ROLE_LABELS[role]) for role in sorted(signing))}
    for assignment in RoleAssignment.objects.active().filter(user=target).select_related("region", "school__region"):
        if assignment.role in STAFF_ROLES and not _strictly_below(assignment, principal):
            return False, _(
                "%(name)s holds a staff role at your level (%(role)s): a system administrator resets it."
            ) % {
                "name": target,
                "role": assignment.get_role_display(),
            }
        allowed, _reason = can_grant(actor, assignment.role, region=assignment.region, school=assignment.school)
        if not allowed:
            return False, _("%(name)s holds a role beyond yours (%(role)s).") % {
                "name": target,
                "role": assignment.get_role_display(),
            }
    return True, ""
