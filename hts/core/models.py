"""Shared kernel: base models (time-stamped, stored file), the audit log, workflow transitions and
background export jobs."""

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hts.core.files import FileUse


class TimeStampedModel(models.Model):
    """Every record carries a public UUID (never a sequential id in URLs) and its timestamps."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def stored_file_path(instance: "StoredFileBase", filename: str) -> str:
    """A random name in the row's folder. Of the given name only a short, plain extension is kept
    (``stored_file_accept`` passes the sniffed kind's), so no user-chosen text reaches the path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not (extension.isascii() and extension.isalnum() and len(extension) <= 5):
        extension = "bin"
    return f"{instance.storage_folder()}/{uuid.uuid4().hex}.{extension}"


def stored_thumbnail_path(instance: "StoredFileBase", filename: str) -> str:
    """Beside the file, under its random name: <folder>/<random>.thumb.jpg."""
    return f"{instance.file.name.rsplit('.', 1)[0]}.thumb.jpg"


class StoredFileBase(TimeStampedModel):
    """An uploaded file of some record, served only through a permission check (hts/core/files.py).

    Abstract: each app keeps its own table, with its own foreign key to what the file belongs to
    and its own permission scope. A concrete table sets ``file_use`` (what it accepts, its size
    limit's key, thumbnails) and ``storage_folder`` (the folder under its owner's uid)."""

    file_use: ClassVar["FileUse"]

    file = models.FileField(upload_to=stored_file_path, max_length=200)
    thumbnail = models.FileField(upload_to=stored_thumbnail_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(max_length=10)  # a key of hts.core.files.KINDS, from the content
    size = models.PositiveBigIntegerField()
    is_image = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def storage_folder(self) -> str:
        raise NotImplementedError


class AuditEntry(models.Model):
    """One thing that happened: who, when, what, to which object.

    Append-only. `region_path` is the materialised path of the region the event belongs to, so
    bureau staff see their subtree's entries with one indexed prefix match.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"


class WorkflowTransition(models.Model):
    """Who moved which record from which state to which, when, and why. Append-only."""

    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    from_state = models.CharField(_("from"), max_length=32)
    to_state = models.CharField(_("to"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("workflow transition")

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} {self.from_state}→{self.to_state}"


def export_path(instance: "ExportJob", filename: str) -> str:
    # Under the job's random uid: the file is reached only through the owner's download view.
    return f"exports/{instance.uid}/{filename}"


class ExportJob(TimeStampedModel):
    """A heavy export run in the background: queued → running → done | failed.

    Only its owner (or a system administrator) sees its page and downloads its file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("type"), max_length=64)
    label = models.CharField(_("export"), max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export job")
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(status="done") | ~models.Q(file=""), name="export_done_has_file")
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("core-job-status", kwargs={"uid": self.uid})

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


from hts.core.search.models import SearchEntry  # noqa: E402, F401  (the search index; its own module)
