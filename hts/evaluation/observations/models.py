"""Lesson and class-meeting observation (听评课, 班会观摩)."""

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
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rubrics.models import POINTS, RubricItem, RubricVersion
from hts.org.models import School, Teacher
from hts.studios.models import Studio


class Observation(TimeStampedModel):
    """Several observers score one lesson or class meeting on a rubric; the combined result is filed
    in the observed teacher's growth archive when the organiser closes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Observers scoring")
        CLOSED = "closed", _("Closed and filed")

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher observed"), on_delete=models.PROTECT, related_name="observations"
    )
    version = models.ForeignKey(
        RubricVersion, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="observations"
    )
    studio = models.ForeignKey(Studio, null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="observations")
    topic = models.CharField(_("topic"), max_length=120)
    class_name = models.CharField(_("class"), max_length=40, blank=True)
    held_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    combination = models.CharField(
        _("combining the observers"),
        max_length=10,
        choices=EvaluationRound.Combination.choices,
        default=EvaluationRound.Combination.MEAN,
    )
    total = models.DecimalField(_("total"), **POINTS, null=True, blank=True)
    archive_item = models.ForeignKey(
        "archives.ArchiveItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("evaluation-observation-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.school.region.path


class Observer(models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="observers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observer_in")
    comment = models.TextField(_("comments"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("observer")
        verbose_name_plural = _("observers")
        constraints = [models.UniqueConstraint(fields=["observation", "user"], name="observer_unique")]

    def __str__(self) -> str:
        return str(self.user)


class ObservationScore(models.Model):
    observer = models.ForeignKey(Observer, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(Decimal("0"))])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["observer", "item"], name="observation_score_unique"),
            models.CheckConstraint(name="observation_score_not_negative", condition=Q(points__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"
