"""Teachers and schools in the search index (issue 16 point 9): a teacher by name (and its pinyin),
never by mobile number; a school by its name and the short names of it (福田实验)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import can, scoped
from hts.core.search.registry import Indexed, SearchKind, register_search_kind
from hts.org.models import Region, School, Teacher


def _places(region: Region | None) -> list[str]:
    """The region's name and its ancestors', nearest first (three levels: district, city, province)."""
    names = []
    while region is not None and len(names) < 4:
        names.append(region.name)
        region = region.parent
    return names


def teacher_entry(teacher: Teacher) -> Indexed:
    school = teacher.school
    return Indexed(
        title=teacher.name,
        text=" ".join(part for part in (school.name, teacher.subject, teacher.title) if part),
        names=[teacher.name],
        region_path=school.region.path,
        school_id=school.pk,
        owner_teacher_id=teacher.pk,
    )


def school_entry(school: School) -> Indexed:
    return Indexed(
        title=school.name,
        text=school.region.name,
        schools=[(school.name, _places(school.region))],
        region_path=school.region.path,
        school_id=school.pk,
    )


def _visible(action: str, model: Any) -> Any:
    def visible(user: Any) -> Any:
        return scoped(user, action, model.objects.all()) if can(user, action) else None

    return visible


def register() -> None:
    register_search_kind(
        SearchKind(
            kind="teacher",
            model=Teacher,
            label=_("Teachers"),
            entry=teacher_entry,
            rows=lambda: Teacher.objects.select_related("school__region"),
            url=lambda uid: reverse("org-teacher-detail", kwargs={"uid": uid}),
            visible=_visible("teacher.view", Teacher),
            order=10,
        )
    )
    register_search_kind(
        SearchKind(
            kind="school",
            model=School,
            label=_("Schools"),
            entry=school_entry,
            rows=lambda: School.objects.select_related("region__parent__parent__parent"),
            url=lambda uid: reverse("org-school-detail", kwargs={"uid": uid}),
            visible=_visible("school.view", School),
            order=20,
        )
    )
