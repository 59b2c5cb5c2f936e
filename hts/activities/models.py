"""Activities and who attended them: a studio's, or a school's or a bureau's own (a head-teacher
meeting, a training course's session, 001 7).

Attendance is recorded by the attendee scanning the organiser's rotating QR code, or by the
organiser by hand with a reason. Credit hours (学时) follow from attendance: a studio's activity counts
its batch policy's `hours_per_half_day` per half-day (3, policy 003 组织保障(二)); a school's or bureau's
activity carries its own hours per half-day, set when it is created by the app that organises it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.org.models import Region, School, Teacher
from hts.studios.models import Membership, Studio


class ActivityKind(models.TextChoices):
    """Activity types named by the policies (003 主要职责及任务, 000 第五条, 002 三、四)."""

    ONLINE_TRAINING = "online_training", _("Online training")
    COLLECTIVE_STUDY = "collective_study", _("Offline collective study")
    EXPERT_LECTURE = "expert_lecture", _("Expert lecture")
    CLASS_MEETING = "class_meeting", _("Class-meeting open lesson or observation")
    FORUM = "forum", _("Forum or salon")
    LESSON_OBSERVATION = "lesson_observation", _("Lesson observation")
    NARRATIVE = "narrative", _("Education narrative sharing")
    RESEARCH_SEMINAR = "research_seminar", _("Research seminar")
    STUDIO_EXCHANGE = "studio_exchange", _("Exchange with other studios")
    OUTREACH = "outreach", _("Outreach lecture")
    OFF_CAMPUS = "off_campus", _("Off-campus practice or study visit")
    PLANNING_MEETING = "planning_meeting", _("Planning meeting")
    STAGE_REPORT = "stage_report", _("Stage report meeting")
    SUMMARY_MEETING = "summary_meeting", _("Summary meeting")
    READING_CLUB = "reading_club", _("Reading club")
    # The bureau's training of studio hosts (003 主要职责及任务: 主持人每年至少参加一次市级培训), recorded
    # by the studio so the host's attendance counts for that quota.
    CITY_TRAINING = "city_training", _("City training for hosts")
    # A school's or a bureau's own (001 二 3, 7; 附件1 duty 18: 准时参加班主任工作例会和业务培训).
    HEAD_TEACHER_MEETING = "ht_meeting", _("Head-teacher meeting")
    TRAINING_SESSION = "training_session", _("Head-teacher training session")


class Activity(TimeStampedModel):
    class Mode(models.TextChoices):
        OFFLINE = "offline", _("Offline")
        ONLINE = "online", _("Online")

    # Who organises it: exactly one of a studio, a school or a region's bureau (the database holds it).
    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_activities",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("bureau of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_activities",
    )
    # A school's or bureau's activity has no team: who is expected (and may check in when it is
    # invitation-only) is this list, e.g. the school's head teachers or a course's trainees.
    invitees = models.ManyToManyField(Teacher, verbose_name=_("invited"), blank=True, related_name="activities_invited")
    # Hours per half-day of a school's or bureau's activity, fixed when it is created (a later change
    # of policy does not rewrite hours already earned); a studio's reads its batch policy instead.
    own_hours_per_half_day = models.DecimalField(
        _("hours per half-day"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("heading"), max_length=100)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    link = models.URLField(_("online meeting link"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    publicity_url = models.URLField(_("publicity post (WeChat, Weibo, portal)"), blank=True)
    invited_only = models.BooleanField(
        _("only the studio's team may check in"),
        default=True,
        help_text=_("Untick for open events, such as an outreach lecture, that any teacher may attend."),
    )
    presenters = models.ManyToManyField(
        Teacher,
        verbose_name=_("given by"),
        blank=True,
        related_name="activities_presented",
        help_text=_("Members of the team who lecture, give the open lesson or guide (mentors' guidance hours)."),
    )
    # Mentors from outside the schools (a professor: the usual kind under 003) have no teacher record,
    # so they are named by their membership; their guidance hours count like a teacher mentor's.
    guiding_mentors = models.ManyToManyField(
        Membership,
        verbose_name=_("outside mentors who gave it"),
        blank=True,
        related_name="activities_guided",
        help_text=_("Mentors from outside the schools (professors, researchers) who lectured or guided."),
    )
    credit_half_days = models.PositiveSmallIntegerField(
        _("credit in half-days"),
        default=1,
        validators=[MaxValueValidator(20)],
        help_text=_("Collective activities count per half-day; 0 for no continuing-education credit."),
    )
    # Set when the studio closed (revoked or past its cycle) before the activity took place.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(studio__isnull=False, school__isnull=True, region__isnull=True)
                | Q(studio__isnull=True, school__isnull=False, region__isnull=True)
                | Q(studio__isnull=True, school__isnull=True, region__isnull=False),
                name="activity_one_organiser",
            ),
        ]
        indexes = [
            models.Index(fields=["studio", "starts_at"]),
            models.Index(fields=["school", "starts_at"]),
            models.Index(fields=["region", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        if self.studio_id:
            return self.studio.host_school.region.path
        if self.school_id:
            return self.school.region.path
        return self.region.path

    @property
    def organised_by(self) -> str:
        """The organiser's name as pages show it: the studio, the school, or the region's bureau."""
        if self.studio_id:
            return self.studio.name
        if self.school_id:
            return self.school.name
        return gettext("Education bureau of %(region)s") % {"region": self.region.name}

    @property
    def credit_hours(self) -> Decimal:
        if self.studio_id:
            return self.studio.batch.policy.hours_for(self.credit_half_days)
        return Decimal(self.credit_half_days) * (self.own_hours_per_half_day or Decimal(0))


class Attendance(TimeStampedModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        LEAVE = "leave", _("Absent with leave")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        QR = "qr", _("Scanned the QR code")
        MANUAL = "manual", _("Marked by the organiser")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["checked_in_at", "id"]
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["activity", "teacher"], name="attendance_once_per_person"),
            # A hand-marked record always says why; a scan needs no reason.
            models.CheckConstraint(condition=Q(method="qr") | ~Q(reason=""), name="attendance_manual_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.teacher} · {self.get_status_display()}"

    @property
    def earns_credit(self) -> bool:
        return self.status in {self.Status.PRESENT, self.Status.LATE}


class QuotaRule(TimeStampedModel):
    """One task quota of a batch's policy: at least `minimum` matching activities per period.

    Most quotas are the studio's. Some are each person's in a role: every host attends the city
    training each year (003), every mentor gives an open lesson or forum each semester (000 第五条 2).
    A host takes part in an activity by attending it (with credit) or giving it; a mentor by giving it.
    """

    class CountsFor(models.TextChoices):
        STUDIO = "studio", _("The studio")
        HOST = "host", _("Each host (attended or gave)")
        MENTOR = "mentor", _("Each mentor (gave)")

    class Period(models.TextChoices):
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")
        SEMESTER = "semester", _("Semester")
        YEAR = "year", _("School year")
        CYCLE = "cycle", _("Cycle")

    policy = models.ForeignKey("studios.BatchPolicy", on_delete=models.CASCADE, related_name="quota_rules")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("name"), max_length=60)
    kinds = models.JSONField(_("activity types counted"), default=list, blank=True, help_text=_("Empty: any type"))
    mode = models.CharField(_("mode"), max_length=10, choices=Activity.Mode.choices, blank=True)
    needs_publicity = models.BooleanField(_("counts only activities with a publicity post"), default=False)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    minimum = models.PositiveSmallIntegerField(_("at least"), default=1)
    counts_for = models.CharField(_("whose quota"), max_length=10, choices=CountsFor.choices, default=CountsFor.STUDIO)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("quota rule")
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="quota_rule_code_unique")]

    def __str__(self) -> str:
        return self.label

    def audit_region_path(self) -> str:
        return self.policy.batch.region.path

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unknown = [kind for kind in self.kinds or [] if kind not in ActivityKind.values]
        if unknown:
            raise ValidationError({"kinds": _("Unknown activity types: %(kinds)s") % {"kinds": ", ".join(unknown)}})
        if self.minimum < 1:
            raise ValidationError({"minimum": _("At least one.")})

    def matches(self, kind: str, mode: str, has_publicity: bool) -> bool:
        return (
            (not self.kinds or kind in self.kinds)
            and (not self.mode or mode == self.mode)
            and (not self.needs_publicity or has_publicity)
        )


class ActivityAttachment(StoredFileBase):
    """A photo or document of an activity, served only through a permission check."""

    file_use = FileUse(
        "activities.attachment",
        kinds=("jpeg", "png", "pdf", "docx", "xlsx", "pptx"),
        cache_control="private, max-age=3600",
    )

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("attachment")

    def storage_folder(self) -> str:
        return f"activities/{self.activity.uid}"


class Plan(TimeStampedModel):
    """A studio's plan (policy 003 主持人职责: 整体建设规划、年度计划; 002: 每学期一个主题) or a member's
    personal development plan (个性化的发展规划).

    | transition  | from      | to           | who                                                        |
    | ----------- | --------- | ------------ | ---------------------------------------------------------- |
    | edit        | draft     | draft        | studio plans: host or liaison; personal: the member        |
    | submit      | draft     | submitted    | the same                                                   |
    | acknowledge | submitted | acknowledged | studio plans: bureau (studio.review); personal: host/mentor |
    | comment     | submitted, acknowledged | (same) | personal plans: the studio's host or a mentor      |
    """

    class Kind(models.TextChoices):
        CYCLE = "cycle", _("Cycle plan")
        YEAR = "year", _("Annual plan")
        SEMESTER = "semester", _("Semester plan")
        PERSONAL = "personal", _("Personal development plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("heading"), max_length=100)
    theme = models.CharField(
        _("semester theme"), max_length=100, blank=True, help_text=_("Each semester has one theme (policy 002).")
    )
    period_label = models.CharField(
        _("period"), max_length=40, blank=True, help_text=_("For example “2026” or “Spring semester 2026”.")
    )
    # The period chosen from the academic calendar, however it is written (plans/periods.py): "cycle",
    # "2026-2027" or "2026-2027-autumn"; period_label is its name as shown. Empty only on a plan typed
    # before periods were chosen whose text named no period (migration 0012).
    period_key = models.CharField(max_length=20, blank=True, default="", editable=False)
    body = models.TextField(_("text"), max_length=20000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_teacher = models.ForeignKey(
        Teacher,
        verbose_name=_("whose plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personal_plans",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    mentor_comment = models.TextField(_("mentor's guidance"), blank=True, max_length=4000)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            # A personal plan belongs to one member; a studio plan to nobody in particular.
            models.CheckConstraint(
                condition=Q(kind="personal", owner_teacher__isnull=False)
                | (~Q(kind="personal") & Q(owner_teacher__isnull=True)),
                name="plan_personal_has_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="acknowledged") | Q(acknowledged_by__isnull=False),
                name="plan_acknowledged_has_acknowledger",
            ),
            # One plan of a kind a period: a studio's, and each member's personal one (owner_teacher is
            # NULL on the studio's, which a plain unique constraint would let through).
            models.UniqueConstraint(
                fields=["studio", "kind", "period_key"],
                condition=~Q(kind="personal") & ~Q(period_key=""),
                name="plan_one_per_period",
            ),
            models.UniqueConstraint(
                fields=["studio", "owner_teacher", "period_key"],
                condition=Q(kind="personal") & ~Q(period_key=""),
                name="personal_plan_one_per_period",
            ),
        ]
        indexes = [models.Index(fields=["studio", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities-plan-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.studio.host_school.region.path

    @property
    def is_personal(self) -> bool:
        return self.kind == self.Kind.PERSONAL
