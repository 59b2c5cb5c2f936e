"""Competitive appointment of head teachers (班主任竞聘上岗, 001 二 6).

A school runs a round in 001's seven steps: 公布岗位 (posts: the coming year's classes), 个人申报 (the
担任班主任申报表 and the preferred grades, 双向选择), 资格审查 (named checks), 竞聘演讲 (scored by the
panel on an evaluation rubric), 民主测评 (evaluation's one-time rating links), 合理搭配 (a proposed
assignment staff adjust with reasons) and 公布名单 (公示 with objections), then the school's 聘书.

The speech and the rating reuse one evaluation round whose people are the qualified applicants: its
raters are the panel, its sheet their scoring, its democratic rating the teachers' or parents' links.
"""

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
from hts.evaluation.democratic.models import DemocraticRating
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.org.models import HeadTeacherService, School, SchoolClass, Teacher, grade_label

WEIGHT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class AppointmentRound(TimeStampedModel):
    class Status(models.TextChoices):
        POSTS = "posts", _("Publishing the posts")
        APPLYING = "applying", _("Personal applications")
        CHECKING = "checking", _("Qualification check")
        SPEECH = "speech", _("Speeches and democratic rating")
        ASSIGNING = "assigning", _("Balanced assignment")
        PUBLICITY = "publicity", _("Published list (公示)")
        LETTERS = "letters", _("Appointment letters issued")

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("appointment", "title"), max_length=120)
    # 001 6: 聘期由学校根据实际情况自行确定.
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.POSTS)
    # 001 gives no weights: the school decides them and the assignment page shows them.
    speech_weight = models.DecimalField(_("weight of the speech score (%)"), default=Decimal("70"), **WEIGHT)
    rating_weight = models.DecimalField(_("weight of the democratic rating (%)"), default=Decimal("30"), **WEIGHT)
    # 001 names no objection period for the published list: the school sets it on the round.
    objection_days = models.PositiveSmallIntegerField(
        _("objection period (days)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    speech_round = models.OneToOneField(
        EvaluationRound, null=True, blank=True, on_delete=models.PROTECT, related_name="appointment"
    )
    rating = models.OneToOneField(DemocraticRating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-term_from", "-pk"]
        verbose_name = _("appointment round")
        verbose_name_plural = _("appointment rounds")
        constraints = [
            models.CheckConstraint(condition=Q(term_to__gt=models.F("term_from")), name="corps_appointment_term"),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.school.region.path


class Post(models.Model):
    """One class of the coming year to be headed (公布岗位)."""

    round = models.ForeignKey(AppointmentRound, on_delete=models.CASCADE, related_name="posts")
    school_class = models.ForeignKey(SchoolClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["school_class__grade", "school_class__name"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [models.UniqueConstraint(fields=["round", "school_class"], name="corps_post_once")]

    def __str__(self) -> str:
        return str(self.school_class)


class Application(TimeStampedModel):
    """The 担任班主任申报表 of one applicant, with the results of the later steps."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        QUALIFIED = "qualified", _("Qualified")
        NOT_QUALIFIED = "not_qualified", _("Not qualified")

    round = models.ForeignKey(AppointmentRound, on_delete=models.CASCADE, related_name="applications")
    teacher = models.ForeignKey(Teacher, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    teaching_years = models.PositiveSmallIntegerField(_("years of teaching"), validators=[MaxValueValidator(50)])
    subject_taught = models.CharField(_("subject taught"), max_length=20)
    reasons = models.TextField(_("reasons for applying"), max_length=2000)
    plans = models.TextField(_("plans for the class"), max_length=4000)
    record = models.TextField(_("head-teacher work and honours so far"), max_length=2000, blank=True)
    # 双向选择: the grades the applicant prefers, first choice first.
    preferred_grades = models.JSONField(_("preferred grades"), default=list)
    # Each named check of the qualification step: [{"key", "label", "ok", "detail"}].
    checks = models.JSONField(default=list, blank=True)
    speech_at = models.DateTimeField(_("speech time"), null=True, blank=True)
    speech_place = models.CharField(_("speech place"), max_length=60, blank=True)
    subject = models.OneToOneField(Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    speech_score = models.DecimalField(_("speech score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rating_score = models.DecimalField(_("democratic rating"), max_digits=6, decimal_places=2, null=True, blank=True)
    combined = models.DecimalField(_("combined score"), max_digits=6, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["teacher__name"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["round", "teacher"], name="corps_apply_once")]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.round}"

    @property
    def preferred_grade_labels(self) -> list[str]:
        return [grade_label(int(grade)) for grade in self.preferred_grades]

    def audit_region_path(self) -> str:
        return self.round.school.region.path


class Assignment(TimeStampedModel):
    """An applicant placed on a post (合理搭配): proposed by the platform or set by staff with a reason."""

    round = models.ForeignKey(AppointmentRound, on_delete=models.CASCADE, related_name="assignments")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="assignment")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["post__school_class__grade", "post__school_class__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["round", "application"], name="corps_assigned_once")]

    def __str__(self) -> str:
        return f"{self.post} · {self.application.teacher}"


class Objection(ObjectionBase):
    """An objection to the published list during its 公示 period, decided once by staff."""

    round = models.ForeignKey(AppointmentRound, on_delete=models.CASCADE, related_name="objections")

    class Meta(ObjectionBase.Meta):
        pass

    def audit_region_path(self) -> str:
        return self.round.school.region.path


class Letter(TimeStampedModel):
    """The school's 聘书 for one person on the published list; accepting it starts their service."""

    round = models.ForeignKey(AppointmentRound, on_delete=models.CASCADE, related_name="letters")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="letter")
    school_class = models.ForeignKey(SchoolClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("letter number"), max_length=40, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    service = models.OneToOneField(
        HeadTeacherService, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("appointment letter")
        verbose_name_plural = _("appointment letters")

    def __str__(self) -> str:
        return self.number

    def audit_region_path(self) -> str:
        return self.round.school.region.path
