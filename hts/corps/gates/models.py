"""What the gates of 001 8 read besides org's service records and evaluation's failures: the club and
society work a school credits as head-teacher service, and the share of the yearly 优秀 a school
reserves for head teachers with the year's counts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.org.models import School, SchoolYear, Teacher


class CreditedService(TimeStampedModel):
    """001 8: 兴趣小组、社团活动 work the school counts as head-teacher service for a title application."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="credited_services"
    )
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"))
    what = models.CharField(_("work credited"), max_length=100, help_text=_("For example 书法兴趣小组辅导"))
    reason = models.CharField(_("reason for crediting it"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("credited service")
        verbose_name_plural = _("credited services")
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__gte=F("started_on")), name="credited_service_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.what} {self.started_on}–{self.ended_on}"

    def audit_region_path(self) -> str:
        return self.school.region.path


class ExcellentShare(TimeStampedModel):
    """001 8: 年度考核中的优秀等次要向班主任倾斜 — the share a school reserves, in percent."""

    school = models.OneToOneField(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="excellent_share"
    )
    percent = models.PositiveSmallIntegerField(
        _("share of 优秀 reserved for head teachers (percent)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("优秀 share for head teachers")
        verbose_name_plural = _("优秀 shares for head teachers")

    def __str__(self) -> str:
        return f"{self.school} {self.percent}%"

    def audit_region_path(self) -> str:
        return self.school.region.path


class ExcellentCount(TimeStampedModel):
    """The year's 优秀 list of a school's yearly appraisal, counted: all, and how many head teachers."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveIntegerField(_("teachers rated 优秀"))
    head_teachers = models.PositiveIntegerField(_("of whom head teachers"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("优秀 count")
        verbose_name_plural = _("优秀 counts")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="excellent_count_one_per_year"),
            models.CheckConstraint(condition=Q(head_teachers__lte=F("total")), name="excellent_count_part_of_total"),
        ]

    def __str__(self) -> str:
        # The audit log names the record by it ("ExcellentCount object" was English on a Chinese page).
        return f"{self.school} {self.school_year.label}"

    def audit_region_path(self) -> str:
        return self.school.region.path
