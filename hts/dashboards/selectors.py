"""Reads for the home page: counts across people, places and studios, each scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from hts.accounts.permissions import TEACHER, principal_for
from hts.org.models import School, SchoolClass, Teacher
from hts.org.selectors import serving_now
from hts.studios.models import Studio


def home_figures(user: Any) -> dict[str, int | None]:
    """Counts of what this user may see; None where the role sees no such list."""
    principal = principal_for(user)
    figures: dict[str, int | None] = {
        "schools": None,
        "teachers": None,
        "head_teachers": None,
        "classes": None,
        "studios": None,
    }
    if principal.can("school.view"):
        figures["schools"] = principal.scoped("school.view", School.objects.all()).count()
    if principal.can("teacher.view") and principal.roles - {TEACHER}:
        teachers = principal.scoped("teacher.view", Teacher.objects.all())
        figures["teachers"] = teachers.count()
        figures["head_teachers"] = teachers.filter(serving_now()).count()
    if principal.can("class.view"):
        figures["classes"] = principal.scoped("class.view", SchoolClass.objects.all()).count()
    if principal.can("studio.view") and principal.place_roles:
        running = [Studio.Status.APPROVED, Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD]
        figures["studios"] = principal.scoped("studio.view", Studio.objects.filter(status__in=running)).count()
    return figures
