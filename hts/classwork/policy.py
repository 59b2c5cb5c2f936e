"""Which class work policy applies to a class, and the fields a bureau edits."""

from __future__ import annotations

from hts.classwork.models import ClassworkPolicy
from hts.org.calendar import lineage_paths
from hts.org.models import Region

FIELDS = [
    "theme_meetings_a_month",
    "blackboard_issues_a_month",
    "cadre_meeting_every_days",
    "parent_meetings_a_semester",
    "visit_every_pupil",
    "semester_plan_required",
    "semester_summary_required",
    "anonymise_after_days",
]


def policy_for(region: Region) -> ClassworkPolicy | None:
    """The policy of `region` or of its nearest ancestor that has one (one query)."""
    return (
        ClassworkPolicy.objects.filter(region__path__in=lineage_paths(region.path))
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )
