"""The gates on a teacher's profile (org's registry): each with its reason and the date it opens."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hts.corps.gates.selectors import teacher_gates
from hts.org.models import Teacher
from hts.org.profile_facts import ProfileFact


def gate_facts(teacher: Teacher) -> list[ProfileFact]:
    # Gates concern head teachers: someone with no service record sees none.
    if not teacher.service_records.exists():
        return []
    facts = []
    for gate in teacher_gates(teacher):
        if gate.open:
            text, tone = _("Open. %(reason)s") % {"reason": gate.reason}, "success"
        elif gate.opens_on:
            text = _("Closed until %(date)s. %(reason)s") % {"date": gate.opens_on.isoformat(), "reason": gate.reason}
            tone = "warning"
        else:
            text = _("Closed: it opens with more recorded service. %(reason)s") % {"reason": gate.reason}
            tone = "warning"
        facts.append(ProfileFact(label=gate.label, text=text, tone=tone, testid=f"gate-{gate.code}"))
    return facts
