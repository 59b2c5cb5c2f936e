"""Users and the roles they hold for a scope and a period."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.core.validators import mobile_validator


class User(AbstractUser):
    """A person who signs in. Linked to a Teacher record when the person is one."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=30, blank=True)
    mobile = models.CharField(
        _("mobile"), max_length=11, unique=True, null=True, blank=True, validators=[mobile_validator]
    )
    # People and places sit above accounts (org checks roles on every page), so they are named by
    # string here, never imported: a role's scope is only a region or a school.
    teacher = models.OneToOneField(
        "org.Teacher", verbose_name=_("teacher"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def audit_region_path(self) -> str:
        """The region of the person's school, else of their first scoped role."""
        if self.teacher_id and self.teacher:
            return self.teacher.school.region.path
        assignment = self.role_assignments.select_related("region", "school__region").first()
        if assignment and assignment.region:
            return assignment.region.path
        if assignment and assignment.school:
            return assignment.school.region.path
        return ""

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    """Roles a person can hold. Which scope each needs is in SCOPE_OF_ROLE."""

    SYSTEM_ADMIN = "system_admin", _("System administrator")
    BUREAU_STAFF = "bureau_staff", _("Bureau staff")
    SCHOOL_STAFF = "school_staff", _("School staff")
    LEGAL_REP = "legal_rep", _("Legal representative of a school")


SCOPE_OF_ROLE: dict[str, str | None] = {
    Role.SYSTEM_ADMIN: None,
    Role.BUREAU_STAFF: "region",
    Role.SCHOOL_STAFF: "school",
    Role.LEGAL_REP: "school",
}


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: dt.date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class RoleAssignment(models.Model):
    """A person holds a role for one scope (a region or a school) during a period."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "org.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "org.School", verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # The scope a role needs is tied to the role by the database, not only by the form.
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role="system_admin", region__isnull=True, school__isnull=True)
                    | Q(role="bureau_staff", region__isnull=False, school__isnull=True)
                    | Q(role__in=["school_staff", "legal_rep"], region__isnull=True, school__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="role_period_ordered",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.scope_label}"

    def audit_region_path(self) -> str:
        if self.region_id and self.region:
            return self.region.path
        if self.school_id and self.school:
            return self.school.region.path
        return ""

    @property
    def scope_label(self) -> str:
        if self.region_id:
            return str(self.region)
        if self.school_id:
            return str(self.school)
        return str(_("Whole platform"))
