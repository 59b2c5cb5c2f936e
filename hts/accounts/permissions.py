"""The permission matrix: which role may do which action, and on which objects.

Two layers, both declared here and nowhere else:

* ``MATRIX``: role × action, as data. A role without the action gets 403.
* ``SCOPE_LOOKUPS``: for each model, how a role's scope (a region subtree, a school, the person
  themself) becomes a queryset filter. An object outside every scope that grants the action is
  answered with 404, the same as a missing one, so nothing leaks.

``tests/test_permission_matrix.py`` walks the whole table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from hts.accounts.models import Role, RoleAssignment
from hts.core.models import AuditEntry

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
    "activity.organise": _("Organise a school's or a bureau's own activities (meetings, training sessions)"),
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
    "corps.policy.manage": _("Set the corps policy of a region (trainee year, certificates, training, gates)"),
    "corps.certificate.view": _("View head-teacher certificates"),
    "corps.certificate.issue": _("Issue, revoke and reinstate head-teacher certificates"),
    "corps.gates.view": _("See head teachers' gates for titles, promotion and honours (001 8)"),
    "corps.gates.manage": _("Enter credited club and society work and the 优秀 share of a school"),
    "corps.structure.manage": _("Name the school's chief head teacher and its mentoring pairs"),
    "corps.guidance.record": _("Record guidance sessions for one's own mentees"),
    "corps.archive.view": _("See a head teacher's work archive (001 3, 7, 10) and its PDF"),
    "corps.appointment.manage": _("Run the school's competitive appointment of head teachers (001 6)"),
    "corps.appointment.apply": _("Apply for a head-teacher post and object to the published list"),
    "corps.ranks.view": _("See head teachers' ranks and allowance rolls"),
    "corps.ranks.manage": _("Set a school's rank scheme, decide ranks, set the allowance and build its rolls"),
    "corps.ranks.scheme": _("Set a region's default rank scheme"),
    "corps.trainee.manage": _("Record the school's trainee head teachers and head-teacher assistants"),
    "corps.honours.organise": _("Run honours calls: quotas, panel, public notice, objections, final list"),
    "corps.honours.nominate": _("Nominate the school's head teachers and classes for honours"),
    "corps.honours.score": _("Score nominees on the honours panels one sits on"),
    "corps.honours.object": _("See one's own nominations and object to an honours list in public notice"),
    "corps.training.manage": _("Run head-teacher training courses: trainees, scores and who is behind"),
    "classwork.policy.manage": _("Set the class work policy of a region (how often each kind of class work is due)"),
    "classwork.view": _("See a class's pupils and work log (its head teacher and deputy, its school's office)"),
    "classwork.pupils.manage": _("Type or import a class's pupils"),
    "classwork.log.write": _("Record the class work log of one's own class"),
    "classwork.leftbehind.view": _(
        "Read and export the left-behind children's files of a class (its head teacher and deputy, its school's office)"
    ),
    "classwork.leftbehind.manage": _("Create and keep the left-behind children's files of a class"),
    "classwork.leftbehind.counts": _(
        "See how many left-behind children each school has and keeps files for, never names"
    ),
    "classwork.pupils.request": _("Export or erase a pupil's records on a verified request (the school's office)"),
    # Portal, consent and masking (issue 16 point 8).
    "portal.consent.view": _(
        "See the guardian consents of a class's pupils (its head teacher and deputy, its school's office)"
    ),
    "portal.consent.manage": _("Record and withdraw guardian consents for a class's pupils"),
    "rubric.view": _("View evaluation rubrics"),
    "rubric.manage": _("Copy and edit evaluation rubrics"),
    "evaluation.view": _("View evaluation rounds and their results"),
    "evaluation.organise": _("Open, close and publish evaluation rounds; decide objections"),
    "evaluation.rate": _("Score in the rounds and observations one is a rater in"),
    "evaluation.own": _("See one's own evaluation results and raise objections"),
    "grade.record": _("Record studio members' semester grades"),
    "failure.review": _("Confirm failing yearly results reported by schools"),
    "observation.organise": _("Organise lesson and class-meeting observations"),
    # Portal home (issue 16 points 3 and 10): the bureau brands its public portal, writes its notices
    # (通知公告) and features its studios' published items, over its region's subtree.
    "portal.home.manage": _("Keep the bureau's public portal: brand, notices and featured items"),
    # Portal · comments and messages (issue 16 point 4).
    "portal.comments.moderate": _(
        "Moderate the public's comments and messages (a studio's host its site's, a bureau its portal's) and reply"
    ),
    "portal.policy.manage": _("Set a region's portal policy (sensitive words, comments an hour from one address)"),
    # Portal: the head-teacher forum and the suggestion box (issue 16 points 5 and 6). Which boards and
    # suggestions each reaches is hts.portal.forum.guards and the Suggestion scope (portal's ready).
    "forum.take_part": _("Read and write in the head-teacher forums of one's region"),
    "forum.moderate": _("Open forum boards, name their moderators and moderate them (the bureau)"),
    "ideas.send": _("Send ideas and requests for support to one's school or bureau, and follow them"),
    "ideas.answer": _("Consider and answer the suggestions sent to one's school or bureau"),
    "ideas.counts": _("See how many suggestions each school sent, by state, never who sent them"),
    # Portal: the essay contest (issue 16 point 7, hts/portal/contest). Bureaus and schools run calls; head
    # teachers enter essays and raise objections; judges are teachers named by the organiser (the contest's
    # own list says who judges what, as a round's raters do).
    "portal.contest.organise": _("Run essay contests: the call, judges, results, public notice, the book"),
    "portal.contest.enter": _("Enter essays in contests and object to their results"),
    "portal.contest.judge": _("Score the essays of the contests one judges, by code"),
    # Portal, studio websites (issue 16 points 1, 2): the host decides what the site publishes; the
    # host and the bureau withdraw. Offering one's own work is the team's, checked per item (guards).
    "portal.moderate": _("Decide what the studio's website publishes: publish, return, write news"),
    "portal.withdraw": _("See a studio's website queue and withdraw what it published"),
}

_ALL = frozenset(ACTIONS)

# One block per role, each declared once with all its actions. Scopes (which objects an action
# reaches) are SCOPE_LOOKUPS' business, below: a role row only says what the role may do at all.
MATRIX: dict[str, frozenset[str]] = {
    # Everything, everywhere, except what is a person's own act: applying, checking in, keeping one's
    # archive, recording one's achievements, seeing one's own results, and the two signatures on an
    # expense (经费使用管理办法 第四条), which are the host's and the legal representative's own.
    Role.SYSTEM_ADMIN: _ALL
    - {"studio.apply", "studio.join", "activity.checkin"}
    - {"funds.spend", "funds.sign"}
    - {"archive.write", "archive.appraise", "archive.keep"}
    - {
        "achievement.record",
        "evaluation.own",
        "corps.guidance.record",
        "corps.appointment.apply",
        "corps.honours.object",
    }
    # Pupils are minors: their names are for their class's head teachers and their school's office only.
    - {"classwork.view", "classwork.pupils.manage", "classwork.log.write", "classwork.pupils.request"}
    - {"classwork.leftbehind.view", "classwork.leftbehind.manage"}
    # Portal, consent and masking (issue 16 point 8): consents name pupils, so they reach whom pupils reach.
    - {"portal.consent.view", "portal.consent.manage"}
    # Portal forum and suggestion box: a suggestion is answered by the school or bureau it was sent to.
    - {"ideas.send", "ideas.answer"}
    # Essays are a teacher's to write and a named judge's to score.
    - {"portal.contest.enter", "portal.contest.judge"},
    # A bureau, over its region's subtree.
    Role.BUREAU_STAFF: frozenset(
        {"region.view", "school.view", "school.create", "school.edit", "calendar.view", "calendar.manage"}
        | {"teacher.view", "teacher.create", "teacher.edit", "class.view", "class.create", "class.edit"}
        | {"roster.import", "roster.export", "user.view", "user.manage", "role.grant", "audit.view"}
        | {"batch.view", "batch.manage", "studio.view", "studio.review", "studio.assess", "studio.override"}
        | {"membership.approve", "studio.export", "activity.view", "activity.organise", "archive.view"}
        | {"funds.view", "funds.grant"}
        | {"research.view", "research.approve", "achievement.view", "achievement.verify", "weights.manage"}
        | {"rubric.view", "rubric.manage", "evaluation.view", "evaluation.organise", "evaluation.rate"}
        | {"failure.review", "observation.organise"}
        | {"corps.policy.manage", "corps.certificate.view", "corps.certificate.issue", "corps.gates.view"}
        | {"corps.archive.view"}
        | {"corps.ranks.view", "corps.ranks.scheme"}
        | {"corps.honours.organise", "corps.honours.score"}
        | {"corps.training.manage"}
        | {"classwork.policy.manage", "classwork.leftbehind.counts"}
        # Portal home (issue 16): the bureau's public portal.
        | {"portal.home.manage"}
        # Portal · comments and messages: the messages to its portal, and its region's portal policy.
        | {"portal.comments.moderate", "portal.policy.manage"}
        # Portal forum and suggestion box (issue 16 points 5, 6).
        | {"forum.take_part", "forum.moderate", "ideas.answer", "ideas.counts"}
        # Portal, studio websites.
        | {"portal.withdraw"}
        # Portal, the essay contest: a bureau runs its region's calls (the merge had left it to schools only).
        | {"portal.contest.organise"}
    ),
    # A school's office, over its school: it may apply and recommend its teachers for them.
    Role.SCHOOL_STAFF: frozenset(
        {"school.view", "calendar.view", "teacher.view", "teacher.create", "teacher.edit"}
        | {"class.view", "class.create", "class.edit", "roster.import", "roster.export"}
        | {"user.view", "user.manage", "studio.view", "studio.apply", "studio.join", "studio.export"}
        | {"activity.view", "activity.organise", "archive.view"}
        | {"rubric.view", "rubric.manage", "evaluation.view", "evaluation.organise", "evaluation.rate"}
        | {"observation.organise"}
        | {"corps.certificate.view", "corps.gates.view", "corps.gates.manage", "corps.structure.manage"}
        | {"corps.archive.view"}
        | {"corps.appointment.manage"}
        | {"corps.ranks.view", "corps.ranks.manage"}
        | {"corps.trainee.manage"}
        | {"corps.honours.organise", "corps.honours.nominate", "corps.honours.score"}
        | {"corps.training.manage"}
        | {"classwork.view", "classwork.pupils.manage"}
        | {"classwork.leftbehind.view", "classwork.leftbehind.manage"}
        # Export and erasure answer a verified request: the office's act, never the head teacher's alone.
        | {"classwork.pupils.request"}
        # Portal, consent and masking (issue 16 point 8).
        | {"portal.consent.view", "portal.consent.manage"}
        # Portal forum and suggestion box (issue 16 points 5, 6).
        | {"forum.take_part", "ideas.answer"}
        | {"portal.contest.organise"}
    ),
    # The host school's legal representative: sees the school and signs its studios' expenses for booking.
    Role.LEGAL_REP: frozenset({"school.view", "teacher.view", "class.view", "studio.view", "funds.view", "funds.sign"}),
    # Anyone linked to a teacher record: their own profile, the studios they applied to host, their
    # own check-ins, archive and achievements (no one else records them, not even an administrator),
    # and the rounds they rate in or are rated in (who rates is the round's own list of raters).
    TEACHER: frozenset(
        {"teacher.view", "studio.apply", "studio.join", "studio.view", "activity.checkin"}
        | {"archive.view", "archive.write", "achievement.record", "achievement.view"}
        | {"evaluation.rate", "evaluation.own", "corps.certificate.view", "corps.guidance.record"}
        | {"corps.archive.view"}
        | {"corps.appointment.apply"}
        | {"corps.honours.score", "corps.honours.object"}
        | {"classwork.view", "classwork.pupils.manage", "classwork.log.write"}
        | {"classwork.leftbehind.view", "classwork.leftbehind.manage"}
        # Portal, consent and masking (issue 16 point 8): on the classes they head or deputise.
        | {"portal.consent.view", "portal.consent.manage"}
        # Portal forum and suggestion box (issue 16 points 5, 6).
        | {"forum.take_part", "ideas.send"}
        | {"portal.contest.enter", "portal.contest.judge"}
    ),
    # The studio roles below come from the person's active memberships, scoped to that studio.
    STUDIO_HOST: frozenset(
        {"studio.view", "studio.manage_team", "studio.export", "activity.view", "activity.manage"}
        | {"funds.view", "funds.spend"}
        | {"archive.view", "archive.appraise", "archive.keep"}
        | {"research.view", "research.manage", "achievement.view"}
        | {"rubric.view", "evaluation.view", "evaluation.organise", "grade.record", "observation.organise"}
        # Portal · comments and messages: the comments on the studio's publications and its board.
        | {"portal.comments.moderate"}
        # Portal, studio websites.
        | {"portal.moderate", "portal.withdraw"}
    ),
    STUDIO_MENTOR: frozenset(
        {"studio.view", "studio.export", "activity.view", "archive.view", "archive.appraise"}
        | {"research.view", "achievement.view", "evaluation.view", "observation.organise"}
    ),
    STUDIO_MEMBER: frozenset({"studio.view", "activity.view", "archive.view", "research.view", "achievement.view"}),
    # The liaison keeps the studio's files: they organise activities and record attendance too.
    STUDIO_LIAISON: frozenset(
        {"studio.view", "studio.export", "activity.view", "activity.manage", "archive.view", "archive.keep"}
        | {"research.view", "research.manage", "achievement.view"}
    ),
}


def roles_with(action: str) -> set[str]:
    """The roles whose row holds `action`."""
    return {role for role, actions in MATRIX.items() if action in actions}


# How each scope kind reaches a model. A missing entry means that scope grants nothing on the model.
# Each app registers its own models from its AppConfig.ready (org's places, studios, funds...).
SCOPE_LOOKUPS: dict[type[Model], dict[str, Any]] = {
    AuditEntry: {"region_path": "region_path"},
}


def register_scope(model: type[Model], lookups: dict[str, Any]) -> None:
    """Apps declare how scopes reach their models (called from their AppConfig.ready)."""
    SCOPE_LOOKUPS[model] = lookups


# Where grants other than role assignments come from (a studio's memberships give its team roles).
# A source takes the user and returns their grants; apps register theirs from AppConfig.ready.
GRANT_SOURCES: list[Callable[[Any], list[Grant]]] = []


def register_grant_source(source: Callable[[Any], list[Grant]]) -> None:
    if source not in GRANT_SOURCES:
        GRANT_SOURCES.append(source)


@dataclass(frozen=True)
class Grant:
    role: str
    region_path: str | None = None
    school_id: int | None = None
    teacher_id: int | None = None
    studio_id: int | None = None

    def allows(self, action: str) -> bool:
        """Whether this grant's role holds `action` (its scope is the grant's own)."""
        return action in MATRIX[self.role]

    def q_for(self, model: type[Model]) -> Q | None:
        """The filter this grant allows on `model`; None means every row; an empty Q-match means none."""
        if self.role == Role.SYSTEM_ADMIN:
            return None
        lookups = SCOPE_LOOKUPS.get(model, {})
        if self.region_path and "region_path" in lookups:
            return _any_of(lookups["region_path"], self.region_path, "__startswith")
        if self.school_id and "school" in lookups:
            return _any_of(lookups["school"], self.school_id)
        if self.teacher_id and "self" in lookups:
            return _any_of(lookups["self"], self.teacher_id)
        if self.studio_id and "studio" in lookups:
            return _any_of(lookups["studio"], self.studio_id)
        return Q(pk__in=[])


def _any_of(lookup: str | tuple[str, ...], value: Any, suffix: str = "") -> Q:
    """A scope lookup may name several paths (an activity is reached through its studio, its school or
    its region, whichever organises it): the row is in scope through any of them."""
    paths = (lookup,) if isinstance(lookup, str) else lookup
    combined = Q(**{f"{paths[0]}{suffix}": value})
    for path in paths[1:]:
        combined |= Q(**{f"{path}{suffix}": value})
    return combined


@dataclass
class Principal:
    """What one signed-in user may do, computed once per request from their active roles."""

    user: User
    grants: list[Grant] = field(default_factory=list)
    _reached: dict[tuple[str, type, Any], bool] = field(default_factory=dict, repr=False, compare=False)

    @property
    def roles(self) -> set[str]:
        return {grant.role for grant in self.grants}

    @property
    def place_roles(self) -> set[str]:
        """The roles assigned over a place (region, school) or everywhere, not implied by a person's records."""
        return self.roles & set(Role.values)

    def studio_roles(self, studio_id: int) -> set[str]:
        """The user's roles in one studio's team (host, mentor, member, liaison)."""
        return {grant.role for grant in self.grants if grant.studio_id == studio_id}

    def over_places(self) -> Principal:
        """The same user with only the roles assigned over places (administrator, bureau, school staff,
        legal representative): what they may do as staff, not as a teacher or a studio's team."""
        return Principal(user=self.user, grants=[grant for grant in self.grants if grant.role in Role.values])

    @property
    def is_admin(self) -> bool:
        return Role.SYSTEM_ADMIN in self.roles

    def can(self, action: str) -> bool:
        return any(action in MATRIX[grant.role] for grant in self.grants)

    def grants_with(self, action: str) -> list[Grant]:
        """The grants whose role has `action`."""
        return [grant for grant in self.grants if grant.allows(action)]

    def region_paths_for(self, action: str) -> list[str]:
        """The region subtrees in which the user may do `action`."""
        return [grant.region_path for grant in self.grants_with(action) if grant.region_path]

    def school_ids_for(self, action: str) -> list[int]:
        """The schools in which the user may do `action` (through a school-scoped role)."""
        return [grant.school_id for grant in self.grants_with(action) if grant.school_id]

    def studio_ids_for(self, action: str) -> set[int]:
        """The studios in which the user may do `action` through their role in the studio's team."""
        return {grant.studio_id for grant in self.grants_with(action) if grant.studio_id}

    def reaches(self, action: str, obj: Model) -> bool:
        """Whether `action` reaches `obj`: the user has it, in a scope that holds the object.
        One query per (action, object), remembered for the principal's life (one request)."""
        if not self.can(action):
            return False
        key = (action, type(obj), obj.pk)
        if key not in self._reached:
            q = self.scope_q(action, type(obj))
            rows = type(obj)._default_manager.filter(pk=obj.pk)
            self._reached[key] = q is None or rows.filter(q).exists()
        return self._reached[key]

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
        for source in GRANT_SOURCES:
            principal.grants.extend(source(user))
    user._hts_principal = principal
    return principal


def forget_principal(user: Any) -> None:
    """Drop the cached principal after the user's roles change within a request."""
    if hasattr(user, "_hts_principal"):
        del user._hts_principal
