"""The honours section of a head teacher's work archive: each honour awarded through a call, with the
call and certificate number it came from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from hts.corps.archive.sections import ArchiveRow, ArchiveSection
from hts.corps.honours.models import Nomination


def honours_section(teacher: Any, on: dt.date) -> ArchiveSection:
    awarded = (
        Nomination.objects.filter(teacher=teacher, status=Nomination.Status.AWARDED, call__finalised_on__lte=on)
        .select_related("call__school_year", "call__region", "call__school", "school_class")
        .order_by("-call__finalised_on", "pk")
    )
    rows = [
        ArchiveRow(
            cells=(
                nomination.call.title + (f"（{nomination.school_class}）" if nomination.school_class_id else ""),
                nomination.call.get_level_display(),
                nomination.call.finalised_on.isoformat() if nomination.call.finalised_on else "",
                nomination.call.organiser_name,
            ),
            source=_("Honours call %(title)s, certificate %(number)s")
            % {"title": str(nomination.call), "number": nomination.certificate_number},
            source_url=reverse("corps-honours-certificate", kwargs={"uid": nomination.uid}),
            # Linked only for who may open it: the holder, the school's staff, the bureau above.
            source_record=nomination,
            source_actions=("corps.honours.object", "corps.honours.nominate", "corps.honours.organise"),
        )
        for nomination in awarded
    ]
    return ArchiveSection(
        key="honour_calls",
        title=_("Honours awarded through a selection"),
        columns=(_("Honour"), _("level"), _("date awarded"), _("issued by")),
        rows=rows,
        empty_text=_("No honours awarded through a selection yet."),
    )
