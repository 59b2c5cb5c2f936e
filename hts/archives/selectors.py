"""Reads of growth archives. `visible_items` is the one scope helper: every page goes through it.

Who sees an item (the issue's rule, walked by tests/test_visibility.py for every kind and role):
* the owner: all of their own items;
* a studio's team (host, mentor, member, liaison): the studio's and public items of the studio's
  active members and the studio's own materials; its host and mentors also every tracking record
  and appraisal written in the studio, whatever its visibility;
* bureau staff (their region's subtree) and school staff (their school): studio and public items;
  bureau staff also every tracking record and appraisal;
* the public: nothing yet (the portal will show public items).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from hts.accounts.permissions import principal_for
from hts.archives.models import MENTOR_KINDS, ArchiveItem, Visibility
from hts.org.models import Teacher
from hts.studios.models import Membership, Studio

SHARED = [Visibility.STUDIO, Visibility.PUBLIC]
MENTOR = list(MENTOR_KINDS)


def _members_of(studio_id: int) -> Any:
    return Membership.objects.filter(
        studio_id=studio_id, status=Membership.Status.ACTIVE, teacher__isnull=False
    ).values("teacher_id")


def _in_region(path: str) -> Q:
    return Q(owner_teacher__school__region__path__startswith=path) | Q(
        owner_teacher__isnull=True, studio__host_school__region__path__startswith=path
    )


def _in_school(school_id: int) -> Q:
    return Q(owner_teacher__school_id=school_id) | Q(owner_teacher__isnull=True, studio__host_school_id=school_id)


def visibility_q(user: Any) -> Q | None:
    """The items `user` may read (None: all of them). An empty match for anyone without archive.view."""
    principal = principal_for(user)
    if not principal.can("archive.view"):
        return Q(pk__in=[])
    if principal.is_admin:
        return None
    q = Q(pk__in=[])
    shared = Q(visibility__in=SHARED)
    for grant in principal.grants:
        if grant.teacher_id:
            q |= Q(owner_teacher_id=grant.teacher_id)
        elif grant.studio_id:
            team = Q(owner_teacher_id__in=_members_of(grant.studio_id)) | Q(
                owner_teacher__isnull=True, studio_id=grant.studio_id
            )
            q |= shared & team
            if grant.allows("archive.appraise"):
                q |= Q(studio_id=grant.studio_id, kind__in=MENTOR)
        elif grant.region_path and grant.allows("archive.view"):
            q |= (shared | Q(kind__in=MENTOR)) & _in_region(grant.region_path)
        elif grant.school_id and grant.allows("archive.view"):
            q |= shared & _in_school(grant.school_id)
    return q


def visible_items(user: Any) -> QuerySet[ArchiveItem]:
    qs = ArchiveItem.objects.select_related("owner_teacher__school", "studio", "author")
    q = visibility_q(user)
    return qs if q is None else qs.filter(q)


def item_get(user: Any, uid: Any) -> ArchiveItem:
    """The item if the user may read it; 404 for missing and not-yours alike."""
    return get_object_or_404(
        visible_items(user).select_related("owner_teacher__school__region", "studio__host_school__region"), uid=uid
    )


def teacher_get(user: Any, uid: Any) -> Teacher:
    """A person whose archive the user may open: themself, their studios' team, their school or region."""
    return get_object_or_404(_archive_teachers(user).select_related("school__region"), uid=uid)


def archives_openable(user: Any, teacher_ids: Any) -> set[int]:
    """Which of `teacher_ids` the user may open the archive of (one query): a studio's archive links
    only the members whose own archive the reader may open (a host school's staff, for one, reach the
    studio's archive but not a member teaching at another school)."""
    return set(_archive_teachers(user).filter(pk__in=list(teacher_ids)).values_list("pk", flat=True))


def _archive_teachers(user: Any) -> Any:
    principal = principal_for(user)
    qs = Teacher.objects.all()
    if principal.is_admin:
        return qs
    q = Q(pk__in=[])
    for grant in principal.grants:
        if grant.teacher_id:
            q |= Q(pk=grant.teacher_id)
        elif grant.studio_id:
            q |= Q(pk__in=_members_of(grant.studio_id))
        elif grant.region_path and grant.allows("archive.view"):
            q |= Q(school__region__path__startswith=grant.region_path)
        elif grant.school_id and grant.allows("archive.view"):
            q |= Q(school_id=grant.school_id)
    return qs.filter(q)


def studio_team_get(user: Any, uid: Any) -> Studio:
    """A studio whose archive the user may open: its team, its region's bureau, its host school, admin."""
    principal = principal_for(user)
    qs = Studio.objects.select_related("host_school__region", "batch")
    if principal.is_admin:
        return get_object_or_404(qs, uid=uid)
    q = Q(pk__in=[])
    for grant in principal.grants:
        if grant.studio_id:
            q |= Q(pk=grant.studio_id)
        elif grant.region_path and grant.allows("archive.view"):
            q |= Q(host_school__region__path__startswith=grant.region_path)
        elif grant.school_id and grant.allows("archive.view"):
            q |= Q(host_school_id=grant.school_id)
    studio = qs.filter(q).filter(uid=uid).first()
    if studio is None:
        raise Http404
    return studio


def timeline(items: QuerySet[ArchiveItem], *, kind: str = "") -> OrderedDict[str, list[ArchiveItem]]:
    """Items newest first, grouped by semester label (files prefetched for thumbnails): two queries."""
    if kind:
        items = items.filter(kind=kind)
    groups: OrderedDict[str, list[ArchiveItem]] = OrderedDict()
    for item in items.prefetch_related("files").order_by("-date", "-id"):
        groups.setdefault(item.semester_label or "", []).append(item)
    return groups


def studio_archive(user: Any, studio: Studio) -> dict[str, Any]:
    """The studio's archive: members' shared items and materials (a queryset: the page shows one
    semester of it), activities with minutes, plans, the team."""
    from hts.activities.models import Activity, Plan

    members = _members_of(studio.pk)
    items = visible_items(user).filter(
        Q(owner_teacher_id__in=members, visibility__in=SHARED) | Q(owner_teacher__isnull=True, studio=studio)
    )
    activities = list(
        Activity.objects.filter(studio=studio).exclude(minutes="").only("uid", "title", "starts_at", "kind", "minutes")
        .order_by("-starts_at")[:200]
    )  # fmt: skip
    plans = list(Plan.objects.filter(studio=studio, owner_teacher__isnull=True).order_by("-created_at")[:100])
    team = list(
        Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False)
        .select_related("teacher")
        .order_by("role", "id")
    )
    return {"items": items, "activities": activities, "plans": plans, "team": team}


ROLE_ORDER: dict[str, int] = {Membership.Role.HOST: 0, Membership.Role.MENTOR: 1, Membership.Role.MEMBER: 2}


def compilation_team(studio: Studio) -> list[Membership]:
    """The studio's active team in the order of the compilation's chapters: host, mentors, members."""
    team = Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False)
    return sorted(team.select_related("teacher__school"), key=lambda m: (ROLE_ORDER.get(m.role, 9), m.pk))


def compilation_items(user: Any, membership: Membership) -> list[ArchiveItem]:
    """One member's results for the compilation: the kinds of RESULT_KINDS, shared (never private),
    and only what `user` may read anyway. Oldest first, files prefetched for the images."""
    from hts.archives.models import RESULT_KINDS

    return list(
        visible_items(user)
        .filter(owner_teacher_id=membership.teacher_id, visibility__in=SHARED, kind__in=RESULT_KINDS)
        .prefetch_related("files")
        .order_by("date", "id")
    )


def semesters(items: QuerySet[ArchiveItem]) -> list[str]:
    """The semester labels that have items, newest first (by each semester's latest item): one query."""
    from django.db.models import Max

    rows = items.order_by().values("semester_label").annotate(latest=Max("date")).order_by("-latest")
    return [row["semester_label"] for row in rows]
