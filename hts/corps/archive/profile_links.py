"""The work archive's link on a teacher's profile (org's registry), for those who may open it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.org.profile_facts import ProfileLink

VIEW = "corps.archive.view"


def archive_link(teacher: Any, viewer: Any) -> ProfileLink | None:
    if not can(viewer, VIEW, teacher):
        return None
    return ProfileLink(
        label=_("Work archive"),
        url=reverse("corps-archive", kwargs={"teacher_uid": teacher.uid}),
        testid="archive-link",
    )
