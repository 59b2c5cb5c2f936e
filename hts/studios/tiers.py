"""A tier's name where it is shown: the district tier (区级) is 县级 in a county. Region kinds do not
tell a 县 from a 区 (both are "district"), the name does (the glossary's 县(区)级)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from hts.org.models import Region
from hts.studios.models import Tier


def is_county(region: Region) -> bool:
    return region.kind == Region.Kind.DISTRICT and region.name.endswith("县")


def tier_label(tier: str, region: Region | None) -> str:
    """The tier's name for a batch of this region (a batch's region is where its tier sits)."""
    if tier == Tier.DISTRICT and region is not None and is_county(region):
        return _("County level")
    return str(Tier(tier).label) if tier in Tier.values else tier


def tier_choices(region: Region, child_names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The tiers to offer on a region's pages: a county's district tier is 县级; above the districts it
    is 区级, 县级 or 区（县）级 by what the region's children are."""
    if region.kind == Region.Kind.DISTRICT:
        district = tier_label(Tier.DISTRICT, region)
    else:
        kinds = {name.endswith("县") for name in child_names}
        district = (
            _("District or county level")
            if kinds == {True, False}
            else _("County level")
            if kinds == {True}
            else str(Tier.DISTRICT.label)
        )
    return [(value, district if value == Tier.DISTRICT else str(label)) for value, label in Tier.choices]
