"""Research projects (课题), achievements (成果) and the level weights that score them.

Weights are policy: 001 附件2 items 17 and 23 weight a result by its level (校级、乡级 0.6; 县级 0.8;
市级及以上 1). A region may set its own; a region without one uses its nearest ancestor's.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.org.models import Level, Region, Teacher
from hts.studios.models import Studio
from hts.studios.policy_templates import DEFAULT_LEVEL_WEIGHTS

# A region without its own weights, nor an ancestor with them, weighs achievements as 001 附件2 items 17
# and 23 do (the only document that sets level weights; hts/studios/policy_templates/ganyu.py).
DEFAULT_WEIGHTS: dict[str, Decimal] = dict(DEFAULT_LEVEL_WEIGHTS)


def _weight_field(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )


class WeightPolicy(TimeStampedModel):
    """A region's weight per level; its subregions inherit it unless they set their own."""

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="weight_policy"
    )
    school = _weight_field(_("School level"))
    township = _weight_field(_("Township level"))
    county = _weight_field(_("County/district level"))
    city = _weight_field(_("City level"))
    province = _weight_field(_("Provincial level"))
    national = _weight_field(_("National level"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weight policy")
        verbose_name_plural = _("weight policies")

    def __str__(self) -> str:
        return gettext("Level weights of %(region)s") % {"region": self.region}

    def audit_region_path(self) -> str:
        return self.region.path

    def weights(self) -> dict[str, Decimal]:
        return {level: getattr(self, level) for level in Level.values}

    def clean(self) -> None:
        previous: tuple[str, Decimal] | None = None
        for level in Level:
            value = getattr(self, level.value)
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                raise ValidationError(
                    {
                        level.value: gettext(
                            "A higher level may not weigh less: %(level)s %(value)s is below %(lower)s %(lower_value)s."
                        )
                        % {"level": level.label, "value": value, "lower": previous[0], "lower_value": previous[1]}
                    }
                )
            previous = (str(level.label), value)


class ResearchProject(TimeStampedModel):
    """A studio's research project (课题), from application to conclusion.

    | transition | from               | to           | who                                         |
    | ---------- | ------------------ | ------------ | ------------------------------------------- |
    | approve    | applied            | approved     | bureau (research.approve)                   |
    | reject     | applied            | not_approved | bureau (research.approve), with a reason    |
    | midterm    | approved           | midterm      | the studio's host or liaison (research.manage) |
    | conclude   | midterm            | concluded    | bureau (research.approve)                   |
    | terminate  | approved, midterm  | terminated   | bureau (research.approve), with a reason    |

    No transition goes back to an earlier stage.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved (project set up)")
        MIDTERM = "midterm", _("Mid-term review")
        CONCLUDED = "concluded", _("Concluded")
        NOT_APPROVED = "not_approved", _("Not approved")
        TERMINATED = "terminated", _("Terminated")

    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="research_projects"
    )
    title = models.CharField(_("project title"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.APPLIED, db_index=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    lead = models.ForeignKey(
        Teacher, verbose_name=_("project host"), on_delete=models.PROTECT, related_name="research_led"
    )
    members = models.ManyToManyField(
        Teacher, verbose_name=_("project members"), blank=True, related_name="research_projects"
    )
    outputs = models.TextField(_("outputs"), blank=True, max_length=5000)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="research_project_ends_after_start"),
            # Refusal and termination always say why.
            models.CheckConstraint(
                condition=~Q(status__in=["not_approved", "terminated"]) | ~Q(status_reason=""),
                name="research_project_end_state_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["studio", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research-project-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.studio.host_school.region.path

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": gettext("The end must come after the start.")})


# The ordered stages; the end states sit after them so that nothing moves back from them either.
STAGE_ORDER: list[str] = [
    ResearchProject.Status.APPLIED,
    ResearchProject.Status.APPROVED,
    ResearchProject.Status.MIDTERM,
    ResearchProject.Status.CONCLUDED,
]


# Research documents and evidence: photos, scans and office documents.
UPLOAD_KINDS = ("jpeg", "png", "pdf", "docx", "xlsx", "pptx")


class ProjectDocument(StoredFileBase):
    """A document of one stage of a project (申报书, 立项通知, 中期报告, 结项报告 …)."""

    file_use = FileUse("research.document", kinds=UPLOAD_KINDS)

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField(_("stage"), max_length=15, choices=ResearchProject.Status.choices)

    class Meta(StoredFileBase.Meta):
        verbose_name = _("project document")

    def storage_folder(self) -> str:
        return f"research/projects/{self.project.uid}"


class Achievement(TimeStampedModel):
    """A teacher's result (成果), counted in evaluations only once the bureau has verified it.

    | transition | from    | to       | who                                          |
    | ---------- | ------- | -------- | -------------------------------------------- |
    | record     | —       | pending  | the teacher themself (achievement.record)    |
    | verify     | pending | verified | bureau in scope (achievement.verify)         |
    | reject     | pending | rejected | bureau in scope, with a reason               |
    """

    class Kind(models.TextChoices):
        PAPER_PUBLISHED = "paper_published", _("Paper published")
        PAPER_AWARDED = "paper_awarded", _("Paper awarded")
        BOOK = "book", _("Book")
        CONTEST = "contest", _("Contest result")
        HONOUR = "honour", _("Honour")
        OPEN_LESSON = "open_lesson", _("Open lesson")
        # A project led or joined outside the platform (its 结项证书 as evidence): once verified it counts
        # as a concluded project, for evaluation and for the host standard (003 四(三)2(3)).
        PROJECT = "project", _("Research project led or joined (concluded)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    owner = models.ForeignKey(Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="achievements")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("heading"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    achieved_on = models.DateField(_("date"))
    issuer = models.CharField(_("issuer or publication"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-achieved_on", "-id"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="achievement_rejection_has_reason"
            )
        ]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research-achievement-detail", kwargs={"uid": self.uid})

    def audit_region_path(self) -> str:
        return self.owner.school.region.path

    @property
    def counts(self) -> bool:
        """Only verified achievements count in evaluations."""
        return self.status == self.Status.VERIFIED

    def clean(self) -> None:
        if self.achieved_on and self.achieved_on > timezone.localdate():
            raise ValidationError({"achieved_on": gettext("The date may not be in the future.")})


class Evidence(StoredFileBase):
    """A certificate, cover page or scan proving an achievement."""

    file_use = FileUse("research.evidence", kinds=UPLOAD_KINDS)

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="evidence")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("evidence")

    def storage_folder(self) -> str:
        return f"research/achievements/{self.achievement.uid}"
