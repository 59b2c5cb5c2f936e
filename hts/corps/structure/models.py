"""A school's own head-teacher structure (001 二 3, 7): its 首席班主任 and its mentoring pairs
(班主任导师制 / 青蓝结对) with the mentor's dated guidance sessions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.org.models import School, Teacher


class ChiefHeadTeacher(TimeStampedModel):
    """One dated appointment as the school's 首席班主任; `ended_on` empty: current."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("chief head teacher")
        verbose_name_plural = _("chief head teachers")
        constraints = [
            # 001 二 3 names one 首席班主任 per school: two current appointments would be a double click.
            models.UniqueConstraint(
                fields=["school"], condition=Q(ended_on__isnull=True), name="corps_one_current_chief_per_school"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="corps_chief_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.started_on}–{self.ended_on or ''}"

    def audit_region_path(self) -> str:
        return self.school.region.path


class MentorPair(TimeStampedModel):
    """An experienced head teacher guiding a young one or an assistant, for a dated period."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(
        Teacher, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentor_pairs_as_mentor"
    )
    mentee = models.ForeignKey(
        Teacher, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="mentor_pairs_as_mentee"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="corps_pair_two_people"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="corps_pair_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"], condition=Q(ended_on__isnull=True), name="corps_one_open_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    def audit_region_path(self) -> str:
        return self.school.region.path


class GuidanceSession(TimeStampedModel):
    """A guidance session the mentor held with the mentee: it counts for 附件2 item 18."""

    pair = models.ForeignKey(
        MentorPair, verbose_name=_("mentoring pair"), on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(pgettext_lazy("guidance", "topic"), max_length=100)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def audit_region_path(self) -> str:
        return self.pair.school.region.path
