"""The audit log as an Excel workbook, built in the background with the page's filters.

Rows read as on the page (event names, field and value labels, people's names, no markup); the
entries are read a chunk at a time so a year of a city's log never sits in memory at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.accounts.selectors import audit_list
from hts.core.audit_labels import AuditRow, present
from hts.core.jobs import ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook

KIND = "accounts.audit_log"
CHUNK = 500
# A workbook people can open: beyond this, narrow the filters.
MAX_ROWS = 100_000


def audit_params(filters: dict[str, Any]) -> dict[str, str]:
    """The page's filters, as stored on the job (JSON)."""
    return {
        key: (value.isoformat() if isinstance(value, dt.date) else str(value or "")) for key, value in filters.items()
    }


def _filters(params: dict[str, str]) -> dict[str, Any]:
    def day(value: str) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return {
        "person": params.get("person", ""),
        "action_prefix": params.get("action_prefix", ""),
        "target": params.get("target", ""),
        "date_from": day(params.get("date_from", "")),
        "date_to": day(params.get("date_to", "")),
    }


def _changes_text(row: AuditRow) -> str:
    lines = []
    for change in row.changes:
        value = change.after if change.single else f"{change.before} → {change.after}"
        lines.append(f"{change.label}：{value}")
    return "\n".join(lines)


def audit_log_export(job: ExportJob, progress: Progress) -> ExportFile:
    entries = audit_list(job.owner, **_filters(job.params)).order_by("-at", "-id")
    total = min(entries.count(), MAX_ROWS)
    progress(0, total)
    body: list[list[Any]] = []
    for start in range(0, total, CHUNK):
        for entry in entries[start : min(start + CHUNK, total)]:
            row = present(entry)
            body.append(
                [
                    timezone.localtime(entry.at),
                    row.actor,
                    row.event,
                    row.target,
                    _changes_text(row),
                    entry.ip or "",
                ]
            )
        progress(min(start + CHUNK, total), total)
    headers = [_("Time"), pgettext("audit", "Person"), _("Event"), _("Object"), _("Changes"), _("IP address")]
    content = write_workbook([(_("Audit log"), headers, body)])
    filename = _("Audit log %(date)s.xlsx") % {"date": timezone.localdate().isoformat()}
    return ExportFile(filename=filename, content=content, content_type=XLSX_CONTENT_TYPE)


register_export(KIND, audit_log_export, action="audit.view")
