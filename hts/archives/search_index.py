"""Archive items in the search index (issue 16 point 9): by heading, text and the owner's name. Who
finds one is who may read it (``visible_items``): a private item only its owner."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.accounts.access import can
from hts.archives.models import ArchiveItem
from hts.archives.selectors import visible_items
from hts.core.search.registry import Indexed, SearchKind, register_search_kind


def item_entry(item: ArchiveItem) -> Indexed:
    owner = item.owner_teacher
    school = owner.school if owner else (item.studio.host_school if item.studio else None)
    return Indexed(
        title=item.title,
        text=item.body,
        names=[owner.name] if owner else [],
        region_path=school.region.path if school else "",
        school_id=school.pk if school else None,
        studio_id=item.studio_id,
        owner_teacher_id=item.owner_teacher_id,
    )


def _visible(user: Any) -> Any:
    return visible_items(user) if can(user, "archive.view") else None


def register() -> None:
    register_search_kind(
        SearchKind(
            kind="archive",
            model=ArchiveItem,
            label=_("Archive items"),
            entry=item_entry,
            rows=lambda: ArchiveItem.objects.select_related(
                "owner_teacher__school__region", "studio__host_school__region"
            ),
            url=lambda uid: reverse("archives-item", kwargs={"uid": uid}),
            visible=_visible,
            order=50,
        )
    )
