"""Reads of lesson and class-meeting observations (听评课, 班会观摩), scoped to the user.

Who reaches an observation:
- an organiser (observation.organise): bureau staff in their region subtree, school staff of the
  observed teacher's school, a studio's host or mentor for the observations of their studio;
- each of its observers (an object rule: being in ``observation.observers``);
- the observed teacher, once it is closed and filed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from hts.accounts.permissions import principal_for
from hts.evaluation.observations.models import Observation, ObservationScore, Observer
from hts.evaluation.rubrics.models import RubricItem, RubricKind, RubricVersion
from hts.org.models import Teacher
from hts.studios.models import Membership

ORGANISE = "observation.organise"
OBSERVATION_KINDS = (RubricKind.LESSON, RubricKind.CLASS_MEETING)


def _organise_q(
    user: Any, *, teacher_field: str, school_field: str, studio_field: str | None, via_studio: bool = True
) -> Q | None:
    """The rows the user organises observations for; None means all (the administrator).

    Observation is not in SCOPE_LOOKUPS: a studio grant here reaches the studio's own observations
    (on an Observation) or its active team (on a Teacher), which one lookup per scope cannot say."""
    principal = principal_for(user)
    if principal.is_admin:
        return None
    combined = Q(pk__in=[])
    for grant in principal.grants_with(ORGANISE):
        if grant.region_path:
            combined |= Q(**{f"{school_field}__region__path__startswith": grant.region_path})
        elif grant.school_id:
            combined |= Q(**{f"{school_field}_id": grant.school_id})
        elif grant.studio_id and via_studio:
            if studio_field:
                combined |= Q(**{f"{studio_field}_id": grant.studio_id})
            else:
                team = Membership.objects.filter(studio_id=grant.studio_id, status=Membership.Status.ACTIVE)
                combined |= Q(**{f"{teacher_field}__in": team.values("teacher_id")})
    return combined


def organisable_teachers(user: Any, *, via_studio: bool = True) -> QuerySet[Teacher]:
    """Teachers the user may organise an observation of (404 for any other); with via_studio=False,
    only through their place (administrator, region, school), not as a studio's host or mentor."""
    q = _organise_q(user, teacher_field="pk", school_field="school", studio_field=None, via_studio=via_studio)
    qs = Teacher.objects.select_related("school__region")
    return qs if q is None else qs.filter(q)


def organiser_studio_ids(user: Any) -> set[int]:
    """Studios whose observations the user organises as host or mentor."""
    return principal_for(user).studio_ids_for(ORGANISE)


def studio_choices(user: Any, teacher: Teacher) -> QuerySet[Any]:
    """Studios an observation of the teacher may belong to: the teacher's active studios, limited
    to the user's own for a host or mentor who is not also staff over the teacher."""
    from hts.studios.models import Studio

    studios = Studio.objects.filter(
        pk__in=Membership.objects.filter(teacher=teacher, status=Membership.Status.ACTIVE).values("studio_id")
    ).order_by("name")
    if organisable_teachers(user, via_studio=False).filter(pk=teacher.pk).exists():
        return studios
    return studios.filter(pk__in=organiser_studio_ids(user))


def observer_choices(teacher: Teacher, actor: Any, studio_ids: list[int]) -> QuerySet[Any]:
    """People who may be chosen as observers: accounts of the teacher's school and of the team of
    the teacher's studios (those offered), and the organiser; never the teacher observed."""
    from django.contrib.auth import get_user_model

    q = Q(teacher__school=teacher.school) | Q(pk=actor.pk)
    if studio_ids:
        team = Membership.objects.filter(studio_id__in=studio_ids, status=Membership.Status.ACTIVE)
        q |= Q(teacher_id__in=team.values("teacher_id"))
    return (
        get_user_model()
        .objects.filter(q, is_active=True)
        .exclude(teacher=teacher)
        .select_related("teacher")
        .order_by("username")
    )


def may_organise(user: Any, observation: Observation) -> bool:
    q = _organise_q(user, teacher_field="teacher", school_field="school", studio_field="studio")
    if q is None:
        return True
    return Observation.objects.filter(q, pk=observation.pk).exists()


def observation_list(user: Any) -> QuerySet[Observation]:
    q = _organise_q(user, teacher_field="teacher", school_field="school", studio_field="studio")
    qs = Observation.objects.select_related("teacher", "school", "studio", "version__rubric")
    if q is None:
        return qs.order_by("-held_on", "-id")
    visible = q | Q(pk__in=Observer.objects.filter(user=user).values("observation_id"))
    if getattr(user, "teacher_id", None):
        visible |= Q(teacher_id=user.teacher_id, status=Observation.Status.CLOSED)
    return qs.filter(visible).order_by("-held_on", "-id")


def observation_get(user: Any, uid: Any) -> Observation:
    """The observation if the user organises it, observes it, or is its teacher and it is closed."""
    return get_object_or_404(
        observation_list(user).select_related("organised_by", "school__region", "archive_item"), uid=uid
    )


def observer_get(user: Any, uid: Any) -> Observer:
    """The user's own place as an observer of the observation; 404 for anyone else."""
    return get_object_or_404(
        Observer.objects.select_related("observation__version__rubric", "observation__teacher", "user"),
        observation__uid=uid,
        user=user,
    )


def observation_versions() -> QuerySet[RubricVersion]:
    return (
        RubricVersion.objects.filter(status=RubricVersion.Status.ACTIVE, rubric__kind__in=OBSERVATION_KINDS)
        .select_related("rubric__region", "rubric__school")
        .order_by("rubric__name", "-number")
    )


def items_of(version: RubricVersion) -> list[RubricItem]:
    return list(version.items.select_related("section").order_by("number"))


@dataclass
class ObserverSheet:
    observer: Observer
    points: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class ItemRow:
    item: RubricItem
    combined: Decimal | None
    by_observer: list[Decimal | None]


def observation_result(observation: Observation, *, complete_only: bool = False) -> dict[str, Any]:
    """Items with each observer's points and their combination; three queries (items, observers,
    scores). With complete_only, only observers who scored every item count (what closing uses)."""
    from hts.evaluation.rounds.combine import combine

    items = items_of(observation.version)
    observers_qs = observation.observers.select_related("user__teacher").order_by("id")
    if complete_only:
        observers_qs = observers_qs.filter(submitted_at__isnull=False)
    observers = list(observers_qs)
    for observer in observers:
        observer.name = observer_name(observer)  # type: ignore[attr-defined]
    counted = {observer.pk for observer in observers}
    points: dict[tuple[int, int], Decimal] = {}
    per_item: dict[int, list[Decimal]] = defaultdict(list)
    for observer_id, item_id, value in ObservationScore.objects.filter(observer__observation=observation).values_list(
        "observer_id", "item_id", "points"
    ):
        if observer_id not in counted:
            continue
        points[(observer_id, item_id)] = value
        per_item[item_id].append(value)
    method = observation.combination
    rows = [
        ItemRow(
            item=item,
            combined=combine(method, per_item[item.pk]) if per_item[item.pk] else None,
            by_observer=[points.get((observer.pk, item.pk)) for observer in observers],
        )
        for item in items
    ]
    maximum = sum((item.max_points for item in items), Decimal("0"))
    complete = all(row.combined is not None for row in rows)
    total = sum((row.combined for row in rows if row.combined is not None), Decimal("0"))
    return {
        "items": items,
        "observers": observers,
        "rows": rows,
        "maximum": maximum,
        "total": total if complete else None,
        "complete": complete,
    }


def sheet_points(observer: Observer) -> dict[int, Decimal]:
    return dict(observer.scores.values_list("item_id", "points"))


def observer_name(observer: Observer) -> str:
    """The observer's name as colleagues know it: the teacher's name, else the account's."""
    teacher = observer.user.teacher
    return teacher.name if teacher is not None else observer.user.display_name
