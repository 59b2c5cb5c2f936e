"""Reads on rubrics: which rubrics a user sees and may edit, a version with its content, and the
subjects whose evidence a user may see.

Visible (rubric.view): the built-in ones; those of the user's region subtree and of the schools in it;
those of their school; and those of the regions above their region, school or studio's host school
(a school uses its bureau's rubric). Anything else answers 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404

from hts.accounts.permissions import principal_for
from hts.evaluation.observations.models import Observation
from hts.evaluation.rounds.models import EvaluationRound, Rater, Subject
from hts.evaluation.rubrics.models import Rubric, RubricItem, RubricSection, RubricVersion
from hts.org.calendar import lineage_paths
from hts.org.models import Region, School


def _home_paths(user: Any) -> set[str]:
    """Region paths of the user's region grants, their schools' regions and their studios' host schools."""
    principal = principal_for(user)
    paths = set(principal.region_paths)
    school_ids = set(principal.school_ids)
    studio_ids = {g.studio_id for g in principal.grants if g.studio_id}
    if school_ids:
        paths |= set(School.objects.filter(pk__in=school_ids).values_list("region__path", flat=True))
    if studio_ids:
        from hts.studios.models import Studio

        paths |= set(Studio.objects.filter(pk__in=studio_ids).values_list("host_school__region__path", flat=True))
    return paths


def visible_rubrics(user: Any) -> QuerySet[Rubric]:
    principal = principal_for(user)
    principal.require("rubric.view")
    base = Rubric.objects.select_related("region", "school")
    if principal.is_admin:
        return base
    q = Q(builtin_code__gt="") | Q(school_id__in=principal.school_ids)
    for path in principal.region_paths:
        q |= Q(region__path__startswith=path) | Q(school__region__path__startswith=path)
    ancestors = {p for path in _home_paths(user) for p in lineage_paths(path)}
    if ancestors:
        q |= Q(region__path__in=ancestors)
    return base.filter(q)


def manageable_rubrics(user: Any) -> QuerySet[Rubric]:
    """Rubrics the user may edit: of their region subtree (bureau) or their school."""
    principal = principal_for(user)
    if not principal.can("rubric.manage"):
        return Rubric.objects.none()
    return principal.scoped("rubric.manage", Rubric.objects.filter(builtin_code=""))


def can_manage(user: Any, rubric: Rubric) -> bool:
    return not rubric.is_builtin and manageable_rubrics(user).filter(pk=rubric.pk).exists()


def rubric_list(user: Any) -> QuerySet[Rubric]:
    return visible_rubrics(user).prefetch_related(
        Prefetch("versions", queryset=RubricVersion.objects.order_by("-number"))
    )


def rubric_get(user: Any, uid: Any) -> Rubric:
    try:
        return visible_rubrics(user).get(uid=uid)
    except Rubric.DoesNotExist as missing:
        raise Http404 from missing


def version_get(user: Any, uid: Any) -> RubricVersion:
    rubric_ids = visible_rubrics(user).values("pk")
    try:
        return RubricVersion.objects.select_related("rubric", "rubric__region", "rubric__school").get(
            uid=uid, rubric__in=rubric_ids
        )
    except RubricVersion.DoesNotExist as missing:
        raise Http404 from missing


def version_sections(version: RubricVersion) -> list[RubricSection]:
    """The sections with their items, and each section's item total as ``items_total`` (two queries)."""
    sections = list(
        version.sections.order_by("position").prefetch_related(
            Prefetch("items", queryset=RubricItem.objects.order_by("number"))
        )
    )
    for section in sections:
        section.items_total = sum((i.max_points for i in section.items.all()), Decimal("0"))  # type: ignore[attr-defined]
    return sections


def viewer_region(user: Any) -> Region | None:
    """The region whose level weights the user sees: their own region, or their school's (one query)."""
    paths = sorted(_home_paths(user), key=len, reverse=True)
    return Region(path=paths[0]) if paths else None


def owner_choices(user: Any) -> list[tuple[str, Any]]:
    """Where the user may copy a rubric: ("region:<pk>", region) and ("school:<pk>", school)."""
    principal = principal_for(user)
    choices: list[tuple[str, Any]] = []
    for region in Region.objects.filter(path__in=principal.region_paths).order_by("path"):
        choices.append((f"region:{region.pk}", region))
    for school in School.objects.filter(pk__in=principal.school_ids).order_by("name"):
        choices.append((f"school:{school.pk}", school))
    return choices


def evidence_subject(user: Any, uid: Any) -> Subject:
    """A subject whose evidence the user may see: they rate in its round or organise it; else 404."""
    principal = principal_for(user)
    try:
        subject = Subject.objects.select_related(
            "round", "round__version", "round__semester", "round__school_year", "teacher", "school"
        ).get(uid=uid)
    except Subject.DoesNotExist as missing:
        raise Http404 from missing
    if Rater.objects.filter(round_id=subject.round_id, user=user).exists():
        return subject
    if principal.can("evaluation.organise"):
        rounds = principal.scoped("evaluation.organise", EvaluationRound.objects.filter(pk=subject.round_id))
        if rounds.exists():
            return subject
    raise Http404


def version_in_use(version: RubricVersion) -> bool:
    return (
        EvaluationRound.objects.filter(version=version).exists() or Observation.objects.filter(version=version).exists()
    )


def section_totals(version: RubricVersion) -> list[tuple[RubricSection, Decimal]]:
    """Each section with the sum of its items' points (one query)."""
    sums = dict(
        RubricItem.objects.filter(version=version)
        .values("section")
        .annotate(s=Sum("max_points"))
        .values_list("section", "s")
    )
    return [(section, sums.get(section.pk) or Decimal("0")) for section in version.sections.order_by("position")]
