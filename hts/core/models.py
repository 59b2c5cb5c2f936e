"""Shared kernel: base model and the audit log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every record carries a public UUID (never a sequential id in URLs) and its timestamps."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


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
