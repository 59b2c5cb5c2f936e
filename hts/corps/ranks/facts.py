"""A head teacher's rank where they and the bureau look: on the profile (org's profile_facts) and as
a section of the work archive (corps.archive), each with the reasons recorded when it was decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.corps.archive.sections import ArchiveRow, ArchiveSection
from hts.corps.ranks.models import RankAssignment
from hts.org.profile_facts import ProfileFact


def rank_reasons(assignment: RankAssignment) -> str:
    """The criteria of the rank held, as they stood when it was decided (a snapshot on its start date:
    the years found then, not the years a profile counts today)."""
    parts = []
    for entry in assignment.reasons:
        if entry.get("rank") != assignment.rank.name:
            continue
        state = _("met") if entry.get("met") else _("not met")
        parts.append(
            _("%(label)s: %(state)s (%(found)s; %(needed)s)")
            % {"label": entry["label"], "state": state, "found": entry["found"], "needed": entry["needed"]}
        )
    text = "；".join(parts) if parts else _("the rank has no criteria")
    if assignment.how == RankAssignment.How.CHANGED:
        text += "；" + _("set by the school: %(reason)s") % {"reason": assignment.reason}
    return text


def rank_facts(teacher: Any) -> list[ProfileFact]:
    assignment = RankAssignment.objects.filter(teacher=teacher, ended_on__isnull=True).select_related("rank").first()
    if assignment is None:
        return []
    text = _("%(rank)s from %(date)s. Counted on the start date: %(reasons)s") % {
        "rank": assignment.rank.name,
        "date": assignment.started_on.isoformat(),
        "reasons": rank_reasons(assignment),
    }
    return [ProfileFact(label=_("Head-teacher rank"), text=text, tone="success", testid="corps-rank")]


def rank_archive_section(teacher: Any, on: dt.date) -> ArchiveSection | None:
    assignments = list(
        RankAssignment.objects.filter(teacher=teacher, started_on__lte=on).select_related("rank").order_by("started_on")
    )
    rows = [
        ArchiveRow(
            cells=(
                a.rank.name,
                f"{a.started_on.isoformat()}—{a.ended_on.isoformat() if a.ended_on else ''}",
                a.get_how_display(),
                rank_reasons(a),
            ),
            source=_("Rank decision of %(date)s") % {"date": a.started_on.isoformat()},
        )
        for a in assignments
    ]
    return ArchiveSection(
        key="ranks",
        title=_("Ranks (001 二 5)"),
        columns=(_("Rank"), pgettext("rank", "Period"), _("Decided by"), _("Reasons on the start date")),
        rows=rows,
        empty_text=_("No rank decided."),
    )
