"""The class's 班主任工作手册 exported in the background (hts.core.jobs), as PDF or Word. The job reads as
its owner through the class log's own scope, so it never shows more than the log page does, even if the
owner's roles changed since the job was queued; every file made is audited (who, when, which class)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.classwork import handbook, handbook_documents, selectors
from hts.core.audit import audit_record
from hts.core.jobs import ExportError, ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.core.word import DOCX_CONTENT_TYPE

PDF_KIND = "classwork.handbook_pdf"
DOCX_KIND = "classwork.handbook_docx"
# The class log's action: its head teacher and deputy and its school's office.
ACTION = "classwork.view"


def build(job: ExportJob, progress: Progress, extension: str) -> tuple[handbook.Handbook, bytes]:
    try:
        school_class = selectors.class_for(job.owner, ACTION, job.params.get("class", ""))
    except Http404 as error:
        raise ExportError(_("This class is not available to you.")) from error
    today = timezone.localdate()
    semester = next(
        (s for s in handbook.semester_choices(school_class, today) if str(s.uid) == job.params.get("semester")), None
    )
    if semester is None:
        raise ExportError(_("This semester is not in the class's school year."))
    progress(0, 2)
    show_names = handbook.names_visible(job.owner, school_class)
    book = handbook.handbook_of(school_class, semester, show_names=show_names, today=today)
    progress(1, 2)
    content = handbook_documents.handbook_pdf(book) if extension == "pdf" else handbook_documents.handbook_docx(book)
    audit_record(
        actor=job.owner,
        action="classwork.handbook.exported",
        target=school_class,
        target_label=str(school_class),
        changes={"semester": book.semester, "format": extension, "names": "full" if show_names else "masked"},
    )
    progress(2, 2)
    return book, content


def handbook_pdf_export(job: ExportJob, progress: Progress) -> ExportFile:
    book, content = build(job, progress, "pdf")
    return ExportFile(filename=handbook.filename(book, "pdf"), content=content, content_type=PDF_CONTENT_TYPE)


def handbook_docx_export(job: ExportJob, progress: Progress) -> ExportFile:
    book, content = build(job, progress, "docx")
    return ExportFile(filename=handbook.filename(book, "docx"), content=content, content_type=DOCX_CONTENT_TYPE)


register_export(PDF_KIND, handbook_pdf_export, action=ACTION)
register_export(DOCX_KIND, handbook_docx_export, action=ACTION)
