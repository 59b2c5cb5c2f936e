"""Evaluation (考评): rubrics as data, rounds that score people against them, publication (公示) with
objections, and the grades and consequences that follow (001 section 10 and 附件2; 002 三 5; 000 第五条).

A rubric is a family of versions. A round scores against one version; a version that a round uses is
never edited again: editing it makes the next version (``rubric_version_edit``).

Round workflow (each transition is a service in services.py, logged in the workflow log):

| transition | from      | to        | who                                                       |
| ---------- | --------- | --------- | --------------------------------------------------------- |
| open       | draft     | open      | the organiser (school staff, bureau staff, studio host)   |
| close      | open      | closed    | the organiser; results are combined from the raters'      |
| publish    | closed    | published | the organiser; rankings and the objection period start    |
| finalise   | published | final     | the organiser, after the objection period and objections  |

A summary round (semester from months, year from semesters, 001 10) has no raters: closing it
sums the published results of its source rounds.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.evaluation.rubrics.models import POINTS, RubricItem, RubricVersion
from hts.org.models import Region, School, SchoolYear, Semester, Teacher
from hts.studios.models import Grade, Membership, Studio


class EvaluationRound(TimeStampedModel):
    class Period(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        SEMESTER = "semester", _("Semester")
        YEARLY = "yearly", _("Yearly")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Being scored")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published (公示)")
        FINAL = "final", _("Final")

    class Combination(models.TextChoices):
        MEAN = "mean", _("Mean of the raters")
        TRIMMED = "trimmed", _("Mean without the highest and the lowest")

    title = models.CharField(pgettext_lazy("evaluation round", "title"), max_length=120)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    semester = models.ForeignKey(
        Semester, verbose_name=_("semester"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), null=True, blank=True, help_text=_("The first day of the month."))
    # Who organises it: a school, a bureau (its region), or a studio. region_path is the organiser's
    # region, kept so the bureau above sees every round in its subtree with one filter.
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    studio = models.ForeignKey(
        Studio, null=True, blank=True, on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    region_path = models.CharField(max_length=255, db_index=True, editable=False)
    version = models.ForeignKey(
        RubricVersion, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="rounds"
    )
    combination = models.CharField(
        _("combining the raters"), max_length=10, choices=Combination.choices, default=Combination.MEAN
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # A summary round sums the published results of its sources (001 10: monthly → semester → year).
    sources = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="summaries")
    # Set on a summary only ("semester:school:7:31", see selectors.summary_key): unique, so an organiser
    # has one summary of a period however many requests create it at once (issue 13, 3).
    summary_key = models.CharField(max_length=80, blank=True, default="", editable=False)
    objection_days = models.PositiveSmallIntegerField(
        _("objection period (days)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    # Grade bounds as a share of the highest possible total, so that they hold for summed rounds too.
    excellent_from = models.DecimalField(
        _("excellent from (percent of the maximum)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    pass_from = models.DecimalField(
        _("qualified from (percent of the maximum)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # Set when an app above runs this round through its own pages (a competitive appointment's
    # speeches: "corps.appointment"); evaluation's lists leave it out and its pages do not publish it.
    owner = models.CharField(max_length=40, blank=True, default="", editable=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-school_year__starts_on", "-month", "-id"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.CheckConstraint(
                name="round_one_organiser",
                condition=Q(school__isnull=False, region__isnull=True, studio__isnull=True)
                | Q(school__isnull=True, region__isnull=False, studio__isnull=True)
                | Q(school__isnull=True, region__isnull=True, studio__isnull=False),
            ),
            models.CheckConstraint(
                name="round_period_has_its_dates",
                condition=Q(period="yearly")
                | Q(period="semester", semester__isnull=False)
                | Q(period="monthly", semester__isnull=False, month__isnull=False),
            ),
            models.CheckConstraint(
                name="round_grade_bounds_ordered", condition=Q(pass_from__lte=models.F("excellent_from"))
            ),
            # Conditional: the rounds that are not summaries all share the empty key.
            models.UniqueConstraint(
                fields=["summary_key"], condition=~Q(summary_key=""), name="round_one_summary_per_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation-round-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.region_path

    @property
    def is_summary(self) -> bool:
        return self.period != self.Period.MONTHLY and self.sources.exists()


class Rater(models.Model):
    """A member of the round's evaluation group (考评小组)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="raters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rater_in")
    submitted_at = models.DateTimeField(_("sheet submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("rater")
        verbose_name_plural = _("raters")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="rater_unique_in_round")]

    def __str__(self) -> str:
        return str(self.user)


class Subject(TimeStampedModel):
    """A person evaluated in a round, with their combined result once the round closes.

    ``school`` and ``district_path`` are copied when the person is added, so that a ranking stays as
    published when the teacher later moves school."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="subjects")
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="evaluations"
    )
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    district_path = models.CharField(max_length=255, db_index=True)
    total = models.DecimalField(_("total"), **POINTS, null=True, blank=True)
    rank_in_school = models.PositiveIntegerField(_("rank in school"), null=True, blank=True)
    rank_in_district = models.PositiveIntegerField(_("rank in district"), null=True, blank=True)
    grade = models.CharField(pgettext_lazy("result", "grade"), max_length=10, choices=Grade.choices, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["round", "rank_in_district", "id"]
        verbose_name = _("person evaluated")
        verbose_name_plural = _("people evaluated")
        constraints = [models.UniqueConstraint(fields=["round", "teacher"], name="subject_unique_in_round")]
        indexes = [models.Index(fields=["teacher", "round"])]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation-subject-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.round.region_path


class Score(models.Model):
    """One rater's points for one item of one person. ``proposed`` and ``evidence`` keep what the
    platform computed from records; a score that differs from the proposal carries a reason."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="scores")
    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    proposed = models.DecimalField(_("proposed"), **POINTS, null=True, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["subject", "rater", "item"], name="score_unique_per_rater_item"),
            models.CheckConstraint(name="score_not_negative", condition=Q(points__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.points}"


class ItemResult(models.Model):
    """The combined points of one item for one person, as published."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="item_results")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS)
    raters = models.PositiveSmallIntegerField(_("raters"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "item__number"]
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        constraints = [models.UniqueConstraint(fields=["subject", "item"], name="item_result_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"
