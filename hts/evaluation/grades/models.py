"""Grades and their consequences: a studio member's semester grade (002 5) and a failing yearly
head-teacher result (001 10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.evaluation.rounds.models import Subject
from hts.org.models import SchoolYear, Semester, Teacher
from hts.studios.models import Grade, Membership


class MemberGrade(TimeStampedModel):
    """A studio member's semester grade (002 5: 优秀 / 合格 / 不合格). 不合格 puts the member in the
    host's rotation-out step (studios: membership_end how="rotated_out")."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="grades")
    semester = models.ForeignKey(Semester, verbose_name=_("semester"), on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(pgettext_lazy("result", "grade"), max_length=10, choices=Grade.choices)
    subject = models.ForeignKey(Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-semester__starts_on", "membership"]
        verbose_name = _("member's semester grade")
        verbose_name_plural = _("members' semester grades")
        constraints = [models.UniqueConstraint(fields=["membership", "semester"], name="member_grade_one_per_semester")]

    def audit_region_path(self) -> str:
        return self.membership.studio.host_school.region.path


class YearlyFailure(TimeStampedModel):
    """A failing yearly head-teacher result (001 10): reported to the bureau; the qualification
    certificate is marked for revocation once the bureau confirms; no honours or promotion that year."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported to the bureau")
        CONFIRMED = "confirmed", _("Confirmed by the bureau; certificate to be revoked")
        WITHDRAWN = "withdrawn", _("Withdrawn after checking")

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="yearly_failures")
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.OneToOneField(Subject, on_delete=models.PROTECT, related_name="yearly_failure")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    certificate_revocation = models.BooleanField(_("certificate marked for revocation"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("failing yearly result")
        verbose_name_plural = _("failing yearly results")
        constraints = [models.UniqueConstraint(fields=["teacher", "school_year"], name="yearly_failure_one_per_year")]

    def audit_region_path(self) -> str:
        return self.teacher.school.region.path
