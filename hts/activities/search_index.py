"""Activities in the search index (issue 16 point 9): by heading, place and the organising studio."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import can, scoped
from hts.activities.models import Activity
from hts.core.search.registry import Indexed, SearchKind, register_search_kind


def activity_entry(activity: Activity) -> Indexed:
    studio = activity.studio
    school = studio.host_school if studio else activity.school
    region = school.region if school else activity.region
    return Indexed(
        title=activity.title,
        text=" ".join(part for part in (studio.name if studio else "", activity.place) if part),
        region_path=region.path if region else "",
        school_id=school.pk if school else None,
        studio_id=activity.studio_id,
    )


def _visible(user: Any) -> Any:
    return scoped(user, "activity.view", Activity.objects.all()) if can(user, "activity.view") else None


def register() -> None:
    register_search_kind(
        SearchKind(
            kind="activity",
            model=Activity,
            label=_("Activities"),
            entry=activity_entry,
            rows=lambda: Activity.objects.select_related("studio__host_school__region", "school__region", "region"),
            url=lambda uid: reverse("activities-detail", kwargs={"uid": uid}),
            visible=_visible,
            order=40,
        )
    )
