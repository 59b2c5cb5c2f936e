"""The page of a background export: a progress bar that htmx refreshes until the file is ready, then
its download. Owner (or system administrator) only; anyone else gets 404."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hts.core.decorators import signed_in
from hts.core.jobs import export_job_get_for_user
from hts.core.models import ExportJob

# How often the page asks for news while the job is not finished.
POLL_SECONDS = 2


@never_cache
@signed_in
def job_status(request: HttpRequest, uid: UUID) -> HttpResponse:
    job = export_job_get_for_user(request.user, uid)
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if getattr(request, "htmx", False):
        return render(request, "core/_job_progress.html", context)
    return render(request, "core/job_status.html", context)


@signed_in
def job_download(request: HttpRequest, uid: UUID) -> FileResponse:
    job = export_job_get_for_user(request.user, uid)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        content_type=job.content_type or "application/octet-stream",
        as_attachment=True,
        filename=job.filename or job.file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
