"""The school's structure on a teacher's profile (registered in CorpsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.corps.structure.selectors import structure_facts_data
from hts.org.profile_facts import ProfileFact


def structure_facts(teacher: Any) -> list[ProfileFact]:
    data = structure_facts_data(teacher)
    facts = []
    chief = data["chief"]
    if chief is not None:
        facts.append(
            ProfileFact(
                label=_("Chief head teacher"),
                text=_("%(school)s, since %(date)s")
                % {"school": chief.school.name, "date": chief.started_on.isoformat()},
                tone="success",
                testid="corps-chief",
            )
        )
    for pair in data["pairs"]:
        if pair.mentor_id == teacher.pk:
            text = _("Mentor of %(name)s since %(date)s")
            other = pair.mentee.name
        else:
            text = _("Mentored by %(name)s since %(date)s")
            other = pair.mentor.name
        facts.append(
            ProfileFact(
                label=_("Mentoring pair"),
                text=text % {"name": other, "date": pair.started_on.isoformat()},
                testid="corps-pair",
            )
        )
    return facts
