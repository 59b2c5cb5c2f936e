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

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.org.models import Region, School, SchoolYear, Semester, Teacher
from hts.studios.models import Grade, Membership, Studio

POINTS = {"max_digits": 6, "decimal_places": 2}


class RubricKind(models.TextChoices):
    HEAD_TEACHER = "head_teacher", _("Head teacher's work")
    STUDIO_MEMBER = "studio_member", _("Studio member")
    LESSON = "lesson", _("Lesson observation")
    CLASS_MEETING = "class_meeting", _("Class-meeting observation")


class Rubric(TimeStampedModel):
    """A rubric family. Built-in ones (``builtin_code`` set, no owner) are read-only; bureau and school
    staff copy them into their own region or school and edit the copy."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=RubricKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="rubrics"
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT, related_name="rubrics"
    )
    builtin_code = models.CharField(_("built-in code"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    copied_from = models.ForeignKey(
        "RubricVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.CheckConstraint(
                name="rubric_one_owner_or_builtin",
                condition=(Q(region__isnull=False, school__isnull=True, builtin_code=""))
                | (Q(region__isnull=True, school__isnull=False, builtin_code=""))
                | (Q(region__isnull=True, school__isnull=True) & ~Q(builtin_code="")),
            ),
            models.UniqueConstraint(
                fields=["builtin_code"], condition=~Q(builtin_code=""), name="rubric_builtin_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation-rubric-detail", kwargs={"uid": self.uid})

    @property
    def is_builtin(self) -> bool:
        return bool(self.builtin_code)

    def audit_region_path(self) -> str:
        if self.region_id:
            return self.region.path
        if self.school_id:
            return self.school.region.path
        return ""


class RubricVersion(TimeStampedModel):
    """One version of a rubric. A draft is edited freely; an active one is frozen, and editing it
    makes the next draft. Rounds use active versions only."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In use")
        RETIRED = "retired", _("Retired")

    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    class Meta:
        ordering = ["rubric", "-number"]
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        constraints = [models.UniqueConstraint(fields=["rubric", "number"], name="rubric_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.rubric.name} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation-version-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.rubric.audit_region_path()


class RubricSection(models.Model):
    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=100)
    max_points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    method = models.CharField(_("method of checking"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("rubric section")
        verbose_name_plural = _("rubric sections")
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="rubric_section_unique_position")]

    def __str__(self) -> str:
        return self.title


class Computation(models.TextChoices):
    """Records from which the platform proposes an item's score (evidence.py)."""

    STUDY_NOTES = "study_notes", _("Length of study notes in the semester")
    RESEARCH = "research", _("Research and papers, weighted by level")
    HONOURS = "honours", _("Honours and awards, weighted by level")
    TRAINING = "training", _("Attendance at training")
    ACTIVITIES = "activities", _("Activities given or organised")
    PLANS = "plans", _("Work plan and summary each semester")
    DEMOCRATIC = "democratic", _("Democratic rating")


class RubricItem(models.Model):
    class Scoring(models.TextChoices):
        MANUAL = "manual", _("Scored by hand")
        COMPUTED = "computed", _("Proposed from records")

    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(RubricSection, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("content"), max_length=1000)
    max_points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    method = models.CharField(_("method of checking"), max_length=300, blank=True)
    scoring = models.CharField(_("scoring"), max_length=10, choices=Scoring.choices, default=Scoring.MANUAL)
    computation = models.CharField(_("computed from"), max_length=20, choices=Computation.choices, blank=True)
    # Parameters of the computation (thresholds, points per unit, kinds counted); see evidence.py.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    level_weighted = models.BooleanField(_("weighted by level"), default=False)

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="rubric_item_unique_number"),
            models.CheckConstraint(
                name="rubric_item_computed_has_source", condition=Q(scoring="manual") | ~Q(computation="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    @property
    def method_text(self) -> str:
        return self.method or self.section.method


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

    title = models.CharField(_("title"), max_length=120)
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
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)

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


# Democratic rating (民主测评) -------------------------------------------------------------------------


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


# Lesson and class-meeting observation (听评课, 班会观摩) ------------------------------------------------


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


# Grades and their consequences ------------------------------------------------------------------------


class MemberGrade(TimeStampedModel):
    """A studio member's semester grade (002 5: 优秀 / 合格 / 不合格). 不合格 puts the member in the
    host's rotation-out step (studios: membership_end how="rotated_out")."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="grades")
    semester = models.ForeignKey(Semester, verbose_name=_("semester"), on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
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
