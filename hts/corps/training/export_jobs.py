"""Who is behind on training, as an Excel workbook written in the background."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from hts.core.jobs import ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook
from hts.corps.training import selectors

BEHIND_EXPORT = "corps.training_behind"


def behind_export(job: ExportJob, progress: Progress) -> ExportFile:
    on = timezone.localdate()
    place, rows, _policy = selectors.behind_for(job.owner, job.params.get("kind", ""), job.params.get("uid", ""), on)
    progress(0, len(rows))
    table = [[row.teacher.school.name, row.teacher.name, "；".join(row.reasons)] for row in rows]
    progress(len(rows), len(rows))
    content = write_workbook([("培训未完成", ["学校", "姓名", "未完成"], table)])
    filename = _("%(place)s head teachers behind on training %(date)s.xlsx") % {
        "place": place.name,
        "date": on.isoformat(),
    }
    return ExportFile(filename=filename, content=content, content_type=XLSX_CONTENT_TYPE)


register_export(BEHIND_EXPORT, behind_export, action="corps.training.manage")
