"""A person's growth archive as one PDF (A4, cover, table of contents, every item the exporter may
read), built in the background: the job re-reads through the same visibility helper as the pages,
as its owner, so an export never shows more than the timeline does."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hts.archives import selectors
from hts.archives.models import ArchiveItem
from hts.core.jobs import ExportError, ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.pdf import render_pdf
from hts.studios.models import Membership

KIND = "archives.person_pdf"


def archive_document(user: Any, teacher_uid: Any, progress: Progress | None = None) -> bytes:
    try:
        teacher = selectors.teacher_get(user, teacher_uid)
    except Http404 as error:
        raise ExportError(_("This archive is not available to you.")) from error
    items: list[ArchiveItem] = list(
        selectors.visible_items(user).filter(owner_teacher=teacher).prefetch_related("files").order_by("date", "id")
    )
    if progress:
        progress(0, 1)
    studios = [
        m.studio.name
        for m in Membership.objects.filter(teacher=teacher, status=Membership.Status.ACTIVE).select_related("studio")
    ]
    # An official record: Chinese whatever the exporter's language.
    with translation.override("zh-hans"):
        pdf = render_pdf(
            "archives/documents/archive.html",
            {"teacher": teacher, "items": items, "studios": studios, "made_on": timezone.localdate()},
        )
    if progress:
        progress(1, 1)
    return pdf


def person_archive_export(job: ExportJob, progress: Progress) -> ExportFile:
    content = archive_document(job.owner, job.params.get("teacher", ""), progress)
    name = job.params.get("name", "")
    return ExportFile(filename=f"{name}成长档案.pdf", content=content, content_type="application/pdf")


register_export(KIND, person_archive_export, action="archive.view")
