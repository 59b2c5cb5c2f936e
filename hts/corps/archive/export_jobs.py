"""School staff export the work archives of their school's head teachers in the background: a zip
with one PDF each, or one PDF with them all. The job reads as its owner, through the page's scope."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.core.jobs import ExportError, ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.corps.archive import documents, selectors

ZIP_KIND = "corps.archive_zip"
PDF_KIND = "corps.archive_pdf"


def _school_and_teachers(job: ExportJob) -> tuple[object, list[object]]:
    try:
        school = selectors.archive_school(job.owner, job.params.get("school", ""))
    except Http404 as error:
        raise ExportError(_("This school is not available to you.")) from error
    return school, list(selectors.school_head_teachers(school).select_related("school__region"))


def archives_zip_export(job: ExportJob, progress: Progress) -> ExportFile:
    school, teachers = _school_and_teachers(job)
    on = timezone.localdate()
    total = len(teachers)
    progress(0, total)
    path = documents.archives_zip(teachers, on, lambda done: progress(done, total))  # type: ignore[arg-type]
    name = _("%(school)s head-teacher work archives %(date)s.zip") % {"school": school, "date": on.isoformat()}
    return ExportFile(filename=name, content=path, content_type="application/zip")


def archives_pdf_export(job: ExportJob, progress: Progress) -> ExportFile:
    school, teachers = _school_and_teachers(job)
    on = timezone.localdate()
    total = len(teachers) + 1  # a step per teacher's sections, one for setting the book
    archives = []
    for done, teacher in enumerate(teachers):
        progress(done, total)
        archives.append(documents.archive_of(teacher, on))  # type: ignore[arg-type]
    progress(len(teachers), total)
    content = documents.archive_pdf(archives, on)
    name = _("%(school)s head-teacher work archives %(date)s.pdf") % {"school": school, "date": on.isoformat()}
    return ExportFile(filename=name, content=content, content_type=PDF_CONTENT_TYPE)


register_export(ZIP_KIND, archives_zip_export, action=selectors.VIEW)
register_export(PDF_KIND, archives_pdf_export, action=selectors.VIEW)
