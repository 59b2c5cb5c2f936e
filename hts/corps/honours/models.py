"""Honours selection of 001 二 10: the county's yearly 优秀班主任 / 先进班集体 and a school's own
(明星班主任, 班主任标兵). A call sets quotas per school; schools nominate; each nomination carries the
eligibility checks it passed; a panel scores; the ranked list goes to 公示 with objections; the final
list lands in the teachers' records as org Honour rows."""

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
from hts.corps.objections.models import ObjectionBase
from hts.org.models import Honour, Level, Region, School, SchoolClass, SchoolYear, Teacher
from hts.studios.models import Grade


class HonourCall(TimeStampedModel):
    """A 评选通知, organised by a bureau (region) or by a school."""

    class Kind(models.TextChoices):
        PERSON = "person", _("A head teacher")
        CLASS = "class", _("A class")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOMINATING = "nominating", _("Taking nominations")
        REVIEW = "review", _("Panel review")
        PUBLICITY = "publicity", _("Public notice (公示)")
        FINAL = "final", _("Final list")

    title = models.CharField(pgettext_lazy("honour", "title"), max_length=100)
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("who is honoured"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # Exactly one organiser: a bureau's region or a school. `organiser_path` is the region path the
    # scope reads (the school's region for a school's own call).
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organiser_path = models.CharField(max_length=255, db_index=True, editable=False)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    # The call's own conditions; empty: not asked.
    min_service_years = models.PositiveSmallIntegerField(
        _("at least (years as head teacher)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    min_yearly_grade = models.CharField(
        _("yearly grade at least"),
        max_length=10,
        blank=True,
        choices=[(Grade.EXCELLENT, Grade.EXCELLENT.label), (Grade.QUALIFIED, Grade.QUALIFIED.label)],
    )
    places = models.PositiveSmallIntegerField(
        _("honours to award"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    nominations_until = models.DateField(_("nominations close on"))
    review_until = models.DateField(_("panel scoring ends on"))
    objection_days = models.PositiveSmallIntegerField(
        _("public notice (days)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    finalised_on = models.DateField(_("final on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-school_year__starts_on", "-created_at"]
        verbose_name = _("honours call")
        verbose_name_plural = _("honours calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, school__isnull=False) | Q(region__isnull=False, school__isnull=True),
                name="corps_honour_call_one_organiser",
            ),
            # Two calls of one name from one organiser in one year would be told apart by nobody
            # (nominations, notices and certificates name the call by its title).
            models.UniqueConstraint(
                fields=["region", "school_year", "title"],
                condition=Q(region__isnull=False),
                name="corps_honour_call_title_once_region",
                violation_error_message=_("This organiser already has a call of this name in this school year."),
            ),
            models.UniqueConstraint(
                fields=["school", "school_year", "title"],
                condition=Q(school__isnull=False),
                name="corps_honour_call_title_once_school",
                violation_error_message=_("This organiser already has a call of this name in this school year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.school_year.label}"

    def audit_region_path(self) -> str:
        return self.organiser_path

    @property
    def organiser_name(self) -> str:
        return self.school.name if self.school_id else self.region.name  # type: ignore[union-attr]


class HonourQuota(models.Model):
    """How many a school may nominate in a call."""

    call = models.ForeignKey(HonourCall, on_delete=models.CASCADE, related_name="quotas")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    places = models.PositiveSmallIntegerField(_("nominations allowed"), validators=[MaxValueValidator(1000)])

    class Meta:
        ordering = ["school__name", "pk"]
        verbose_name = _("nomination quota")
        verbose_name_plural = _("nomination quotas")
        constraints = [models.UniqueConstraint(fields=["call", "school"], name="corps_honour_quota_unique")]

    def __str__(self) -> str:
        return f"{self.school_id}: {self.places}"

    def audit_region_path(self) -> str:
        return self.call.organiser_path


class PanelMember(models.Model):
    call = models.ForeignKey(HonourCall, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("panel member"), on_delete=models.PROTECT)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="corps_honour_panel_unique")]

    def __str__(self) -> str:
        return str(self.user)


class Nomination(TimeStampedModel):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PROPOSED = "proposed", _("On the list in public notice")
        NOT_SELECTED = "not_selected", _("Not selected")
        REMOVED = "removed", _("Removed after an objection")
        AWARDED = "awarded", _("Awarded")

    call = models.ForeignKey(HonourCall, on_delete=models.PROTECT, related_name="nominations")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    # The person honoured, or the head teacher of the class honoured (the record lands on them).
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="honour_nominations"
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField(_("deeds (事迹)"), max_length=4000)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NOMINATED)
    # Each eligibility rule checked when nominated: [{"rule", "label", "ok", "reason"}].
    checks = models.JSONField(default=list)
    score = models.DecimalField(_("mean score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    honour = models.OneToOneField(Honour, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["rank", "school__name", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "teacher"],
                condition=Q(school_class__isnull=True) & ~Q(status="withdrawn"),
                name="corps_nomination_person_once",
            ),
            models.UniqueConstraint(
                fields=["call", "school_class"],
                condition=Q(school_class__isnull=False) & ~Q(status="withdrawn"),
                name="corps_nomination_class_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_label} · {self.call_id}"

    @property
    def nominee_label(self) -> str:
        if self.school_class_id:
            return f"{self.school_class} ({self.teacher.name})"
        return self.teacher.name

    def audit_region_path(self) -> str:
        return self.school.region.path


class PanelScore(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="corps_panel_score_once")]

    def __str__(self) -> str:
        return f"{self.nomination_id}/{self.member_id}: {self.points}"


class HonourObjection(ObjectionBase):
    class Status(models.TextChoices):
        # The shared states; an upheld one here also takes the nominee off the list.
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: removed from the list")
        DISMISSED = "dismissed", _("Dismissed")

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="objections")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta(ObjectionBase.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.status}"

    def audit_region_path(self) -> str:
        return self.nomination.call.organiser_path
