"""Which level of honour an organiser may award (001 二 10): the county bureau selects the county's
优秀班主任 and 先进班集体, and each school selects its own (明星班主任, 班主任标兵). So a school's call is a
school-level honour, and a bureau's call is of its own region's level; 001 gives no organiser a call of
another level. The level decides how the honour weighs in ranks and in the rubric's item 23, so a
school must not be able to award a 国家级 one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hts.org.models import Level, Region, School

# A bureau's level is its region's kind (a district's bureau is the county level of 001).
REGION_LEVEL = {
    Region.Kind.PROVINCE: Level.PROVINCE,
    Region.Kind.CITY: Level.CITY,
    Region.Kind.DISTRICT: Level.COUNTY,
    Region.Kind.TOWNSHIP: Level.TOWNSHIP,
}


def levels_for(*, region: Region | None = None, school: School | None = None) -> list[str]:
    """The levels the organiser's calls may have, lowest first."""
    if school is not None:
        return [Level.SCHOOL]
    if region is None:
        return []
    level = REGION_LEVEL.get(Region.Kind(region.kind)) if region.kind in Region.Kind.values else None
    return [level] if level else []


def level_choices(*, region: Region | None = None, school: School | None = None) -> list[tuple[str, str]]:
    return [(level, Level(level).label) for level in levels_for(region=region, school=school)]


def check_level(level: str, *, region: Region | None = None, school: School | None = None) -> None:
    """Refuses a level the organiser may not award, naming the rule."""
    allowed = levels_for(region=region, school=school)
    if level in allowed:
        return
    if school is not None:
        message = _(
            "%(school)s's own call awards a school-level honour only; a %(level)s honour is selected by the "
            "bureau of that level (001 section 10)."
        ) % {"school": school.name, "level": Level(level).label if level in Level.values else level}
    else:
        message = _(
            "The bureau of %(region)s awards %(allowed)s honours only; a %(level)s honour is selected by the "
            "bureau of that level (001 section 10)."
        ) % {
            "region": region.name if region else "",
            "allowed": "、".join(str(Level(a).label) for a in allowed) or "—",
            "level": Level(level).label if level in Level.values else level,
        }
    raise ValidationError({"level": message})
