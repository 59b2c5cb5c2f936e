"""Background exports of growth archives (hts.core.jobs): a person's archive as a PDF and as a zip,
and the studio's compilation of results (成果集, policy 003) as one PDF book.

Every job re-reads through the same scope helpers as the pages, as its owner, so an export never
shows more than the pages do, even if the owner's roles changed since the job was queued.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import get_scoped_or_404
from hts.archives import documents, selectors
from hts.archives.models import ArchiveItem
from hts.core.jobs import ExportError, ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.studios.models import Membership, Studio

KIND = "archives.person_pdf"
ZIP_KIND = "archives.person_zip"
COMPILATION_KIND = "archives.compilation_pdf"


def _teacher(user: Any, teacher_uid: Any) -> Any:
    try:
        return selectors.teacher_get(user, teacher_uid)
    except Http404 as error:
        raise ExportError(_("This archive is not available to you.")) from error


def _person_items(user: Any, teacher: Any) -> list[ArchiveItem]:
    return list(
        selectors.visible_items(user).filter(owner_teacher=teacher).prefetch_related("files").order_by("date", "id")
    )


def archive_document(user: Any, teacher_uid: Any, progress: Progress | None = None) -> bytes:
    teacher = _teacher(user, teacher_uid)
    items = _person_items(user, teacher)
    if progress:
        progress(0, 1)
    studios = [
        m.studio.name
        for m in Membership.objects.filter(teacher=teacher, status=Membership.Status.ACTIVE).select_related("studio")
    ]
    pdf = documents.person_pdf(
        {"teacher": teacher, "items": items, "studios": studios, "made_on": timezone.localdate()}
    )
    if progress:
        progress(1, 1)
    return pdf


def person_archive_export(job: ExportJob, progress: Progress) -> ExportFile:
    content = archive_document(job.owner, job.params.get("teacher", ""), progress)
    name = job.params.get("name", "")
    return ExportFile(filename=f"{name}成长档案.pdf", content=content, content_type="application/pdf")


def person_zip_export(job: ExportJob, progress: Progress) -> ExportFile:
    teacher = _teacher(job.owner, job.params.get("teacher", ""))
    items = _person_items(job.owner, teacher)
    progress(0, 1)
    path = documents.person_zip(teacher, items)
    return ExportFile(filename=f"{teacher.name}成长档案.zip", content=path, content_type="application/zip")


def compilation_studio(user: Any, uid: Any) -> Studio:
    """The studio whose compilation `user` may build: studio.export reaching it (404 otherwise)."""
    return get_scoped_or_404(
        user, "studio.export", Studio.objects.select_related("batch", "host_school", "host"), uid=uid
    )


def compilation_document(user: Any, studio_uid: Any, progress: Progress | None = None) -> bytes:
    """The 成果集: cover, contents, a chapter per team member (host first), the research projects."""
    from hts.research.models import Achievement, ResearchProject
    from hts.research.weights import weights_for

    try:
        studio = compilation_studio(user, studio_uid)
    except Http404 as error:
        raise ExportError(_("This studio is not available to you.")) from error
    team = selectors.compilation_team(studio)
    total = len(team) + 1  # one step per chapter, one for the book itself
    chapters = []
    weights: dict[int, Any] = {}
    for done, membership in enumerate(team):
        if progress:
            progress(done, total)
        teacher = membership.teacher
        achievements = list(
            Achievement.objects.filter(owner=teacher, status=Achievement.Status.VERIFIED)
            .select_related("owner__school__region")
            .order_by("achieved_on", "id")
        )
        for achievement in achievements:
            region = achievement.owner.school.region
            if region.pk not in weights:
                weights[region.pk] = weights_for(region)
            achievement.weight = weights[region.pk][achievement.level]  # type: ignore[attr-defined]
        chapters.append(
            {
                "membership": membership,
                "teacher": teacher,
                "items": selectors.compilation_items(user, membership),
                "achievements": achievements,
            }
        )
    if progress:
        progress(len(team), total)
    projects = list(
        ResearchProject.objects.filter(studio=studio).select_related("lead").prefetch_related("members")
        .order_by("starts_on", "id")
    )  # fmt: skip
    batch = studio.batch
    pdf = documents.compilation_pdf(
        {
            "studio": studio,
            "batch": batch,
            "period": f"{batch.start_year}–{batch.end_year}",
            "chapters": chapters,
            "projects": projects,
            "made_on": timezone.localdate(),
        }
    )
    if progress:
        progress(total, total)
    return pdf


def compilation_export(job: ExportJob, progress: Progress) -> ExportFile:
    content = compilation_document(job.owner, job.params.get("studio", ""), progress)
    name = job.params.get("name", "")
    return ExportFile(filename=f"{name}成果集.pdf", content=content, content_type="application/pdf")


register_export(KIND, person_archive_export, action="archive.view")
register_export(ZIP_KIND, person_zip_export, action="archive.view")
register_export(COMPILATION_KIND, compilation_export, action="studio.export")
