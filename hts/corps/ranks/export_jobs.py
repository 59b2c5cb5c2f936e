"""A frozen allowance roll as the Excel workbook the finance office receives: names, not codes; the
header repeated on every printed page (hts.core.tabular); a total at the foot."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.core.jobs import ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.tabular import XLSX_CONTENT_TYPE, money, write_workbook
from hts.corps.ranks import selectors

KIND = "corps.allowance_roll"


def roll_export(job: ExportJob, progress: Progress) -> ExportFile:
    roll = selectors.roll_get(job.owner, job.params.get("roll", ""))
    lines = list(roll.lines.order_by("pk"))
    progress(0, len(lines))
    rows: list[list[object]] = [
        [n, line.teacher_name, line.rank_name or "—", line.months_in_post, line.amount, line.note]
        for n, line in enumerate(lines, start=1)
    ]
    rows.append(["", _("Total"), "", "", roll.total, ""])
    progress(len(lines), len(lines))
    headers = [
        _("No."),
        pgettext("person", "Name"),
        _("Rank"),
        _("Months as head teacher"),
        money(_("Allowance (yuan)")),
        _("Note"),
    ]
    title = _("%(month)s version %(version)s") % {"month": roll.month.strftime("%Y-%m"), "version": roll.version}
    filename = _("%(school)s head-teacher allowance %(month)s version %(version)s.xlsx") % {
        "school": roll.school.name,
        "month": roll.month.strftime("%Y-%m"),
        "version": roll.version,
    }
    caption = _("%(school)s %(year)d/%(month)d head-teacher allowance roll") % {
        "school": roll.school.name,
        "year": roll.month.year,
        "month": roll.month.month,
    }
    content = write_workbook([(title, headers, rows)], caption=caption)
    return ExportFile(filename=filename, content=content, content_type=XLSX_CONTENT_TYPE)


register_export(KIND, roll_export, action="corps.ranks.manage")
