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
# Implicit roles of a studio's team, from the person's active memberships; scoped to that studio.
STUDIO_HOST = "studio_host"
STUDIO_MENTOR = "studio_mentor"
STUDIO_MEMBER = "studio_member"
STUDIO_LIAISON = "studio_liaison"

ROLE_LABELS: dict[str, Any] = {
    **dict(Role.choices),
    TEACHER: _("Teacher"),
    STUDIO_HOST: _("Studio host"),
    STUDIO_MENTOR: _("Studio mentor"),
    STUDIO_MEMBER: _("Studio member"),
    STUDIO_LIAISON: _("Studio liaison"),
}

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
    "calendar.view": _("View the academic calendar"),
    "calendar.manage": _("Define the academic calendar"),
    "roster.import": _("Import rosters"),
    "roster.export": _("Export rosters"),
    "user.view": _("View accounts"),
    "user.manage": _("Open accounts and reset passwords"),
    "role.grant": _("Grant and revoke roles"),
    "audit.view": _("View the audit log"),
    "batch.view": _("View batches and their policy"),
    "batch.manage": _("Open batches and edit their policy"),
    "studio.view": _("View studios"),
    "studio.apply": _("Apply to host a studio"),
    "studio.review": _("Review studio applications"),
    "studio.assess": _("Assess studios"),
    "studio.override": _("Override a rule with a written reason"),
    "studio.manage_team": _("Recruit and manage a studio's team"),
    "studio.join": _("Apply to join a studio"),
    "membership.approve": _("Approve members and mentors"),
    "studio.export": _("Export studio documents"),
    "activity.view": _("View a studio's activities and attendance"),
    "activity.manage": _("Organise activities and record attendance"),
    "activity.checkin": _("Check in to activities and see one's own hours"),
    "funds.view": _("View a studio's funds, ledger and reports"),
    "funds.grant": _("Record grants and district matches"),
    "funds.spend": _("Draft budgets and record expenses (the studio's host)"),
    "funds.sign": _("Check receipts and sign expenses (the host school's legal representative)"),
    "archive.view": _("View growth archives"),
    "archive.write": _("Keep one's own growth archive"),
    "archive.appraise": _("Write a member's tracking record and comprehensive appraisal (mentors)"),
    "archive.keep": _("Add materials to the studio archive (the archivist)"),
    "research.view": _("View research projects"),
    "research.manage": _("Apply for and run a studio's research projects"),
    "research.approve": _("Approve research projects and their conclusion"),
    "achievement.record": _("Record one's own achievements"),
    "achievement.view": _("View teachers' achievements"),
    "achievement.verify": _("Verify achievements"),
    "weights.manage": _("Set the level weights of achievements"),
    "rubric.view": _("View evaluation rubrics"),
    "rubric.manage": _("Copy and edit evaluation rubrics"),
    "evaluation.view": _("View evaluation rounds and their results"),
    "evaluation.organise": _("Open, close and publish evaluation rounds; decide objections"),
    "evaluation.rate": _("Score in the rounds and observations one is a rater in"),
    "evaluation.own": _("See one's own evaluation results and raise objections"),
    "grade.record": _("Record studio members' semester grades"),
    "failure.review": _("Confirm failing yearly results reported by schools"),
    "observation.organise": _("Organise lesson and class-meeting observations"),
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

_STUDIO_BUREAU = {
    "batch.view",
    "batch.manage",
    "studio.view",
    "studio.review",
    "studio.assess",
    "studio.override",
    "membership.approve",
    "studio.export",
    "activity.view",
}

# Applying to host or join a studio is something a teacher does for themself (or their school for them).
_PERSONAL = {"studio.apply", "studio.join", "activity.checkin"}
# The two signatures on an expense (经费使用管理办法 第四条) are the host's and the legal representative's own.
_SIGNATURES = {"funds.spend", "funds.sign"}
# A growth archive is written by its owner, appraised by the studio's mentors, kept by its archivist.
_ARCHIVE_OWN = {"archive.write", "archive.appraise", "archive.keep"}

MATRIX: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: _ALL - _PERSONAL - _SIGNATURES - _ARCHIVE_OWN,
    Role.BUREAU_STAFF: _PEOPLE_AND_PLACES
    | _STUDIO_BUREAU
    | {"funds.view", "funds.grant"}
    | {"region.view", "school.create", "school.edit", "user.view", "user.manage", "role.grant", "audit.view"}
    | {"calendar.view", "calendar.manage"}
    | {"archive.view"},
    Role.SCHOOL_STAFF: _PEOPLE_AND_PLACES
    | {"user.view", "user.manage", "studio.view", "studio.apply", "studio.join", "studio.export", "activity.view"}
    | {"calendar.view", "archive.view"},
    Role.LEGAL_REP: frozenset({"school.view", "teacher.view", "class.view", "studio.view", "funds.view", "funds.sign"}),
    # A teacher sees their own profile and the studios they applied to host.
    TEACHER: frozenset(
        {"teacher.view", "studio.apply", "studio.join", "studio.view", "activity.checkin", "archive.view"}
        | {"archive.write"}
    ),
    STUDIO_HOST: frozenset(
        {"studio.view", "studio.manage_team", "studio.export", "activity.view", "activity.manage"}
        | {"funds.view", "funds.spend"}
        | {"archive.view", "archive.appraise", "archive.keep"}
    ),
    STUDIO_MENTOR: frozenset({"studio.view", "studio.export", "activity.view", "archive.view", "archive.appraise"}),
    STUDIO_MEMBER: frozenset({"studio.view", "activity.view", "archive.view"}),
    # The liaison keeps the studio's files: they organise activities and record attendance too.
    STUDIO_LIAISON: frozenset(
        {"studio.view", "studio.export", "activity.view", "activity.manage", "archive.view", "archive.keep"}
    ),
}

# Research projects and achievements (hts/research): a teacher records their own achievements (no
# one else, not even an administrator); the studio's team sees them; the bureau verifies them.
_RESEARCH: dict[str, set[str]] = {
    Role.BUREAU_STAFF: {
        "research.view",
        "research.approve",
        "achievement.view",
        "achievement.verify",
        "weights.manage",
    },
    TEACHER: {"achievement.record", "achievement.view"},
    STUDIO_HOST: {"research.view", "research.manage", "achievement.view"},
    STUDIO_MENTOR: {"research.view", "achievement.view"},
    STUDIO_MEMBER: {"research.view", "achievement.view"},
    STUDIO_LIAISON: {"research.view", "research.manage", "achievement.view"},
}
MATRIX.update({role: MATRIX[role] | actions for role, actions in _RESEARCH.items()})
MATRIX[Role.SYSTEM_ADMIN] = MATRIX[Role.SYSTEM_ADMIN] - {"achievement.record"}

# Evaluation (hts/evaluation): schools and bureaus run rounds over head teachers, hosts over their
# members. Who rates is the round's own list of raters (an object rule): the action only opens the door.
_EVALUATION: dict[str, set[str]] = {
    Role.BUREAU_STAFF: {
        "rubric.view",
        "rubric.manage",
        "evaluation.view",
        "evaluation.organise",
        "evaluation.rate",
        "failure.review",
        "observation.organise",
    },
    Role.SCHOOL_STAFF: {
        "rubric.view",
        "rubric.manage",
        "evaluation.view",
        "evaluation.organise",
        "evaluation.rate",
        "observation.organise",
    },
    TEACHER: {"evaluation.rate", "evaluation.own"},
    STUDIO_HOST: {"rubric.view", "evaluation.view", "evaluation.organise", "grade.record", "observation.organise"},
    STUDIO_MENTOR: {"evaluation.view", "observation.organise"},
}
MATRIX.update({role: MATRIX[role] | actions for role, actions in _EVALUATION.items()})
MATRIX[Role.SYSTEM_ADMIN] = MATRIX[Role.SYSTEM_ADMIN] - {"evaluation.own"}

# How each scope kind reaches a model. A missing entry means that scope grants nothing on the model.
SCOPE_LOOKUPS: dict[type[Model], dict[str, str]] = {
    Region: {"region_path": "path"},
    School: {"region_path": "region__path", "school": "pk"},
    Teacher: {"region_path": "school__region__path", "school": "school_id", "self": "pk"},
    SchoolClass: {"region_path": "school__region__path", "school": "school_id"},
    AuditEntry: {"region_path": "region_path"},
}


def register_scope(model: type[Model], lookups: dict[str, str]) -> None:
    """Apps declare how scopes reach their models (called from their AppConfig.ready)."""
    SCOPE_LOOKUPS[model] = lookups


@dataclass(frozen=True)
class Grant:
    role: str
    region_path: str | None = None
    school_id: int | None = None
    teacher_id: int | None = None
    studio_id: int | None = None

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
        if self.studio_id and "studio" in lookups:
            return Q(**{lookups["studio"]: self.studio_id})
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

    def require_any(self, *actions: str) -> None:
        if not any(self.can(action) for action in actions):
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
            principal.grants.extend(studio_grants(user.teacher_id))
    user._hts_principal = principal
    return principal


def studio_grants(teacher_id: int) -> list[Grant]:
    """Grants from the teacher's active studio memberships (one query)."""
    from hts.studios.models import Membership

    roles = {
        Membership.Role.HOST: STUDIO_HOST,
        Membership.Role.MENTOR: STUDIO_MENTOR,
        Membership.Role.MEMBER: STUDIO_MEMBER,
    }
    grants = []
    for role, studio_id, is_liaison in Membership.objects.filter(
        teacher_id=teacher_id, status=Membership.Status.ACTIVE
    ).values_list("role", "studio_id", "is_liaison"):
        grants.append(Grant(role=roles[role], studio_id=studio_id))
        if is_liaison:
            grants.append(Grant(role=STUDIO_LIAISON, studio_id=studio_id))
    return grants


def forget_principal(user: Any) -> None:
    """Drop the cached principal after the user's roles change within a request."""
    if hasattr(user, "_hts_principal"):
        del user._hts_principal
