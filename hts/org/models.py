"""People and places: regions, bureaus, schools, stages, teachers, classes, honours, service."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hts.core.models import TimeStampedModel

mobile_validator = RegexValidator(r"^1\d{10}$", _("A mobile number is 11 digits starting with 1."))


class Level(models.TextChoices):
    """Level of an honour, a project or an achievement, lowest first (domain glossary: 级别)."""

    SCHOOL = "school", _("School level")
    TOWNSHIP = "township", _("Township level")
    COUNTY = "county", _("County/district level")
    CITY = "city", _("City level")
    PROVINCE = "province", _("Provincial level")
    NATIONAL = "national", _("National level")

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.values).index(value)


class Region(TimeStampedModel):
    """A node of the administrative tree. `path` is the codes from the root, e.g. `/440000/440300/`."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District/county")
        TOWNSHIP = "township", _("Township")

    name = models.CharField(_("name"), max_length=60)
    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("Administrative division code"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org-region-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.path

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.code}/"


class Bureau(TimeStampedModel):
    """The education authority of one region (教育局)."""

    region = models.OneToOneField(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="bureau")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")


class School(TimeStampedModel):
    name = models.CharField(_("name"), max_length=80)
    code = models.CharField(
        _("school code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z-]+$", _("Use digits, letters and '-' only."))],
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="schools")
    has_primary = models.BooleanField(_("primary"), default=False)
    has_junior = models.BooleanField(_("junior secondary"), default=False)
    has_senior = models.BooleanField(_("senior secondary"), default=False)
    city_direct = models.BooleanField(_("city-direct school"), default=False)
    village = models.BooleanField(_("village school"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["region__path", "name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(
                condition=Q(has_primary=True) | Q(has_junior=True) | Q(has_senior=True),
                name="school_offers_a_stage",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org-school-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.region.path

    @property
    def stages(self) -> list[Stage]:
        return [stage for stage in Stage if getattr(self, f"has_{stage.value}")]

    @property
    def stage_labels(self) -> str:
        return "、".join(str(stage.label) for stage in self.stages)


class Teacher(TimeStampedModel):
    """A teacher's profile. Head-teacher service is kept as dated records, not a flag."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    class Education(models.TextChoices):
        JUNIOR_COLLEGE = "college", _("Junior college")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        DOCTOR = "doctor", _("Doctor")
        OTHER = "other", _("Other")

    name = models.CharField(_("full name"), max_length=30)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1940), MaxValueValidator(2010)]
    )
    mobile = models.CharField(_("mobile"), max_length=11, unique=True, validators=[mobile_validator])
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="teachers")
    subject = models.CharField(_("subject"), max_length=20, blank=True)
    title = models.CharField(_("professional title"), max_length=30, blank=True)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)

    class Meta:
        ordering = ["school__name", "name"]
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org-teacher-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.school.region.path

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


def mask_mobile(mobile: str) -> str:
    """138****5678: lists show enough to tell people apart, not enough to call them."""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) == 11 else mobile


class Honour(TimeStampedModel):
    """An honour of the teacher, or of a class they led (e.g. 先进班集体): host standards ask for both."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal honour")
        CLASS = "class", _("Honour of a class they led")

    teacher = models.ForeignKey(Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="honours")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSONAL)
    title = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    awarded_on = models.DateField(_("date awarded"))
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)

    class Meta:
        ordering = ["-awarded_on"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")

    def __str__(self) -> str:
        return self.title


class SchoolClass(TimeStampedModel):
    """A class (班级) at a school: grade + name, with its head teacher and deputy."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="classes")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    name = models.CharField(_("class name"), max_length=20)
    head_teacher = models.ForeignKey(
        Teacher,
        verbose_name=_("head teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes_as_head",
    )
    deputy = models.ForeignKey(
        Teacher,
        verbose_name=_("deputy head teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes_as_deputy",
    )

    class Meta:
        ordering = ["school__name", "grade", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [models.UniqueConstraint(fields=["school", "grade", "name"], name="class_unique_in_school")]

    def __str__(self) -> str:
        return f"{self.grade_label}{self.name}"

    def audit_region_path(self) -> str:
        return self.school.region.path

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)


GRADE_LABELS = {
    1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级",
    7: "七年级", 8: "八年级", 9: "九年级", 10: "高一", 11: "高二", 12: "高三",
}  # fmt: skip


def grade_label(grade: int) -> str:
    return GRADE_LABELS.get(grade, str(grade))


class HeadTeacherService(TimeStampedModel):
    """A dated period of head-teacher service. `ended_on` empty means still serving."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="service_records"
    )
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    class_label = models.CharField(
        _("class"), max_length=40, blank=True, help_text=_("For past classes that no longer exist as records")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("head-teacher service")
        verbose_name_plural = _("head-teacher service records")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="service_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.started_on}–{self.ended_on or ''}"


def service_years(periods: list[tuple[dt.date, dt.date | None]], today: dt.date | None = None) -> float:
    """Years of head-teacher service: the union of the periods (overlaps counted once), to one decimal."""
    today = today or timezone.localdate()
    spans = sorted((start, min(end or today, today)) for start, end in periods if start <= today)
    days = 0
    current_start: dt.date | None = None
    current_end: dt.date | None = None
    for start, end in spans:
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                days += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        days += (current_end - current_start).days
    return round(days / 365.25, 1)
