"""Democratic rating (民主测评): anonymous ratings of a round's people by pupils, parents or colleagues."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hts.core.models import TimeStampedModel
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.evaluation.rubrics.models import RubricItem


class DemocraticRating(TimeStampedModel):
    """Anonymous ratings of a round's people by one audience, with a one-time token per rater.

    Anonymity: a response is stored apart from the token that allowed it (no link, no time, a random
    key), and results are shown only once ``min_responses`` have come in for a person."""

    class Audience(models.TextChoices):
        PUPILS = "pupils", _("Pupils")
        PARENTS = "parents", _("Parents")
        COLLEAGUES = "colleagues", _("Colleagues")

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="democratic_ratings")
    audience = models.CharField(_("who rates"), max_length=12, choices=Audience.choices)
    question = models.CharField(_("question"), max_length=200)
    scale = models.PositiveSmallIntegerField(
        _("highest mark"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    min_responses = models.PositiveSmallIntegerField(
        _("fewest responses shown"), default=10, validators=[MinValueValidator(3)]
    )
    # The rubric item the rating informs (for 001 附件2, item 21: 深受学生的爱戴和家长、社会的好评).
    item = models.ForeignKey(RubricItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closes_on = models.DateField(_("closes on"), null=True, blank=True)

    class Meta:
        ordering = ["round", "audience"]
        verbose_name = _("democratic rating")
        verbose_name_plural = _("democratic ratings")
        constraints = [models.UniqueConstraint(fields=["round", "audience"], name="democratic_rating_one_per_audience")]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_audience_display()}"

    def audit_region_path(self) -> str:
        return self.round.region_path


class RatingToken(models.Model):
    """A one-time link for one rater about one person. Only the token's hash is kept."""

    rating = models.ForeignKey(DemocraticRating, on_delete=models.CASCADE, related_name="tokens")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("rating token")
        verbose_name_plural = _("rating tokens")
        indexes = [models.Index(fields=["rating", "subject", "used"])]

    def __str__(self) -> str:
        return f"{self.rating_id}/{self.subject_id}"


class RatingResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rating = models.ForeignKey(DemocraticRating, on_delete=models.CASCADE, related_name="responses")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    mark = models.PositiveSmallIntegerField(_("mark"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rating response")
        verbose_name_plural = _("rating responses")
        indexes = [models.Index(fields=["rating", "subject"])]

    def __str__(self) -> str:
        return str(self.mark)
