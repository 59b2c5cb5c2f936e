"""Batches and their policy, studios, their selection, team memberships and assessments.

Studio workflow (who may move it; every move is logged with who, when, from, to, why):

    draft ─submit(applicant)→ applied ─material check passed(bureau)→ under_review
    under_review ─decide approve(bureau)→ approved ─activate/授牌(bureau)→ active
    applied|under_review ─decide reject / material check failed(bureau)→ rejected
    active ─yearly assessment failed once(bureau)→ yellow_card ─passed→ active
    active|yellow_card ─failed `revoke_after_fails` times→ revoked
    active|yellow_card ─its cycle's last year has ended (daily task)→ expired (期满)
    active|yellow_card|expired ─end-of-cycle assessment(bureau)→ completed (with final grade)

Revoked and expired studios are closed: they take no new records (studios.guards.studio_open_for),
their planned activities are cancelled, and what they hold stays readable.

Membership workflow (members): applied (self or school-recommended) ─admit(host)→ admitted
─evaluate on site(host or bureau)→ evaluated ─approve(bureau)→ active ─→ graduated | rotated_out | left;
applied|admitted|evaluated ─refuse→ refused. Mentors: invited(host) ─approve(bureau)→ active ─→ left.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hts.core.models import TimeStampedModel
from hts.org.models import Level, Region, School, Stage, Teacher


class Tier(models.TextChoices):
    CITY = "city", _("City level (名)")
    DISTRICT = "district", _("District level")
    SCHOOL = "school", _("School level")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    FAILED = "failed", _("Not qualified")


class Batch(TimeStampedModel):
    """A bureau's call for studios, e.g. 深圳市第二批中小学名班主任工作室 (2019–2021)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(_("name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    start_year = models.PositiveSmallIntegerField(
        _("first year of the cycle"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    cycle_years = models.PositiveSmallIntegerField(
        _("cycle length (years)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            # Two calls of one bureau under one name cannot be told apart in any list or select.
            models.UniqueConstraint(
                fields=["region", "name"],
                name="batch_name_unique_in_region",
                violation_error_message=_("This region already has a batch with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def end_year(self) -> int:
        return self.start_year + self.cycle_years - 1

    @property
    def years(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def label(self) -> str:
        """The name with the cycle's years, for lists and selects where batches sit side by side."""
        return f"{self.name}（{self.years}）"

    def get_absolute_url(self) -> str:
        return reverse("studios-batch-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.region.path


LEVEL_OR_NONE = [("", _("Not required")), *Level.choices]


class BatchPolicy(TimeStampedModel):
    """Every number the policy documents set for a batch. Copied from a template, then edited.

    The fields carry no defaults: a batch's policy is created from a template (policy_templates/, one
    module per document with every number cited), and forms and services take the numbers from there.
    """

    batch = models.OneToOneField(Batch, on_delete=models.CASCADE, related_name="policy")
    template = models.CharField(_("template"), max_length=20, blank=True)
    # Composition (003 四(三); 000 第三条).
    mentors_min = models.PositiveSmallIntegerField(_("mentors at least"))
    mentors_max = models.PositiveSmallIntegerField(_("mentors at most"))
    hosts_min = models.PositiveSmallIntegerField(_("hosts at least"))
    hosts_max = models.PositiveSmallIntegerField(_("hosts at most"))
    members_min = models.PositiveSmallIntegerField(_("members at least"))
    members_max = models.PositiveSmallIntegerField(
        _("members at most"), null=True, blank=True, help_text=_("Empty: no upper limit")
    )
    liaisons_min = models.PositiveSmallIntegerField(_("liaisons at least"))
    liaisons_max = models.PositiveSmallIntegerField(_("liaisons at most"))
    max_members_from_host_school = models.PositiveSmallIntegerField(
        _("members from the host's school at most"), null=True, blank=True, help_text=_("Empty: no limit")
    )
    single_studio_per_batch = models.BooleanField(_("a member joins one studio of the batch at most"))
    # Host standard (003 四(三)2).
    host_min_service_years = models.DecimalField(
        _("host: years as head teacher at least"), max_digits=4, decimal_places=1
    )
    host_must_be_serving = models.BooleanField(_("host: currently a head teacher"))
    host_honour_min_level = models.CharField(
        _("host: personal head-teacher honour at least"),
        max_length=10,
        choices=LEVEL_OR_NONE,
        blank=True,
    )
    host_class_honour_min_level = models.CharField(
        _("host: honour of a class they led at least"),
        max_length=10,
        choices=LEVEL_OR_NONE,
        blank=True,
    )
    host_research_min_level = models.CharField(
        _("host: led or joined research at least"), max_length=10, choices=LEVEL_OR_NONE, blank=True
    )
    # Member standard (003 四(三)3).
    member_min_service_years = models.DecimalField(
        _("member: years as head teacher at least"), max_digits=4, decimal_places=1
    )
    member_must_be_serving = models.BooleanField(_("member: currently a head teacher"))
    member_honour_min_level = models.CharField(
        _("member: personal head-teacher honour at least"), max_length=10, choices=LEVEL_OR_NONE, blank=True
    )
    member_lower_host_qualifies = models.BooleanField(_("member: hosting a district or school studio also qualifies"))
    # Review (004: public call, self-recommendation, on-site defence, peer review).
    review_score_max = models.PositiveSmallIntegerField(_("peer review: top score"))
    review_min_reviewers = models.PositiveSmallIntegerField(_("peer review: reviewers at least"))
    # Assessment (003 五(一)).
    yellow_card_after_fails = models.PositiveSmallIntegerField(_("yellow card after failed years"))
    revoke_after_fails = models.PositiveSmallIntegerField(_("revoked after failed years"))
    excellent_eligibility = models.CharField(
        _("an excellent end-of-cycle grade makes the host eligible for"),
        max_length=200,
        blank=True,
    )
    qualified_eligibility = models.CharField(
        _("a qualified end-of-cycle grade makes the host eligible for"),
        max_length=200,
        blank=True,
    )
    # Hours (003 组织保障(二)): 工作室集体活动按照半天 3 个学时的标准纳入教师继续教育学时.
    hours_per_half_day = models.DecimalField(
        _("continuing-education hours per half-day of collective activity"),
        max_digits=4,
        decimal_places=1,
    )
    # 000 第五条 3: 导师每学期听评课、指导不少于 10 学时. Hours of the activities a mentor gives.
    mentor_guidance_hours = models.DecimalField(
        _("mentor: guidance hours per semester at least"),
        max_digits=4,
        decimal_places=1,
        help_text=_("0: no quota"),
    )
    graduation_titles = models.CharField(
        _("titles a graduating member may receive"),
        max_length=100,
        blank=True,
        help_text=_("Separated by 、 e.g. 优秀班主任、骨干班主任; empty: none"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("batch policy")

    def __str__(self) -> str:
        return f"{self.batch} · {_('policy')}"

    def hours_for(self, half_days: int) -> Decimal:
        """Continuing-education hours of `half_days` half-days of collective activity (the one place the
        conversion is made)."""
        return Decimal(half_days) * self.hours_per_half_day

    @property
    def titles(self) -> list[str]:
        return [title for title in self.graduation_titles.replace(",", "、").split("、") if title.strip()]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for role in ("mentors", "hosts", "liaisons", "members"):
            low, high = getattr(self, f"{role}_min"), getattr(self, f"{role}_max")
            if high is not None and low > high:
                errors[f"{role}_min"] = _("The minimum (%(low)s) is above the maximum (%(high)s).") % {
                    "low": low,
                    "high": high,
                }
        if self.hosts_min < 1:
            errors["hosts_min"] = _("A studio has at least one host.")
        cap, top = self.max_members_from_host_school, self.members_max
        if cap is not None and top is not None and cap > top:
            errors["max_members_from_host_school"] = _("This cannot exceed the members' maximum.")
        if self.revoke_after_fails < self.yellow_card_after_fails:
            errors["revoke_after_fails"] = _("Revocation cannot come before the yellow card.")
        if self.yellow_card_after_fails < 1:
            errors["yellow_card_after_fails"] = _("At least one failed year.")
        for name in ("hours_per_half_day", "mentor_guidance_hours"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                errors[name] = _("Hours cannot be negative.")
        if self.review_score_max < 1:
            errors["review_score_max"] = _("The top score must be positive.")
        for name in ("host_min_service_years", "member_min_service_years"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                errors[name] = _("Years cannot be negative.")
        if errors:
            raise ValidationError(errors)


class ResearchCheck(models.TextChoices):
    """The bureau's check of the research an applicant declares (issue 13, point 2)."""

    PENDING = "pending", _("Awaiting the bureau's check")
    VERIFIED = "verified", _("Verified by the bureau")
    REJECTED = "rejected", _("Not verified by the bureau")


class Studio(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPLIED = "applied", _("Applied")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", pgettext_lazy("studio status", "Approved")
        ACTIVE = "active", _("Active")
        YELLOW_CARD = "yellow_card", _("Yellow card")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Cycle ended, awaiting the end-of-cycle assessment")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Not selected")

    class Source(models.TextChoices):
        SELF = "self", _("Self-recommended")
        SCHOOL = "school", _("Recommended by the school")

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="studios")
    name = models.CharField(_("studio name"), max_length=60)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    theme = models.CharField(_("research theme"), max_length=120)
    plan = models.TextField(_("plan"), max_length=5000)
    host = models.ForeignKey(Teacher, verbose_name=_("host"), on_delete=models.PROTECT, related_name="hosted_studios")
    host_school = models.ForeignKey(School, verbose_name=_("host school"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("application"), max_length=10, choices=Source.choices, default=Source.SELF)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    research_title = models.CharField(_("research project led or joined"), max_length=120, blank=True)
    research_level = models.CharField(_("its level"), max_length=10, choices=LEVEL_OR_NONE, blank=True)
    # The declaration above is the applicant's word: the host standard counts it only once the bureau
    # verified it during the material check ("" when nothing was declared).
    research_check = models.CharField(
        _("check of the declared research"), max_length=10, choices=ResearchCheck.choices, blank=True
    )
    research_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    research_checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    research_check_note = models.CharField(_("note of the check"), max_length=300, blank=True)
    standard_check = models.JSONField(_("host standard check"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT, db_index=True)
    final_grade = models.CharField(_("end-of-cycle grade"), max_length=10, choices=Grade.choices, blank=True)
    host_eligibility = models.CharField(_("host eligibility"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "name"]
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        constraints = [
            models.CheckConstraint(
                name="studio_final_grade_only_when_completed",
                condition=Q(status="completed", final_grade__in=["excellent", "qualified", "failed"])
                | (~Q(status="completed") & Q(final_grade="")),
            ),
            # One host application per teacher per batch (a refused one may be followed by another).
            models.UniqueConstraint(
                fields=["batch", "host"], condition=~Q(status="rejected"), name="studio_one_application_per_host"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("studios-studio-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.host_school.region.path

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.ACTIVE, self.Status.YELLOW_CARD, self.Status.APPROVED}

    @property
    def accepts_records(self) -> bool:
        """A revoked, expired, completed or refused studio is read-only: its members add nothing more."""
        return self.status not in CLOSED_STATES

    @property
    def has_records(self) -> bool:
        """It ran, so it holds activities, an archive and grades (read-only once it is closed)."""
        return self.is_running or self.is_closed

    @property
    def is_closed(self) -> bool:
        """Past its selection and no longer running: what it holds is read, never written."""
        return self.status in {self.Status.REVOKED, self.Status.EXPIRED, self.Status.COMPLETED}


CLOSED_STATES = frozenset(
    {Studio.Status.REVOKED, Studio.Status.EXPIRED, Studio.Status.COMPLETED, Studio.Status.REJECTED}
)


class ReviewStep(models.Model):
    """One step of the selection (004): material check, on-site defence, decision."""

    class Step(models.TextChoices):
        MATERIAL = "material", _("Material check")
        DEFENCE = "defence", _("On-site defence")
        DECISION = "decision", _("Decision")

    class Outcome(models.TextChoices):
        PASS = "pass", _("Passed")
        FAIL = "fail", _("Not passed")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="review_steps")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["studio", "step"], name="review_step_once")]

    def __str__(self) -> str:
        return f"{self.studio} · {self.get_step_display()} · {self.get_outcome_display()}"


class ReviewScore(models.Model):
    """A peer reviewer's score (同行评议) for a studio application."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="review_scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["studio", "reviewer"], name="review_score_once_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.studio} · {self.reviewer} · {self.score}"


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        HOST = "host", _("Host")
        MENTOR = "mentor", _("Mentor")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        ADMITTED = "admitted", _("Admitted by the host")
        EVALUATED = "evaluated", _("Evaluated on site")
        ACTIVE = "active", pgettext_lazy("membership status", "Active")
        REFUSED = "refused", _("Refused")
        LEFT = "left", _("Left")
        ROTATED_OUT = "rotated_out", _("Rotated out")
        GRADUATED = "graduated", _("Graduated")

    class Source(models.TextChoices):
        SELF = "self", _("Self-applied")
        SCHOOL = "school", _("Recommended by the school")
        INVITED = "invited", _("Invited by the host")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    external_name = models.CharField(_("name (outside the schools)"), max_length=30, blank=True)
    external_affiliation = models.CharField(_("organisation and title"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    is_liaison = models.BooleanField(_("liaison / archivist"), default=False)
    statement = models.TextField(_("statement"), blank=True, max_length=2000)
    evaluation = models.TextField(_("on-site evaluation"), blank=True, max_length=2000)
    started_on = models.DateField(_("joined on"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    graduation_title = models.CharField(_("title conferred"), max_length=30, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio", "role", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_has_a_person",
                condition=Q(teacher__isnull=False) | ~Q(external_name=""),
            ),
            models.CheckConstraint(
                name="membership_external_only_for_mentors",
                condition=Q(teacher__isnull=False) | Q(role="mentor"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.get_role_display()}"

    @property
    def person_name(self) -> str:
        return self.teacher.name if self.teacher_id and self.teacher else self.external_name

    def audit_region_path(self) -> str:
        return self.studio.host_school.region.path


# Statuses that hold a place in the team for the composition limits.
HOLDS_A_PLACE: dict[str, list[str]] = {
    Membership.Role.MEMBER: [Membership.Status.ADMITTED, Membership.Status.EVALUATED, Membership.Status.ACTIVE],
    Membership.Role.MENTOR: [Membership.Status.INVITED, Membership.Status.ACTIVE],
    Membership.Role.HOST: [Membership.Status.ACTIVE],
}
PENDING_MEMBER_STATES = [Membership.Status.APPLIED, Membership.Status.ADMITTED, Membership.Status.EVALUATED]


class StudioAssessment(TimeStampedModel):
    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Yearly assessment")
        FINAL = "final", _("End-of-cycle assessment")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    grade = models.CharField(pgettext_lazy("result", "grade"), max_length=10, choices=Grade.choices)
    comments = models.TextField(_("comments"), blank=True, max_length=4000)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("studio assessment")
        constraints = [models.UniqueConstraint(fields=["studio", "kind", "year"], name="assessment_once_a_year")]

    def __str__(self) -> str:
        return f"{self.studio} {self.year} {self.get_grade_display()}"
