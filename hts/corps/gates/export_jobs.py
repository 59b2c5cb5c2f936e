"""The school's list of who may apply for a professional title this season, as an Excel workbook.

May apply: the title gate is open (001 8: enough years as head teacher or in credited work) and no
confirmed failing yearly grade bars promotion this school year (晋级 includes a title's)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.core.jobs import ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.tabular import XLSX_CONTENT_TYPE, write_workbook
from hts.corps.gates import selectors
from hts.corps.selectors import policy_for
from hts.org.service_time import years_figure

KIND = "corps.title_applicants"


def may_apply(gates: list[selectors.Gate]) -> bool:
    by_code = {gate.code: gate for gate in gates}
    return selectors.TITLE in by_code and all(
        by_code[code].open for code in (selectors.TITLE, selectors.HONOURS) if code in by_code
    )


def title_applicants_export(job: ExportJob, progress: Progress) -> ExportFile:
    school = selectors.school_get(job.owner, job.params.get("school", ""))
    on = timezone.localdate()
    policy = policy_for(school.region)
    years = selectors.calendar_years(school)
    teachers = list(selectors.head_teachers(school))
    progress(0, len(teachers))
    rows = []
    for teacher in teachers:
        gates = selectors.gates_for_loaded(teacher, policy, years, on)
        if may_apply(gates):
            title = next(gate for gate in gates if gate.code == selectors.TITLE)
            # The number a desk sorts and sums (the pages' figure), its explanation beside it.
            rows.append(
                [teacher.name, teacher.get_gender_display(), years_figure(title.counted_days or 0), title.reason]
            )
    progress(len(teachers), len(teachers))
    headers = [pgettext("person", "Name"), _("Gender"), _("Years counted"), pgettext("export", "Explanation")]
    caption = _("%(school)s %(year)d/%(month)d list of who may apply for a professional title") % {
        "school": school.name,
        "year": on.year,
        "month": on.month,
    }
    content = write_workbook([(_("May apply for a title"), headers, rows)], caption=caption)
    filename = _("%(school)s professional-title applicants %(date)s.xlsx") % {
        "school": school.name,
        "date": on.isoformat(),
    }
    return ExportFile(filename=filename, content=content, content_type=XLSX_CONTENT_TYPE)


register_export(KIND, title_applicants_export, action="corps.gates.view")
