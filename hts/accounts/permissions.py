"""The permission matrix: which role may do which action, and on which objects.

Two layers, both declared here and nowhere else:

* ``MATRIX``: role × action, as data. A role without the action gets 403.
* ``SCOPE_LOOKUPS``: for each model, how a role's scope (a region subtree, a school, the person
  themself) becomes a queryset filter. An object outside every scope that grants the action is
  answered with 404, the same as a missing one, so nothing leaks.

``tests/test_permission_matrix.py`` walks the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from hts.accounts.models import Role, RoleAssignment
from hts.core.models import AuditEntry
from hts.org.models import Region, School, SchoolClass, Teacher

if TYPE_CHECKING:
    from hts.accounts.models import User

# The implicit role of anyone linked to a teacher record: they see their own profile.
TEACHER = "teacher"

ROLE_LABELS: dict[str, Any] = {**dict(Role.choices), TEACHER: _("Teacher")}

ACTIONS: dict[str, Any] = {
    "region.view": _("View regions"),
    "region.manage": _("Create and edit regions"),
    "school.view": _("View schools"),
    "school.create": _("Create schools"),
    "school.edit": _("Edit schools"),
    "teacher.view": _("View teachers"),
    "teacher.create": _("Create teachers"),
    "teacher.edit": _("Edit teachers, honours and service records"),
    "class.view": _("View classes"),
    "class.create": _("Create classes"),
    "class.edit": _("Edit classes"),
    "roster.import": _("Import rosters"),
    "roster.export": _("Export rosters"),
    "user.view": _("View accounts"),
    "user.manage": _("Open accounts and reset passwords"),
    "role.grant": _("Grant and revoke roles"),
    "audit.view": _("View the audit log"),
}

_ALL = frozenset(ACTIONS)
_PEOPLE_AND_PLACES = frozenset(
    {
        "school.view",
        "teacher.view",
        "teacher.create",
        "teacher.edit",
        "class.view",
        "class.create",
        "class.edit",
        "roster.import",
        "roster.export",
    }
)

MATRIX: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: _ALL,
    Role.BUREAU_STAFF: _PEOPLE_AND_PLACES
    | {"region.view", "school.create", "school.edit", "user.view", "user.manage", "role.grant", "audit.view"},
    Role.SCHOOL_STAFF: _PEOPLE_AND_PLACES | {"user.view", "user.manage"},
    Role.LEGAL_REP: frozenset({"school.view", "teacher.view", "class.view"}),
    TEACHER: frozenset({"teacher.view"}),
}

# How each scope kind reaches a model. A missing entry means that scope grants nothing on the model.
SCOPE_LOOKUPS: dict[type[Model], dict[str, str]] = {
    Region: {"region_path": "path"},
    School: {"region_path": "region__path", "school": "pk"},
    Teacher: {"region_path": "school__region__path", "school": "school_id", "self": "pk"},
    SchoolClass: {"region_path": "school__region__path", "school": "school_id"},
    AuditEntry: {"region_path": "region_path"},
}


@dataclass(frozen=True)
class Grant:
    role: str
    region_path: str | None = None
    school_id: int | None = None
    teacher_id: int | None = None

    def q_for(self, model: type[Model]) -> Q | None:
        """The filter this grant allows on `model`; None means every row; an empty Q-match means none."""
        if self.role == Role.SYSTEM_ADMIN:
            return None
        lookups = SCOPE_LOOKUPS.get(model, {})
        if self.region_path and "region_path" in lookups:
            return Q(**{f"{lookups['region_path']}__startswith": self.region_path})
        if self.school_id and "school" in lookups:
            return Q(**{lookups["school"]: self.school_id})
        if self.teacher_id and "self" in lookups:
            return Q(**{lookups["self"]: self.teacher_id})
        return Q(pk__in=[])


@dataclass
class Principal:
    """What one signed-in user may do, computed once per request from their active roles."""

    user: User
    grants: list[Grant] = field(default_factory=list)

    @property
    def roles(self) -> set[str]:
        return {grant.role for grant in self.grants}

    @property
    def is_admin(self) -> bool:
        return Role.SYSTEM_ADMIN in self.roles

    def can(self, action: str) -> bool:
        return any(action in MATRIX[grant.role] for grant in self.grants)

    def require(self, action: str) -> None:
        if not self.can(action):
            raise PermissionDenied(_("You do not have permission to do this."))

    def scope_q(self, action: str, model: type[Model]) -> Q | None:
        """Filter of the rows of `model` on which the user may do `action` (None: all rows)."""
        self.require(action)
        combined: Q | None = Q(pk__in=[])
        for grant in self.grants:
            if action not in MATRIX[grant.role]:
                continue
            q = grant.q_for(model)
            if q is None:
                return None
            combined = combined | q if combined is not None else q
        return combined

    def scoped(self, action: str, queryset: Any) -> Any:
        q = self.scope_q(action, queryset.model)
        return queryset if q is None else queryset.filter(q)

    @property
    def region_paths(self) -> list[str]:
        return [g.region_path for g in self.grants if g.region_path]

    @property
    def school_ids(self) -> list[int]:
        return [g.school_id for g in self.grants if g.school_id]


def principal_for(user: Any) -> Principal:
    """The user's principal, cached on the user object (which lives for one request)."""
    cached = getattr(user, "_hts_principal", None)
    if cached is not None:
        return cached
    principal = Principal(user=user)
    if getattr(user, "is_authenticated", False) and user.is_active:
        assignments = RoleAssignment.objects.active().filter(user=user).select_related("region")
        for assignment in assignments:
            principal.grants.append(
                Grant(
                    role=assignment.role,
                    region_path=assignment.region.path if assignment.region else None,
                    school_id=assignment.school_id,
                )
            )
        if user.teacher_id:
            principal.grants.append(Grant(role=TEACHER, teacher_id=user.teacher_id))
    user._hts_principal = principal
    return principal


def forget_principal(user: Any) -> None:
    """Drop the cached principal after the user's roles change within a request."""
    if hasattr(user, "_hts_principal"):
        del user._hts_principal
