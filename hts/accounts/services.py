"""Account and role writes: opening accounts, password resets, granting and revoking roles."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hts.accounts.guards import can_grant, can_manage_user
from hts.accounts.models import SCOPE_OF_ROLE, Role, RoleAssignment, User
from hts.accounts.permissions import forget_principal, principal_for
from hts.core.audit import audit_record
from hts.notifications.services import notification_send

# Regions, schools and teachers are org's models: org sits above accounts, so they are typed `Any`
# here and reached through the account's own foreign keys, never imported.

# Letters and digits that cannot be mistaken for each other when read aloud or from a screen.
_TEMP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    return "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(10))


@transaction.atomic
def user_open_for_teacher(*, actor: Any, teacher: Any) -> tuple[User, str]:
    """An account for a teacher: the mobile number is the username; the first password is temporary."""
    principal = principal_for(actor)
    principal.require("user.manage")
    if not principal.scoped("teacher.edit", type(teacher).objects.filter(pk=teacher.pk)).exists():
        raise PermissionDenied(_("“%(name)s” is outside the scope of your role.") % {"name": teacher})
    if User.objects.filter(teacher=teacher).exists():
        raise ValidationError(_("%(name)s already has an account.") % {"name": teacher})
    if (
        User.objects.filter(username__iexact=teacher.mobile).exists()
        or User.objects.filter(mobile=teacher.mobile).exists()
    ):
        raise ValidationError(
            _("An account with mobile %(mobile)s already exists.") % {"mobile": teacher.masked_mobile}
        )
    password = temporary_password()
    user = User(username=teacher.mobile, mobile=teacher.mobile, full_name=teacher.name, teacher=teacher)
    user.set_password(password)
    user.must_change_password = True
    user.save()
    audit_record(actor=actor, action="accounts.user.opened", target=user, changes={"teacher": [None, teacher.name]})
    return user, password


@transaction.atomic
def user_reset_password(*, actor: Any, target: User) -> str:
    allowed, reason = can_manage_user(actor, target)
    if not allowed:
        raise PermissionDenied(reason)
    password = temporary_password()
    target.set_password(password)
    target.must_change_password = True
    target.save(update_fields=["password", "must_change_password"])
    entry = audit_record(actor=actor, action="accounts.user.password_reset", target=target)
    # The owner is told, so a reset they did not ask for does not go unseen.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your password was reset by %(name)s") % {"name": getattr(actor, "display_name", actor)}
        body = _("If you did not ask for this, tell your school office or the system administrator at once.")
    notification_send(
        recipient=target,
        kind="general",
        title=title,
        body=body,
        url=reverse("accounts-password-change"),
        dedupe_key=f"accounts.password_reset.{entry.pk}",
    )
    return password


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """Called after a user chose their own password (the form has already saved it)."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(actor=user, action="accounts.user.password_changed", target=user)


@transaction.atomic
def role_grant(
    *,
    actor: Any,
    user: User,
    role: str,
    region: Any | None = None,
    school: Any | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    scope = SCOPE_OF_ROLE.get(role, "missing")
    if scope == "missing":
        raise ValidationError({"role": _("Unknown role.")})
    if scope == "region" and region is None:
        raise ValidationError({"region": _("This role needs a region.")})
    if scope == "school" and school is None:
        raise ValidationError({"school": _("This role needs a school.")})
    if scope != "region":
        region = None
    if scope != "school":
        school = None
    allowed, reason = can_grant(actor, role, region=region, school=school)
    if not allowed:
        raise PermissionDenied(reason)
    today = timezone.localdate()
    duplicate = RoleAssignment.objects.active(valid_from or today).filter(
        user=user, role=role, region=region, school=school
    )
    if duplicate.exists():
        raise ValidationError(_("%(name)s already holds this role for this scope.") % {"name": user})
    assignment = RoleAssignment(
        user=user,
        role=role,
        region=region,
        school=school,
        valid_from=valid_from or today,
        valid_to=valid_to,
        granted_by=actor,
    )
    assignment.full_clean()
    try:
        assignment.save()
    except IntegrityError as error:
        raise ValidationError(_("The role does not fit its scope.")) from error
    audit_record(
        actor=actor,
        action="accounts.role.granted",
        target=assignment,
        target_label=f"{user} · {assignment}",
        changes={"role": [None, role], "scope": [None, assignment.scope_label]},
    )
    forget_principal(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    """Ends a role today. One that has not started yet is removed, as it never took effect."""
    allowed, reason = can_grant(actor, assignment.role, region=assignment.region, school=assignment.school)
    if not allowed:
        raise PermissionDenied(reason)
    if assignment.user_id == actor.pk and assignment.role == Role.SYSTEM_ADMIN:
        raise ValidationError(_("You cannot remove your own administrator role."))
    if assignment.user_id == actor.pk and not principal_for(actor).is_admin:
        raise ValidationError(_("You cannot remove your own role: another member of staff or an administrator does."))
    today = timezone.localdate()
    label = f"{assignment.user} · {assignment}"
    audit_record(
        actor=actor,
        action="accounts.role.revoked",
        target=assignment,
        target_label=label,
        changes={"role": [assignment.role, None]},
    )
    if assignment.valid_from >= today:
        assignment.delete()
    else:
        assignment.valid_to = today - dt.timedelta(days=1)
        assignment.save(update_fields=["valid_to"])
