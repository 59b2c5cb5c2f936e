"""The appointments section of a head teacher's work archive: each 聘书 with its term and class."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from hts.corps.appointment.models import Letter
from hts.corps.archive.sections import ArchiveRow, ArchiveSection


def appointment_section(teacher: Any, on: dt.date) -> ArchiveSection:
    letters = (
        Letter.objects.filter(application__teacher=teacher, created_at__date__lte=on)
        .select_related("round__school", "school_class")
        .order_by("-round__term_from")
    )
    rows = [
        ArchiveRow(
            cells=(
                f"{letter.round.term_from:%Y-%m-%d}–{letter.round.term_to:%Y-%m-%d}",
                letter.round.school.name,
                str(letter.school_class),
                _("accepted") if letter.accepted_at else _("not yet accepted"),
            ),
            # No link: the archive is read by the bureau too, and a letter opens only to its school and holder.
            source=_("Appointment letter %(number)s") % {"number": letter.number},
        )
        for letter in letters
    ]
    return ArchiveSection(
        key="appointments",
        title=_("Competitive appointments (聘书)"),
        columns=(_("Term"), _("School"), _("Class"), _("State")),
        rows=rows,
        empty_text=_("No appointment letters."),
    )
