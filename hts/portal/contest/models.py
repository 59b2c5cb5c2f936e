"""The essay contest (征文评比, 001 二 12: 教育局将定期开展班主任工作征文评比活动,并将优秀论文、案例结集出版).

A bureau (or a school) publishes a call; head teachers in its reach submit essays until the deadline;
the judges it names score each essay on an evaluation rubric seeing only its code (A-017), never the
author; the judges' points combine as evaluation's rounds combine them; the ranked list with its prizes
goes to 公示 with objections, then is final: certificates, the book of winning essays, the public page.

| step     | from       | to        | who                                                         |
| -------- | ---------- | --------- | ----------------------------------------------------------- |
| open     | draft      | open      | the organiser (with a rubric and at least one judge)        |
| judge    | open       | judging   | the organiser, after the submission deadline; judges told   |
| publish  | judging    | publicity | the organiser, every essay scored by every judge: ranked    |
| finalise | publicity  | final     | the organiser, after the 公示 days, no objection open        |
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.corps.objections.models import ObjectionBase
from hts.evaluation.rubrics.models import POINTS, RubricItem, RubricVersion
from hts.org.models import Region, School, Teacher


class Combination(models.TextChoices):
    # The same choices as evaluation's rounds: evaluation's combine() does the arithmetic.
    MEAN = "mean", _("Mean of the raters")
    TRIMMED = "trimmed", _("Mean without the highest and the lowest")


class Prize(models.TextChoices):
    FIRST = "first", pgettext_lazy("contest prize", "First prize")
    SECOND = "second", pgettext_lazy("contest prize", "Second prize")
    THIRD = "third", pgettext_lazy("contest prize", "Third prize")


class Contest(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("contest status", "Draft")
        OPEN = "open", pgettext_lazy("contest status", "Taking essays")
        JUDGING = "judging", pgettext_lazy("contest status", "Judging")
        PUBLICITY = "publicity", pgettext_lazy("contest status", "Public notice (公示)")
        FINAL = "final", pgettext_lazy("contest status", "Final results")

    title = models.CharField(pgettext_lazy("contest", "title"), max_length=100)
    theme = models.TextField(_("theme and requirements"), max_length=4000)
    # One category a line (论文, 案例, 教育叙事 …): an essay is entered in one of them.
    categories = models.TextField(_("categories (one a line)"), max_length=1000)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organiser_path = models.CharField(max_length=255, db_index=True, editable=False)
    opens_on = models.DateField(_("submissions open on"))
    closes_on = models.DateField(_("submissions close on (last day)"))
    judging_until = models.DateField(_("judging until"))
    publicity_days = models.PositiveSmallIntegerField(
        _("public notice (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    entries_per_author = models.PositiveSmallIntegerField(
        _("essays per author (at most)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    version = models.ForeignKey(RubricVersion, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="+")
    combination = models.CharField(
        _("combining the judges"), max_length=10, choices=Combination.choices, default=Combination.MEAN
    )
    first_prizes = models.PositiveSmallIntegerField(_("first prizes"), default=1, validators=[MaxValueValidator(100)])
    second_prizes = models.PositiveSmallIntegerField(_("second prizes"), default=2, validators=[MaxValueValidator(200)])
    third_prizes = models.PositiveSmallIntegerField(_("third prizes"), default=3, validators=[MaxValueValidator(300)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_on = models.DateField(_("results published on"), null=True, blank=True)
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    finalised_on = models.DateField(_("final on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("essay contest")
        verbose_name_plural = _("essay contests")
        constraints = [
            models.CheckConstraint(
                name="contest_one_organiser",
                condition=Q(region__isnull=False, school__isnull=True) | Q(region__isnull=True, school__isnull=False),
            ),
            models.CheckConstraint(
                name="contest_dates_ordered",
                condition=Q(opens_on__lte=models.F("closes_on")) & Q(closes_on__lt=models.F("judging_until")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.organiser_path

    @property
    def organiser_name(self) -> str:
        return self.school.name if self.school_id else self.region.name  # type: ignore[union-attr]

    def category_list(self) -> list[str]:
        return [c.strip() for c in self.categories.splitlines() if c.strip()]

    @property
    def prizes_total(self) -> int:
        return self.first_prizes + self.second_prizes + self.third_prizes


class Judge(models.Model):
    """A teacher the organiser named to judge; they see the essays by code only."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_judging")

    class Meta:
        ordering = ["contest", "id"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="contest_judge_unique")]

    def __str__(self) -> str:
        return str(self.user)


class Entry(TimeStampedModel):
    """One essay. ``code`` is all a judge sees of it; ``school`` is copied at submission."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="entries")
    author = models.ForeignKey(Teacher, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=10)
    category = models.CharField(_("category"), max_length=40)
    title = models.CharField(pgettext_lazy("essay", "title"), max_length=120)
    body = models.TextField(_("text"), blank=True, max_length=100_000)  # sanitised HTML
    total = models.DecimalField(_("total"), **POINTS, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    prize = models.CharField(_("prize"), max_length=10, choices=Prize.choices, blank=True)
    # An objection upheld in the 公示 takes the prize away; the essay stays in the ranking.
    prize_removed = models.BooleanField(_("prize removed after an objection"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)

    class Meta:
        ordering = ["contest", "code"]
        verbose_name = _("essay")
        verbose_name_plural = _("essays")
        constraints = [models.UniqueConstraint(fields=["contest", "code"], name="contest_entry_code_unique")]
        indexes = [models.Index(fields=["contest", "author"])]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.contest.organiser_path


class EntryDocument(StoredFileBase):
    """The essay as a document (docx or pdf), beside or instead of its text."""

    file_use = FileUse("portal.contest", kinds=("docx", "pdf"))

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="document")

    def storage_folder(self) -> str:
        return f"contest/{self.entry.uid}"


class EntryScore(models.Model):
    """One judge's points for one rubric item of one essay (evaluation's sheet fills it)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(0)])
    reason = models.CharField(_("comment"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("essay score")
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge", "item"], name="contest_score_unique"),
            models.CheckConstraint(name="contest_score_not_negative", condition=Q(points__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"


class ContestObjection(ObjectionBase):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="objections")

    class Meta(ObjectionBase.Meta):
        verbose_name = _("objection to a contest result")

    def audit_region_path(self) -> str:
        return self.entry.contest.organiser_path


class ContestBook(StoredFileBase):
    """The winning essays as one PDF book, made by a background export and public once final."""

    file_use = FileUse("portal.contest", kinds=("pdf",), cache_control="public, max-age=86400")

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="book")

    def storage_folder(self) -> str:
        return f"contest/{self.contest.uid}"
