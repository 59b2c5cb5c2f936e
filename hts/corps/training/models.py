"""Head-teacher training of 001 二 4 and 7: the county's pre-service course, its renewal course every
few years, and each school's yearly course. A course's sessions are activities (organised by the
school or the bureau, with attendance, check-in and hours); every trainee takes a theory exam and a
professional test, and passes when both reach the course's pass mark. A certificate names the
passed courses it was issued on."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.activities.models import Activity
from hts.core.models import TimeStampedModel
from hts.corps.certificates.models import Certificate
from hts.org.models import Region, School, Teacher

OF_100 = [MinValueValidator(0), MaxValueValidator(100)]


class CourseKind(models.TextChoices):
    PRE_SERVICE = "pre_service", _("County pre-service course")
    RENEWAL = "renewal", _("County renewal course")
    SCHOOL = "school", _("School yearly course")


# The county's courses are the bureau's; the yearly course is the school's (001 二 4: 县教育局负责…实施
# 班主任培训; 各学校负责…实施班主任校级培训).
COUNTY_KINDS = (CourseKind.PRE_SERVICE, CourseKind.RENEWAL)


class Course(TimeStampedModel):
    kind = models.CharField(_("course type"), max_length=20, choices=CourseKind.choices)
    title = models.CharField(_("heading"), max_length=100)
    # The school year the course belongs to, by the calendar year it starts in (2026: 2026–2027).
    year = models.PositiveSmallIntegerField(
        _("school year (starting)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("bureau of"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the corps policy when the course is opened (None: no exams, nobody passes by score).
    pass_mark = models.DecimalField(
        _("pass mark (of 100)"), max_digits=5, decimal_places=1, null=True, blank=True, validators=OF_100
    )
    sessions = models.ManyToManyField(Activity, verbose_name=_("sessions"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year", "kind", "title"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        constraints = [
            # A county course is the bureau's, a school course the school's: exactly one organiser.
            models.CheckConstraint(
                condition=Q(kind__in=["pre_service", "renewal"], region__isnull=False, school__isnull=True)
                | Q(kind="school", school__isnull=False, region__isnull=True),
                name="corps_course_organiser_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        # Titles usually name their year already (2026年…, 2026学年…): no second year in front of it.
        if str(self.year) in self.title:
            return self.title
        return f"{self.year_label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("corps-training-course", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.school.region.path if self.school_id else self.region.path

    @property
    def organised_by(self) -> str:
        if self.school_id:
            return self.school.name
        return gettext("Education bureau of %(region)s") % {"region": self.region.name}

    @property
    def year_label(self) -> str:
        return f"{self.year}–{self.year + 1}"


def passed_q(prefix: str = "") -> Q:
    """Enrolments passed: both scores at or above the course's pass mark (a course without one passes nobody
    by score)."""
    return Q(
        **{
            f"{prefix}course__pass_mark__isnull": False,
            f"{prefix}theory_score__gte": F(f"{prefix}course__pass_mark"),
            f"{prefix}practice_score__gte": F(f"{prefix}course__pass_mark"),
        }
    )


class Enrolment(TimeStampedModel):
    """A trainee on a course, with the two scores of 001 7 (考核成绩记入班主任工作档案)."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments")
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="corps_enrolments"
    )
    theory_score = models.DecimalField(
        _("theory exam score"), max_digits=5, decimal_places=1, null=True, blank=True, validators=OF_100
    )
    practice_score = models.DecimalField(
        _("professional test score"), max_digits=5, decimal_places=1, null=True, blank=True, validators=OF_100
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["teacher__name", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "teacher"],
                name="corps_enrolment_once",
                violation_error_message=_("This teacher is already on the course."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.teacher}"

    def audit_region_path(self) -> str:
        return self.course.audit_region_path()

    @property
    def passed(self) -> bool | None:
        """True / False once both scores are in; None while a score is missing."""
        mark = self.course.pass_mark
        if mark is None or self.theory_score is None or self.practice_score is None:
            return None
        return self.theory_score >= mark and self.practice_score >= mark

    @property
    def result_label(self) -> str:
        return {
            True: pgettext("course result", "Passed"),
            False: pgettext("course result", "Not passed"),
            None: gettext("Not scored yet"),
        }[self.passed]


class CertificateCourse(models.Model):
    """The passed course result a certificate was issued on (001 7: 对考试考评合格的班主任教师…颁发)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="course_results")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "enrolment"], name="corps_certificate_course_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} ← {self.enrolment}"
