"""Trainee and assistant posts (001 二 4): 新上岗的中小学教师,必须担任见习班主任或班主任助理至少一年.

Each post is a dated record on a class. The class's `deputy` (org) is today's assistant: the open
assistant post of the class, which the services here keep in step (and the class form, through org's
deputy listener, the other way round).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.org.models import SchoolClass, Teacher


class TraineeKind(models.TextChoices):
    TRAINEE = "trainee", _("Trainee head teacher")
    ASSISTANT = "assistant", _("Head-teacher assistant")


class TraineePost(TimeStampedModel):
    """One teacher's trainee or assistant post on a class; `ended_on` empty: still serving."""

    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="trainee_posts"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="trainee_posts"
    )
    kind = models.CharField(pgettext_lazy("trainee", "post"), max_length=10, choices=TraineeKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("trainee or assistant post")
        verbose_name_plural = _("trainee and assistant posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="corps_trainee_post_ends_after_start",
            ),
            # The class has one deputy: two open assistant posts would be a double click.
            models.UniqueConstraint(
                fields=["school_class"],
                condition=Q(kind="assistant", ended_on__isnull=True),
                name="corps_one_open_assistant_per_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.school_class} · {self.started_on}–{self.ended_on or ''}"

    def audit_region_path(self) -> str:
        return self.school_class.school.region.path
