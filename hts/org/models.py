"""People and places: regions, bureaus, schools, stages, teachers, classes, honours, service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.core.models import TimeStampedModel
from hts.core.validators import mobile_validator

StrOrPromise = str | Promise  # a message, translated now or when shown


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
    title = models.CharField(pgettext_lazy("honour", "title"), max_length=100)
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


class AssignmentOverride(TimeStampedModel):
    """A head teacher assigned although a rule refused them (001 二 4: trainee year, qualification), with
    the school office's written reason: kept beside the class or the service period it let through."""

    teacher = models.ForeignKey(Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        HeadTeacherService,
        verbose_name=_("head-teacher service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overrides",
    )
    problems = models.TextField(_("rules not met"))
    reason = models.TextField(_("reason for assigning anyway"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("head-teacher assignment override")
        verbose_name_plural = _("head-teacher assignment overrides")

    def __str__(self) -> str:
        return f"{self.teacher} · {self.school}"

    def audit_region_path(self) -> str:
        return self.school.region.path


def service_years(periods: list[tuple[dt.date, dt.date | None]], today: dt.date | None = None) -> float:
    """Years of head-teacher service, the figure every page shows (hts.org.service_time)."""
    from hts.org.service_time import served_days, years_figure

    return float(years_figure(served_days(periods, today or timezone.localdate())))


def service_overlap_problem(
    others: Iterable[HeadTeacherService], *, school_id: int, started_on: dt.date, ended_on: dt.date | None
) -> str:
    """Why a teacher's new (or changed) head-teacher period at a school cannot stand beside their
    other periods there (`others`, the record itself left out), or "". One person heads one class
    at a school in one period: two open periods, or two that share a day, are a typing slip or a
    double import, and would count the years twice in every standard that reads them."""
    far = dt.date.max
    for other in others:
        if other.school_id != school_id:
            continue
        if other.ended_on is None and ended_on is None:
            return _(
                "A head-teacher period at this school since %(start)s is still open; give it an end date first."
            ) % {"start": other.started_on.isoformat()}
        if started_on <= (other.ended_on or far) and other.started_on <= (ended_on or far):
            return _("This period overlaps the head-teacher period at this school of %(start)s–%(end)s.") % {
                "start": other.started_on.isoformat(),
                "end": other.ended_on.isoformat() if other.ended_on else pgettext_lazy("period end", "present"),
            }
    return ""


# Academic calendar -----------------------------------------------------------------------------


def _spans_overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Two inclusive date spans share at least one day."""
    return a_start <= b_end and b_start <= a_end


class SchoolYear(TimeStampedModel):
    """A school year (学年) of a region. A region without years of its own follows its nearest
    ancestor's (a city defines it, its districts inherit); one year of its own replaces them all."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="school_years")
    label = models.CharField(_("label"), max_length=30, help_text=_("For example 2025—2026学年"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(fields=["region", "starts_on"], name="school_year_unique_start_in_region"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="school_year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    def audit_region_path(self) -> str:
        return self.region.path

    def clean(self) -> None:
        if self.starts_on is None or self.ends_on is None:
            return
        if self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A school year must end after it starts.")})
        if self.region_id is None:
            return
        others = SchoolYear.objects.filter(
            region_id=self.region_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
        ).exclude(pk=self.pk)
        other = others.order_by("starts_on").first()
        if other is not None:
            raise ValidationError(
                {
                    "starts_on": _("It overlaps %(label)s (%(start)s to %(end)s).")
                    % {"label": other.label, "start": other.starts_on, "end": other.ends_on}
                }
            )


class Semester(TimeStampedModel):
    """A semester (学期) of a school year: inside the year, and not overlapping the year's other one.
    The days of a year outside its semesters are the winter and summer breaks."""

    class Kind(models.TextChoices):
        AUTUMN = "autumn", _("Autumn semester")
        SPRING = "spring", _("Spring semester")

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.CASCADE, related_name="semesters"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "kind"], name="semester_unique_kind_in_year"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="semester_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.get_kind_display()}"

    def audit_region_path(self) -> str:
        return self.school_year.region.path

    def clean(self) -> None:
        try:
            year = self.school_year
        except ObjectDoesNotExist:
            return
        siblings = list(year.semesters.exclude(pk=self.pk)) if year.pk else []
        problems = semester_problems(self, siblings)
        if problems:
            raise ValidationError(problems)


def semester_problems(
    semester: Semester, others: list[Semester], *, within_year: bool = True
) -> dict[str, StrOrPromise]:
    """Why `semester` cannot stand in its school year beside `others`: {field: reason}, empty if it can.

    Shared by `Semester.clean` (others from the database) and the services that check a whole year
    before writing any of it (others still in memory). `within_year=False` skips the year's bounds,
    for when the year's own dates are the problem.
    """
    start, end, year = semester.starts_on, semester.ends_on, semester.school_year
    if start is None or end is None:
        return {}
    if end <= start:
        return {"ends_on": _("A semester must end after it starts.")}
    problems: dict[str, StrOrPromise] = {}
    if within_year and year.starts_on is not None and start < year.starts_on:
        problems["starts_on"] = _("The semester starts before its school year (which starts on %(date)s).") % {
            "date": year.starts_on
        }
    if within_year and year.ends_on is not None and end > year.ends_on:
        problems["ends_on"] = _("The semester ends after its school year (which ends on %(date)s).") % {
            "date": year.ends_on
        }
    for other in others:
        if other.starts_on is None or other.ends_on is None or other.ends_on <= other.starts_on:
            continue
        if other.kind == semester.kind:
            problems.setdefault(
                "kind", _("This school year already has its %(kind)s.") % {"kind": other.get_kind_display()}
            )
        elif _spans_overlap(start, end, other.starts_on, other.ends_on):
            # Blame the end that runs into the other semester, or the start that lies inside it.
            problems.setdefault(
                "ends_on" if start < other.starts_on else "starts_on",
                _("It overlaps the %(kind)s (%(start)s to %(end)s).")
                % {"kind": other.get_kind_display(), "start": other.starts_on, "end": other.ends_on},
            )
        elif (start < other.starts_on) != (semester.kind == Semester.Kind.AUTUMN):
            problems.setdefault("starts_on", _("The autumn semester comes first, then the spring semester."))
    return problems
