"""Head-teacher ranks (职级/星级, 001 二 5) and the monthly allowance by rank (班主任津贴, 001 三 9).

001 lets each school set its own rank scheme (三级 or 星级) judged on years in post, yearly grades,
achievements, education, professional title and training; the county may set a default. A scheme
belongs to a region (its subregions' schools follow it) or to one school (which then ignores the
region's). Each rank lists typed criteria read from the records. A teacher's ranks are dated
decisions kept as history; the allowance per rank is the school's, and a month's roll is frozen once
exported: a later change makes a new version beside it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.corps.certificates.models import CertificateKind
from hts.org.models import Region, School, Teacher


class RankScheme(TimeStampedModel):
    class Kind(models.TextChoices):
        LEVELS = "levels", _("Levels (一级, 二级, 三级)")
        STARS = "stars", _("Stars")

    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="rank_scheme", verbose_name=_("region")
    )
    school = models.OneToOneField(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="rank_scheme", verbose_name=_("school")
    )
    # The owner's region path, kept so that the bureau above reaches a school's scheme by one filter.
    region_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind of ranks"), max_length=10, choices=Kind.choices, default=Kind.LEVELS)
    name = models.CharField(pgettext_lazy("rank scheme", "name"), max_length=60)
    template = models.CharField(_("template"), max_length=40, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rank scheme")
        verbose_name_plural = _("rank schemes")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, school__isnull=False) | Q(region__isnull=False, school__isnull=True),
                name="corps_rank_scheme_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_region_path(self) -> str:
        return self.region_path


class Rank(TimeStampedModel):
    """One rank of a scheme; a higher `order` is a higher rank."""

    scheme = models.ForeignKey(RankScheme, on_delete=models.CASCADE, related_name="ranks")
    order = models.PositiveSmallIntegerField(
        _("order (1 is the lowest)"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    name = models.CharField(pgettext_lazy("rank", "name"), max_length=30)

    class Meta:
        ordering = ["scheme", "order"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "order"], name="corps_rank_order_unique"),
            models.UniqueConstraint(fields=["scheme", "name"], name="corps_rank_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_region_path(self) -> str:
        return self.scheme.region_path


class Education(models.TextChoices):
    """Teacher.education's codes, lowest first (org's "other" ranks below all)."""

    JUNIOR_COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctor")


EDUCATION_ORDER = [choice.value for choice in Education]


class RankCriterion(TimeStampedModel):
    """A typed rule of a rank, read from the records (selectors.rules)."""

    class Kind(models.TextChoices):
        SERVICE_YEARS = "service_years", _("Years as head teacher")
        EXCELLENT_YEARS = "excellent_years", _("Yearly grades of 优秀")
        NO_FAILURE = "no_failure", _("No failing yearly grade")
        ACHIEVEMENTS = "achievements", _("Verified achievements, level-weighted")
        EDUCATION = "education", _("Education")
        TITLE = "title", _("Professional title")
        CERTIFICATE = "certificate", _("Training: a valid certificate")

    rank = models.ForeignKey(Rank, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("criterion"), max_length=20, choices=Kind.choices)
    number = models.DecimalField(
        _("at least"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Years, yearly grades or weighted achievements, as the criterion counts."),
    )
    within_years = models.PositiveSmallIntegerField(
        _("within the last (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Empty: the whole career."),
    )
    education = models.CharField(_("education at least"), max_length=10, choices=Education.choices, blank=True)
    titles = models.CharField(
        _("professional titles accepted"), max_length=200, blank=True, help_text=_("Separated by 、 or commas.")
    )
    certificate_kind = models.CharField(_("certificate"), max_length=20, choices=CertificateKind.choices, blank=True)

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("rank criterion")
        verbose_name_plural = _("rank criteria")

    def __str__(self) -> str:
        return self.get_kind_display()

    def title_list(self) -> list[str]:
        return [t.strip() for t in self.titles.replace("，", "、").replace(",", "、").split("、") if t.strip()]

    def clean(self) -> None:
        needs = {
            self.Kind.SERVICE_YEARS: "number",
            self.Kind.EXCELLENT_YEARS: "number",
            self.Kind.ACHIEVEMENTS: "number",
            self.Kind.EDUCATION: "education",
            self.Kind.TITLE: "titles",
            self.Kind.CERTIFICATE: "certificate_kind",
        }
        field = needs.get(self.kind)  # type: ignore[call-overload]
        if field and getattr(self, field) in (None, ""):
            raise ValidationError({field: gettext("This criterion needs this value.")})
        if field == "titles" and not self.title_list():
            raise ValidationError({"titles": gettext("This criterion needs this value.")})

    def audit_region_path(self) -> str:
        return self.rank.scheme.region_path


class RankAssignment(TimeStampedModel):
    """A head teacher's rank from `started_on` (to `ended_on`; empty: current), as the school decided it."""

    class How(models.TextChoices):
        CONFIRMED = "confirmed", _("Proposal confirmed")
        CHANGED = "changed", _("Set by the school with a reason")

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="rank_assignments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    rank = models.ForeignKey(Rank, verbose_name=_("rank"), on_delete=models.PROTECT, related_name="assignments")
    proposed_rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    how = models.CharField(_("decided by"), max_length=10, choices=How.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The criteria as they stood when decided: [{"rank", "label", "met", "found", "needed"}].
    reasons = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("rank of a head teacher")
        verbose_name_plural = _("ranks of head teachers")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"], condition=Q(ended_on__isnull=True), name="corps_one_current_rank"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="corps_rank_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.rank} {self.started_on}"

    def audit_region_path(self) -> str:
        return self.school.region.path


class AllowanceRate(TimeStampedModel):
    """001 三 9: the school's monthly allowance for a rank, in yuan."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    rank = models.ForeignKey(Rank, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(
        _("allowance per month (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99999"))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("allowance rate")
        verbose_name_plural = _("allowance rates")
        constraints = [models.UniqueConstraint(fields=["school", "rank"], name="corps_one_rate_per_rank")]

    def __str__(self) -> str:
        return f"{self.school} {self.rank} {self.amount}"

    def audit_region_path(self) -> str:
        return self.school.region.path


class AllowanceRoll(TimeStampedModel):
    """A school's allowance roll of one month, in versions: exporting freezes a version; a change
    after that makes the next one, and the frozen ones stay as they were sent to the finance office."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        EXPORTED = "exported", _("Exported (frozen)")

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField(_("total (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-month", "-version"]
        verbose_name = _("allowance roll")
        verbose_name_plural = _("allowance rolls")
        constraints = [
            models.UniqueConstraint(fields=["school", "month", "version"], name="corps_roll_version_unique"),
            # Two staff building the same month at once make one roll: one draft per month.
            models.UniqueConstraint(
                fields=["school", "month"], condition=Q(status="draft"), name="corps_roll_one_draft_per_month"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(school)s %(month)s allowance roll, version %(version)s") % {
            "school": self.school,
            "month": self.month.strftime("%Y-%m"),
            "version": self.version,
        }

    @property
    def frozen(self) -> bool:
        return self.status == self.Status.EXPORTED

    def audit_region_path(self) -> str:
        return self.school.region.path


class AllowanceLine(models.Model):
    """One head teacher on a roll; names are copied so a frozen roll reads as it was sent."""

    roll = models.ForeignKey(AllowanceRoll, on_delete=models.CASCADE, related_name="lines")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+")
    teacher_name = models.CharField(_("name"), max_length=30)
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rank_name = models.CharField(_("rank"), max_length=30, blank=True)
    months_in_post = models.PositiveIntegerField(_("months as head teacher"))
    amount = models.DecimalField(_("allowance (yuan)"), max_digits=8, decimal_places=2)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["roll", "pk"]
        constraints = [models.UniqueConstraint(fields=["roll", "teacher"], name="corps_roll_line_unique")]

    def __str__(self) -> str:
        return f"{self.teacher_name} {self.rank_name} {self.amount}"

    def key(self) -> tuple[int, int | None, int, Decimal]:
        """What makes two versions differ."""
        return (self.teacher_id, self.rank_id, self.months_in_post, self.amount)
