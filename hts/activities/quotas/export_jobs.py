"""The bureau's quota matrix (studios × quotas for a month) as an Excel workbook, built in the background.

Same studios and filters as the page (`views.quota_matrix`), but every matching studio, not only the
first page's worth: the studios are evaluated a chunk at a time with `quotas.matrix` (a few queries per
chunk), and the job's progress moves after each chunk.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hts.activities.quotas import selectors as quotas
from hts.activities.quotas.selectors import matrix_studios
from hts.activities.selectors import parse_month
from hts.core.jobs import ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook
from hts.studios.models import Studio

KIND = "activities.quota_matrix"
# Studios evaluated per `quotas.matrix` call: bounds memory and gives the progress bar its steps.
CHUNK = 100


def matrix_params(query: Any) -> dict[str, str]:
    """The page's filters, as stored on the job."""
    return {
        "month": parse_month(query.get("month", "")).strftime("%Y-%m"),
        "tier": str(query.get("tier", ""))[:20],
        "region": str(query.get("region", ""))[:40],
    }


def _studios(user: Any, params: dict[str, str]) -> list[Studio]:
    return list(matrix_studios(user, tier=params.get("tier", ""), region_uid=params.get("region", "")))


def cell_text(result: quotas.RuleResult | None) -> str:
    """What the page's cell shows, and for "—" its reason (a spreadsheet has no footnotes)."""
    if result is None:
        return f"—（{quotas.NOT_IN_POLICY}）"
    if result.blank:
        return f"—（{result.blank}）"
    if not result.status:
        return "—"
    if result.status == quotas.MISSED:
        return _("✗ missed (%(count)d)") % {"count": len(result.missed)}
    current = result.current
    if result.status == quotas.PENDING and current is not None:
        return _("… %(count)d of %(required)d, %(days)d days left") % {
            "count": current.count,
            "required": current.required,
            "days": current.days_left,
        }
    return _("✓ met")


def quota_matrix_export(job: ExportJob, progress: Progress) -> ExportFile:
    params = job.params
    month = parse_month(params.get("month", ""))
    studios = _studios(job.owner, params)
    total = len(studios)
    progress(0, total)
    columns: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for start in range(0, total, CHUNK):
        data = quotas.matrix(studios[start : start + CHUNK], month)
        columns.update(dict(data["columns"]))
        rows.extend(data["rows"])
        progress(min(start + CHUNK, total), total)
    rows.sort(key=lambda row: (-row["shortfalls"], row["studio"].name))
    headers = [_("Studio"), _("Region"), _("Tier"), _("Host"), *columns.values(), _("Shortfalls")]
    body = [
        [
            row["studio"].name,
            row["studio"].host_school.region.name,
            row["studio"].batch.get_tier_display(),
            row["studio"].host.name,
            *(cell_text(row["cells"].get(code)) for code in columns),
            row["shortfalls"],
        ]
        for row in rows
    ]
    content = write_workbook([(month.strftime("%Y-%m"), headers, body)])
    filename = _("Quota compliance %(month)s.xlsx") % {"month": month.strftime("%Y-%m")}
    return ExportFile(filename=filename, content=content, content_type=XLSX_CONTENT_TYPE)


register_export(KIND, quota_matrix_export, action="batch.view")
