"""Writes of the corps policy. Each checks permission, validates and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from hts.corps.models import CorpsPolicy
from hts.org.models import Region
from hts.studios.policy_parts import policy_part_from_template, policy_part_save
from hts.studios.policy_templates import PolicyBundle

# The fields a bureau sets (and a template fills).
FIELDS = (
    "trainee_months",
    "qualification_required",
    "qualification_valid_years",
    "expiring_within_days",
    "county_course_every_years",
    "school_course_yearly",
    "course_pass_mark",
    "training_hours_per_half_day",
    "title_min_service_years",
    "promotion_min_service_years",
    "failing_year_blocks_honours",
    "failing_year_revokes_qualification",
    "mentor_min_service_years",
)


def corps_policy_from_template(*, region: Region, bundle: PolicyBundle, actor: Any = None) -> CorpsPolicy | None:
    """The corps part of a template as `region`'s own policy (registered in CorpsConfig.ready; the caller
    has checked the actor). A template that sets no corps rules creates none, and a region that has a
    policy keeps it."""
    return policy_part_from_template(
        model=CorpsPolicy,
        region=region,
        values=bundle.corps_values(),
        code=bundle.code,
        actor=actor,
        action="corps.policy.from_template",
    )


def corps_policy_save(*, actor: Any, region: Region, data: dict[str, Any]) -> CorpsPolicy:
    """Set `region`'s own corps policy (its subregions inherit it); kept in history."""
    return policy_part_save(
        model=CorpsPolicy,
        region=region,
        data=data,
        fields=FIELDS,
        actor=actor,
        manage="corps.policy.manage",
        action="corps.policy.saved",
    )
