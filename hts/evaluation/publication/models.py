"""Publication (公示): a published result changes only by a correction; a person may object to it
within the objection period."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.evaluation.rounds.models import Subject
from hts.evaluation.rubrics.models import POINTS, RubricItem


class Correction(TimeStampedModel):
    """A change to a published result: the only way one changes (with who, when and why)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="corrections")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    old_points = models.DecimalField(_("before"), **POINTS)
    new_points = models.DecimalField(_("after"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    reason = models.CharField(_("reason"), max_length=300)
    objection = models.ForeignKey(
        "Objection", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [models.CheckConstraint(name="correction_has_reason", condition=~Q(reason=""))]


class Objection(TimeStampedModel):
    """A person's objection (异议) to their published result, raised within the objection period."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="objections")
    item = models.ForeignKey(RubricItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(name="objection_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(name="objection_decided_has_outcome", condition=Q(status="open") | ~Q(outcome="")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("evaluation-objection-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.subject.round.region_path
