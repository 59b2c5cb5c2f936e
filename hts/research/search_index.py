"""Research projects and achievements in the search index (issue 16 point 9)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import can, scoped
from hts.core.search.registry import Indexed, SearchKind, register_search_kind
from hts.research.models import Achievement, ResearchProject


def project_entry(project: ResearchProject) -> Indexed:
    school = project.studio.host_school
    return Indexed(
        title=project.title,
        text=f"{project.studio.name} {project.outputs}",
        names=[project.lead.name] if project.lead_id else [],
        region_path=school.region.path,
        school_id=school.pk,
        studio_id=project.studio_id,
        owner_teacher_id=project.lead_id,
    )


def achievement_entry(achievement: Achievement) -> Indexed:
    school = achievement.owner.school
    return Indexed(
        title=achievement.title,
        text=achievement.issuer,
        names=[achievement.owner.name],
        region_path=school.region.path,
        school_id=school.pk,
        owner_teacher_id=achievement.owner_id,
    )


def _visible(action: str, model: Any) -> Any:
    def visible(user: Any) -> Any:
        return scoped(user, action, model.objects.all()) if can(user, action) else None

    return visible


def register() -> None:
    register_search_kind(
        SearchKind(
            kind="research",
            model=ResearchProject,
            label=_("Research projects"),
            entry=project_entry,
            rows=lambda: ResearchProject.objects.select_related("studio__host_school__region", "lead"),
            url=lambda uid: reverse("research-project-detail", kwargs={"uid": uid}),
            visible=_visible("research.view", ResearchProject),
            order=60,
        )
    )
    register_search_kind(
        SearchKind(
            kind="achievement",
            model=Achievement,
            label=_("Achievements"),
            entry=achievement_entry,
            rows=lambda: Achievement.objects.select_related("owner__school__region"),
            url=lambda uid: reverse("research-achievement-detail", kwargs={"uid": uid}),
            visible=_visible("achievement.view", Achievement),
            order=70,
        )
    )
