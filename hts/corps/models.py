"""The corps policy of a region: the numbers of 001 (赣榆县 实施意见) sections 4, 7, 8 and 10.

Every rule of the corps reads its number here, never from code: a region on the Ganyu template gets
001's numbers; a region on another template has no corps policy until its bureau sets one, and a
number left empty turns its rule off. Subregions inherit their nearest ancestor's policy.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.corps.certificates.models import Certificate, CertificateSequence  # noqa: F401 (Django finds them here)
from hts.org.models import Region


def _years(label: str, help_text: str) -> models.PositiveSmallIntegerField:
    """A number of years a rule counts; empty: the rule is off."""
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)], help_text=help_text
    )


class CorpsPolicy(TimeStampedModel):
    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="corps_policy"
    )
    # 001 4: 新上岗的中小学教师,必须担任见习班主任或班主任助理至少一年.
    trainee_months = models.PositiveSmallIntegerField(
        _("trainee or assistant months before heading a class"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Empty: a new teacher may head a class without a trainee period."),
    )
    # 001 4: 同时必须取得《培训合格证》和《任职资格证》.
    qualification_required = models.BooleanField(
        _("heading a class needs a valid qualification certificate"), default=False
    )
    # 001 7: 《任职资格证》三年一度的换证培训.
    qualification_valid_years = models.PositiveSmallIntegerField(
        _("qualification certificate valid for (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    expiring_within_days = models.PositiveSmallIntegerField(
        _("a certificate is expiring within (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # 001 4: 每三年必须参加一次县级以上的班主任培训; 在岗班主任每年必须参加校级班主任培训.
    county_course_every_years = _years(
        _("a county course at least every (years)"), _("Empty: no county course is required.")
    )
    school_course_yearly = models.BooleanField(_("a school course every year"), default=False)
    # 001 7: 凡参加班主任培训的教师都要进行理论知识考试和专业水平测试. 001 names no pass mark: the Ganyu
    # template sets 60 of 100 for both; each course copies it when it is opened, so a later change of
    # policy does not change results already given.
    course_pass_mark = models.DecimalField(
        _("pass mark of a course's theory exam and professional test (of 100)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: courses have no exams."),
    )
    # Continuing-education hours a half-day of a school's or the bureau's training or meeting earns
    # (001 names none; the Ganyu template keeps the 3 hours of the studios' policy 003).
    training_hours_per_half_day = models.DecimalField(
        _("hours per half-day of training and meetings"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(8)],
        help_text=_("Empty: they earn no hours."),
    )
    # 001 8: 担任班主任工作年限不足二年以上的教师,在职称评聘时不予申报; 不足三年…不能提拔为学校中层干部.
    title_min_service_years = _years(
        _("years as head teacher before a professional-title application"),
        _("Empty: no such gate."),
    )
    promotion_min_service_years = _years(
        _("years as head teacher before promotion to middle management"),
        _("Empty: no such gate."),
    )
    # 001 8: 学校考评不合格的教师,当年不予评优晋级; 001 10: 经核实后,将取消班主任资格证.
    failing_year_blocks_honours = models.BooleanField(
        _("a failing yearly grade bars honours and promotion that year"), default=False
    )
    failing_year_revokes_qualification = models.BooleanField(
        _("a confirmed failing yearly grade revokes the qualification certificate"), default=False
    )
    # 001 二 3 asks that mentors be experienced head teachers (优秀、有经验的班主任) without a number; the
    # Ganyu template sets the three years the county's schools use.
    mentor_min_service_years = _years(
        _("years as head teacher before mentoring a young one"), _("Empty: any head teacher may mentor.")
    )
    # The built-in template the values came from ("" when the bureau typed them).
    template = models.CharField(_("template"), max_length=40, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("corps policy")
        verbose_name_plural = _("corps policies")

    def __str__(self) -> str:
        return gettext("Corps policy of %(region)s") % {"region": self.region}

    def audit_region_path(self) -> str:
        return self.region.path


from hts.corps.appointment.models import AppointmentRound, Application, Assignment, Letter, Objection, Post  # noqa: E402, F401, I001
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare  # noqa: E402, F401
from hts.corps.ranks.models import (  # noqa: E402, F401
    AllowanceLine,
    AllowanceRate,
    AllowanceRoll,
    Rank,
    RankAssignment,
    RankCriterion,
    RankScheme,
)
from hts.corps.honours.models import HonourCall, HonourObjection, HonourQuota, Nomination, PanelMember, PanelScore  # noqa: E402, F401
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair  # noqa: E402, F401
from hts.corps.trainee.models import TraineePost  # noqa: E402, F401
from hts.corps.training.models import CertificateCourse, Course, Enrolment  # noqa: E402, F401
