"""Growth archives (成长档案, policy 004): a person's items of typed kinds, and the studio's own materials.

| item kind                        | written by                                           | seen by                         |
| -------------------------------- | ---------------------------------------------------- | ------------------------------- |
| the owner's kinds                | the owner                                            | by visibility (see selectors)   |
| tracking record, appraisal       | a host or mentor of the studio, about its member     | the member, the studio's host   |
|                                  |                                                      | and mentors, the bureau, always |
| studio material (no owner)       | the studio's liaison (archivist) or host             | by visibility                   |
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.org.models import Teacher
from hts.studios.models import Studio


class ItemKind(models.TextChoices):
    DEVELOPMENT_PLAN = "dev_plan", _("Personal development plan")
    SEMESTER_SUMMARY = "summary", _("Semester summary")
    LECTURE = "lecture", _("Lecture")
    OPEN_LESSON = "open_lesson", _("Open or demonstration lesson")
    LESSON_PLAN = "lesson_plan", _("Lesson plan")
    CLASS_MEETING = "class_meeting", _("Class-meeting design")
    CASE_STUDY = "case", _("Case study with commentary")
    NARRATIVE = "narrative", _("Education narrative")
    READING_NOTES = "reading", _("Reading notes")
    PAPER = "paper", _("Paper")
    HONOUR = "honour", _("Honour")
    EVALUATION = "evaluation", _("Evaluation record")
    TRACKING = "tracking", _("Mentor's tracking record")
    APPRAISAL = "appraisal", _("Mentor's comprehensive appraisal")
    STUDIO_MATERIAL = "material", _("Studio research material")


MENTOR_KINDS = frozenset({ItemKind.TRACKING, ItemKind.APPRAISAL})
# Kinds a person files in their own archive (the mentor's kinds and studio materials are written by others).
OWNER_KINDS = [k for k in ItemKind if k not in MENTOR_KINDS and k != ItemKind.STUDIO_MATERIAL]
# The kinds that are a person's results (成果) and go into the studio's compilation of results (成果集,
# policy 003), in the order of its chapters: the work itself, then its recognition, then the summaries.
# Left out: plans, reading notes, evaluation records and the mentor's records (process, not results).
RESULT_KINDS = [
    ItemKind.LESSON_PLAN,
    ItemKind.CLASS_MEETING,
    ItemKind.CASE_STUDY,
    ItemKind.NARRATIVE,
    ItemKind.PAPER,
    ItemKind.LECTURE,
    ItemKind.OPEN_LESSON,
    ItemKind.HONOUR,
    ItemKind.SEMESTER_SUMMARY,
]


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private")
    STUDIO = "studio", _("Studio and supervisors")
    PUBLIC = "public", _("Public")


class ArchiveItem(TimeStampedModel):
    owner_teacher = models.ForeignKey(
        Teacher,
        verbose_name=_("whose archive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive_items",
    )
    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), null=True, blank=True, on_delete=models.PROTECT, related_name="archive_items"
    )
    kind = models.CharField(_("type"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("heading"), max_length=120)
    body = models.TextField(_("text"), blank=True, max_length=100_000)
    date = models.DateField(_("date"))
    semester_label = models.CharField(_("semester"), max_length=40, blank=True)
    visibility = models.CharField(_("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.STUDIO)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("archive item")
        verbose_name_plural = _("archive items")
        constraints = [
            # A person's item has an owner; a studio material belongs to a studio and nobody in particular.
            models.CheckConstraint(
                condition=(Q(kind="material") & Q(owner_teacher__isnull=True) & Q(studio__isnull=False))
                | (~Q(kind="material") & Q(owner_teacher__isnull=False)),
                name="archiveitem_owner_or_studio_material",
            ),
            # A mentor writes about a member of a studio.
            models.CheckConstraint(
                condition=~Q(kind__in=["tracking", "appraisal"]) | Q(studio__isnull=False),
                name="archiveitem_mentor_kind_has_studio",
            ),
        ]
        indexes = [models.Index(fields=["owner_teacher", "date"]), models.Index(fields=["studio", "date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archives-item", kwargs={"uid": self.uid})

    @property
    def is_mentor_kind(self) -> bool:
        return self.kind in MENTOR_KINDS

    def audit_region_path(self) -> str:
        if self.owner_teacher is not None:
            return self.owner_teacher.school.region.path
        return self.studio.host_school.region.path if self.studio else ""


class ArchiveFile(StoredFileBase):
    """A document, photo or video of an item (photos get thumbnails), served only through a permission check."""

    file_use = FileUse(
        "archives.file",
        kinds=("jpeg", "png", "pdf", "docx", "xlsx", "pptx", "mp4"),
        thumbnail=True,
        cache_control="private, max-age=3600",
    )

    item = models.ForeignKey(ArchiveItem, on_delete=models.CASCADE, related_name="files")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("archive file")

    def storage_folder(self) -> str:
        return f"archives/{self.item.uid}"
