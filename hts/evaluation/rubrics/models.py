"""Rubrics as data: a rubric is a family of versions. A round scores against one version; a version
that a round uses is never edited again: editing it makes the next version (``rubric_version_edit``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.models import TimeStampedModel
from hts.org.models import Region, School

POINTS = {"max_digits": 6, "decimal_places": 2}


class RubricKind(models.TextChoices):
    HEAD_TEACHER = "head_teacher", _("Head teacher's work")
    STUDIO_MEMBER = "studio_member", _("Studio member")
    LESSON = "lesson", _("Lesson observation")
    CLASS_MEETING = "class_meeting", _("Class-meeting observation")
    # The speeches of a competitive appointment (竞聘上岗, 001 二 6), scored by its panel.
    SPEECH = "speech", _("Appointment speech")
    # The essays of a contest (征文评比, 001 二 12), scored anonymously by its judges (hts.portal.contest).
    ESSAY = "essay", _("Contest essay")


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

    def picker_label(self) -> str:
        """What a rubric picker shows: a region's copy of a built-in rubric keeps its name, so the
        owner and the day the version was made tell the two apart (select rubric__region and
        rubric__school with the versions)."""
        rubric = self.rubric
        owner = rubric.school or rubric.region
        return _("%(name)s v%(number)s (%(owner)s, %(date)s)") % {
            "name": rubric.name,
            "number": self.number,
            "owner": owner.name if owner is not None else _("built-in"),
            "date": self.created_at.date().isoformat(),
        }

    def get_absolute_url(self) -> str:
        return reverse("evaluation-version-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.rubric.audit_region_path()


class RubricSection(models.Model):
    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(pgettext_lazy("rubric section", "title"), max_length=100)
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
    GUIDANCE = "guidance", _("Hours of guidance given to young head teachers")
    # Read from the class work log (evidence_classwork.py), held to the region's ClassworkPolicy.
    LOG_SAFETY = "log_safety", _("Class log: safety education and outing plans")
    LOG_PLANS = "log_plans", _("Class log: semester plan and summary")
    LOG_MONTHLY = "log_monthly", _("Class log: monthly entries (blackboard issues)")
    LOG_INCIDENTS = "log_incidents", _("Class log: incidents and how they were handled")
    LOG_HOME_SCHOOL = "log_home_school", _("Class log: parent meetings and home visits")
    LOG_LEFT_BEHIND = "log_left_behind", _("Class log: left-behind children visited and their files")
    LOG_CADRE = "log_cadre", _("Class log: class-cadre meetings")
    LOG_PUPILS_KNOWN = "log_pupils_known", _("Class log: pupils visited with what was learnt")


class RubricItem(models.Model):
    class Scoring(models.TextChoices):
        MANUAL = "manual", _("Scored by hand")
        COMPUTED = "computed", _("Proposed from records")

    class LevelCounting(models.TextChoices):
        # 001 附件2 items 17 and 23: the weight of the result's level scales the item's points.
        BEST = "best", _("Item's points times the weight of the best verified result")
        # Not 001's reading; kept for a staff copy that wants it: ``per_unit`` points per result, summed.
        PER_RESULT = "per_result", _("Points per result times its weight, added up to the item's points")

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
    level_counting = models.CharField(
        _("counting of weighted results"), max_length=10, choices=LevelCounting.choices, default=LevelCounting.BEST
    )

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
