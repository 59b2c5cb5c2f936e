"""Background export jobs: a heavy export runs in a django-tasks task while its page shows progress.

An app declares an export in its module `export_jobs.py` (imported by CoreConfig.ready in every
installed app) with `register_export(kind, function, action=...)`. `export_job_start` checks the
action, records the job and enqueues `run_export_job` once the transaction commits; the task claims
the job with a conditional UPDATE (so two workers never run it twice), calls the function with a
`Progress` to report to, and stores the file through Django's storage API.

A job and its file belong to their owner: `export_job_get_for_user` answers 404 to anyone else
(a system administrator excepted), the same as for a missing job.

`core` sits below `accounts`, so it asks the permission matrix through `JobAccess`, which accounts
registers at start-up (`register_job_access` in AccountsConfig.ready). Until then every start is
refused and nobody counts as an administrator.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hts.core.audit import audit_record
from hts.core.models import ExportJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportFile:
    filename: str  # what the person's browser saves it as (may be Chinese)
    content: bytes | Path  # or a temporary file written by the export (large ones); deleted once stored
    content_type: str


class ExportError(Exception):
    """A failure the owner should read (in their language); any other exception shows a generic one."""


class Progress:
    """Reports "done of total" to the job row, at most every `interval` seconds (and always at the end)."""

    def __init__(self, job: ExportJob, interval: float = 0.5) -> None:
        self.job = job
        self.interval = interval
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        self.job.progress_done, self.job.progress_total = done, total
        ExportJob.objects.filter(pk=self.job.pk).update(progress_done=done, progress_total=total)


ExportFunction = Callable[[ExportJob, Progress], ExportFile]


@dataclass(frozen=True)
class ExportKind:
    function: ExportFunction
    action: str  # what the owner must be allowed to do (the permission matrix) to start it


EXPORTS: dict[str, ExportKind] = {}


@dataclass(frozen=True)
class JobAccess:
    require: Callable[[Any, str], None]  # raises PermissionDenied unless the user may do the action
    is_admin: Callable[[Any], bool]  # may see and download every job


def _refuse(user: Any, action: str) -> None:
    raise PermissionDenied


_access: dict[str, JobAccess] = {"checker": JobAccess(require=_refuse, is_admin=lambda user: False)}


def register_job_access(*, require: Callable[[Any, str], None], is_admin: Callable[[Any], bool]) -> None:
    """Called once at start-up by the app that owns the permission matrix (accounts)."""
    _access["checker"] = JobAccess(require=require, is_admin=is_admin)


def register_export(kind: str, function: ExportFunction, *, action: str) -> None:
    EXPORTS[kind] = ExportKind(function=function, action=action)


def export_job_start(*, actor: Any, kind: str, label: str, params: dict[str, Any]) -> ExportJob:
    """Record a queued job for `actor` and run it in the background once this transaction commits."""
    if kind not in EXPORTS:
        raise ValueError(f"Unknown export {kind!r}")
    _access["checker"].require(actor, EXPORTS[kind].action)
    with transaction.atomic():
        # The file is written in the language of the page that asked for it.
        params = {**params, "language": translation.get_language() or settings.LANGUAGE_CODE}
        job = ExportJob.objects.create(owner=actor, kind=kind, label=label[:200], params=params)
        audit_record(
            actor=actor, action="core.export_job.started", target=job, changes={"kind": kind, "params": params}
        )
        transaction.on_commit(lambda: run_export_job.enqueue(str(job.uid)))
    return job


def _storage_name(filename: str) -> str:
    # The stored name is plain ASCII; the person's file name is kept on the row for the download.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"export.{re.sub(r'[^A-Za-z0-9]', '', extension)[:8] or 'bin'}"


@task()
def run_export_job(job_uid: str) -> None:
    """Load the job, claim it, run its export function and store the file (or the reason it failed)."""
    claimed = ExportJob.objects.filter(uid=job_uid, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # already run (or running) elsewhere, or gone
    job = ExportJob.objects.select_related("owner").get(uid=job_uid)
    try:
        kind = EXPORTS[job.kind]
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            result = kind.function(job, Progress(job))
    except Exception as error:
        logger.exception("Export job %s (%s) failed", job.uid, job.kind)
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            message = str(error) if isinstance(error, ExportError) else _("The export failed. Please try again later.")
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
        )
        return
    if isinstance(result.content, Path):
        try:
            with result.content.open("rb") as stream:
                job.file.save(_storage_name(result.filename), File(stream), save=False)
        finally:
            result.content.unlink(missing_ok=True)
    else:
        job.file.save(_storage_name(result.filename), ContentFile(result.content), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file=job.file.name,
        filename=result.filename[:200],
        content_type=result.content_type[:100],
        progress_done=job.progress_total or 1,
        progress_total=job.progress_total or 1,
        finished_at=timezone.now(),
    )


def export_job_get_for_user(user: Any, uid: Any) -> ExportJob:
    """The job if `user` owns it (or administers the platform); 404 otherwise, as for a missing one."""
    job = ExportJob.objects.filter(uid=uid).first()
    if job is None or (job.owner_id != user.pk and not _access["checker"].is_admin(user)):
        raise Http404
    return job
