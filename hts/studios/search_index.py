"""Studios in the search index (issue 16 point 9): by name, theme, plan and the host's name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import can, scoped
from hts.core.search.registry import Indexed, SearchKind, register_search_kind
from hts.studios.models import Studio


def studio_entry(studio: Studio) -> Indexed:
    return Indexed(
        title=studio.name,
        text=f"{studio.theme} {studio.host_school.name} {studio.plan}",
        names=[studio.host.name],
        region_path=studio.host_school.region.path,
        school_id=studio.host_school_id,
        studio_id=studio.pk,
        owner_teacher_id=studio.host_id,
    )


def _visible(user: Any) -> Any:
    return scoped(user, "studio.view", Studio.objects.all()) if can(user, "studio.view") else None


def register() -> None:
    register_search_kind(
        SearchKind(
            kind="studio",
            model=Studio,
            label=_("Studios"),
            entry=studio_entry,
            rows=lambda: Studio.objects.select_related("host", "host_school__region"),
            url=lambda uid: reverse("studios-studio-detail", kwargs={"uid": uid}),
            visible=_visible,
            order=30,
        )
    )
