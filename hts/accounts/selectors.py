from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hts.accounts.models import RoleAssignment, User
from hts.accounts.permissions import SCOPE_LOOKUPS, principal_for, roles_with
from hts.core.models import AuditEntry


def user_list(viewer: Any, *, search: str = "", action: str = "user.view") -> QuerySet[User]:
    """Accounts the viewer may manage: bureau staff, of people in their region subtree; school
    staff, of the teachers of their school; the system admin, all."""
    principal = principal_for(viewer)
    principal.require(action)
    qs = User.objects.select_related("teacher__school").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.active().select_related("region", "school"))
    )
    if not principal.is_admin:
        q = Q(pk__in=[])
        for path in principal.region_paths:
            q |= (
                Q(teacher__school__region__path__startswith=path)
                | Q(role_assignments__region__path__startswith=path)
                | Q(role_assignments__school__region__path__startswith=path)
            )
        for school_id in principal.school_ids:
            q |= Q(teacher__school_id=school_id)
        qs = qs.filter(pk__in=User.objects.filter(q).values("pk"))
    if search:
        qs = qs.filter(Q(username__icontains=search) | Q(full_name__icontains=search) | Q(mobile__startswith=search))
    return qs


def user_get(viewer: Any, uid: Any, action: str = "user.view") -> User:
    user = user_list(viewer, action=action).filter(uid=uid).first()
    if user is None:
        raise Http404
    return user


def audit_list(
    viewer: Any,
    *,
    action_prefix: str = "",
    search: str = "",
    person: str = "",
    target: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries `viewer` may read, filtered; each with its actor (for their name) in the same query.

    `person` matches the actor's name or username, `target` the object's name, `search` either; the
    dates are local days, both included.
    """
    qs = principal_for(viewer).scoped("audit.view", AuditEntry.objects.select_related("actor"))
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    if search:
        qs = qs.filter(
            Q(actor_label__icontains=search) | Q(actor__full_name__icontains=search) | Q(target_label__icontains=search)
        )
    if person:
        qs = qs.filter(Q(actor_label__icontains=person) | Q(actor__full_name__icontains=person))
    if target:
        qs = qs.filter(target_label__icontains=target)
    if date_from is not None:
        qs = qs.filter(at__gte=_local_midnight(date_from))
    if date_to is not None:
        qs = qs.filter(at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    return qs


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def users_with_action_over(action: str, region_paths: list[str]) -> list[User]:
    """The people holding `action` through a role assigned over one of these regions (e.g. the
    bureaus to notify about a school's result: its region and every region above it)."""
    assignments = RoleAssignment.objects.active().filter(role__in=roles_with(action), region__path__in=region_paths)
    return [assignment.user for assignment in assignments.select_related("user")]


def user_ids_with_action_at_schools_within(action: str, region_path: str) -> QuerySet[RoleAssignment, Any]:
    """The ids of the people holding `action` through a role at a school in this region (e.g. the school
    offices a bureau's notice concerns), as a subquery: composed into the caller's query, not run alone."""
    return (
        RoleAssignment.objects.active()
        .filter(role__in=roles_with(action), school__region__path__startswith=region_path)
        .values("user_id")
    )


def _lineage(path: str) -> list[str]:
    """`/440000/440300/` → `['/440000/', '/440000/440300/']`: the region and every region above it."""
    codes = [code for code in path.split("/") if code]
    return [f"/{'/'.join(codes[: n + 1])}/" for n in range(len(codes))]


def _as_tuple(lookup: str | tuple[str, ...]) -> tuple[str, ...]:
    return (lookup,) if isinstance(lookup, str) else tuple(lookup)


def users_who_may(action: str, obj: Any, *, region_within: str | None = "", level: str = "all") -> list[User]:
    """The people whose place role (bureau over a region above the object, or staff or legal
    representative of its school) gives `action` on `obj`: whom to tell that the object waits for them.

    System administrators are not included: they can do everything and are told nothing, or they
    would be told everything. Studio team roles are the studio's own business (its app knows its host).
    `region_within` keeps only the bureaus at or below that region (a city batch is reviewed by the city,
    not by the province above it). `level` "nearest" keeps only the bureau closest to the object (a
    teacher's achievement is verified by their district's bureau; the city and province are not told of
    each one); "top" only the highest one left (with `region_within` a batch's region: that batch's bureau).
    `region_within=None` leaves out bureaus altogether (a school's own round: its staff decide).
    Queries: one for the object's place, one for the assignments with their users."""
    lookups = SCOPE_LOOKUPS.get(type(obj), {})
    # A lookup may name several paths (see permissions._any_of): the object's place is the first one set.
    paths = {kind: _as_tuple(lookups[kind]) for kind in ("region_path", "school") if kind in lookups}
    fields = [field for kind_paths in paths.values() for field in kind_paths]
    roles = roles_with(action) - {"system_admin"}
    if not fields or not roles:
        return []
    place = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first() or {}
    where = Q(pk__in=[])
    path = next((place[f] for f in paths.get("region_path", ()) if place.get(f)), "")
    if path and region_within is not None:
        where |= Q(region__path__in=[p for p in _lineage(path) if p.startswith(region_within)])
    school_id = next((place[f] for f in paths.get("school", ()) if place.get(f)), None)
    if school_id:
        where |= Q(school_id=school_id)
    assignments = (
        RoleAssignment.objects.active().filter(where, role__in=roles, user__is_active=True).select_related("user")
    )
    rows = list(assignments.select_related("region"))
    depths = [a.region.path.count("/") for a in rows if a.region_id and a.region]
    if depths and level in {"nearest", "top"}:
        keep = max(depths) if level == "nearest" else min(depths)
        rows = [a for a in rows if a.school_id or (a.region_id and a.region and a.region.path.count("/") == keep)]
    people: dict[int, User] = {}
    for assignment in rows:
        people.setdefault(assignment.user_id, assignment.user)
    return list(people.values())
