"""What the public sees of a studio: publications offered by their authors and approved by the host.

A publication is a snapshot: the text the public reads is copied (masked, sanitised) at the publish
step, so a later edit of its source (an archive item, an activity, an achievement) never reaches the
public page unseen. Only a ``published`` row of a running or closed studio is public; everything
else (offered, returned, withdrawn) is seen by its author, the studio's host and the bureau only.

| step      | from               | to        | who                                   |
| --------- | ------------------ | --------- | ------------------------------------- |
| offer     | (none), returned   | offered   | the source's author (a member)        |
| publish   | offered            | published | the studio's host (after the preview) |
| return    | offered            | returned  | the studio's host, with a note        |
| withdraw  | offered, published | withdrawn | the author, the host, the bureau      |

A guardian's consent covers pupils in photos (per pupil or per class and semester, for a scope); a
photo that shows pupils is published only with a consent that covers it (or its faces blurred), and
withdrawing the consent withdraws every publication that used it (``PublicationPhoto.consent``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hts.activities.models import Activity
from hts.archives.models import ArchiveItem
from hts.classwork.models import Pupil
from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.org.models import SchoolClass, Semester, Teacher
from hts.research.models import Achievement
from hts.studios.models import Studio


class Section(models.TextChoices):
    """The sections of a studio's website (002 4(2)), each a kind of publication."""

    NEWS = "news", _("Work news")  # 工作动态
    PAPER = "paper", _("Members' papers")  # 成员论文
    LESSON_DESIGN = "lesson", _("Research-lesson designs")  # 研究课设计
    CASE = "case", _("Cases with commentary")  # 典型案例评析
    STORY = "story", _("Education stories")  # 教育故事
    ALBUM = "album", _("Photo albums")  # 相册
    RESEARCH = "research", _("Research and achievements")  # 课题与成果
    COMPILATION = "compilation", _("Compilation of results")  # 成果集


class Publication(TimeStampedModel):
    class Status(models.TextChoices):
        OFFERED = "offered", pgettext_lazy("publication status", "Awaiting approval")
        PUBLISHED = "published", pgettext_lazy("publication status", "Published")
        RETURNED = "returned", pgettext_lazy("publication status", "Returned")
        WITHDRAWN = "withdrawn", pgettext_lazy("publication status", "Withdrawn")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="publications")
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED, db_index=True)
    # Whose work it is (their blog lists it); empty for the studio's own news and materials.
    author = models.ForeignKey(
        Teacher, verbose_name=_("author"), null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    # At most one source: what the platform already holds. None: written for the site (studio news).
    archive_item = models.ForeignKey(
        ArchiveItem, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="publications")
    achievement = models.ForeignKey(
        Achievement, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    title = models.CharField(_("heading"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The public text: sanitised HTML with pupils' names masked, fixed at the publish step.
    body = models.TextField(_("text"), blank=True, max_length=100_000)
    # The names masked in it (shown to the host in the preview and kept for the audit, never public).
    masked_names = models.JSONField(default=list, blank=True)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_note = models.CharField(_("note on return"), max_length=500, blank=True)
    withdraw_reason = models.CharField(_("why it was withdrawn"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    # The same piece on WeChat or Weibo (002 4(2), 003 主要职责 4): recorded, never fetched.
    wechat_url = models.URLField(_("WeChat article"), blank=True)
    weibo_url = models.URLField(_("Weibo post"), blank=True)
    # Chosen by the bureau for its portal's front page.
    featured = models.BooleanField(_("featured on the portal"), default=False)
    # The consents covering names that the text shows unmasked: withdrawing one withdraws the publication.
    name_consents = models.ManyToManyField(
        "GuardianConsent", blank=True, related_name="publications_naming", verbose_name=_("consents to show names")
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(
                name="publication_at_most_one_source",
                condition=Q(archive_item__isnull=True, activity__isnull=True)
                | Q(archive_item__isnull=True, achievement__isnull=True)
                | Q(activity__isnull=True, achievement__isnull=True),
            ),
            models.CheckConstraint(
                name="publication_published_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
            models.CheckConstraint(
                name="publication_return_has_note", condition=~Q(status="returned") | ~Q(return_note="")
            ),
        ]
        indexes = [
            models.Index(fields=["studio", "status", "section"]),
            models.Index(fields=["author", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_region_path(self) -> str:
        return self.studio.host_school.region.path

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class GuardianConsent(TimeStampedModel):
    """A guardian's consent to show pupils on public pages: for one pupil, or for a whole class in one
    semester (a signed class form), for a scope, from a date until withdrawn. Either scope covers photos;
    only "photos and names" lets a pupil's name stay unmasked in published text (``exposure.api``)."""

    class Scope(models.TextChoices):
        PHOTOS = "photos", _("Photos on the studio's website")
        PHOTOS_AND_NAMES = "photos_names", _("Photos and names on the studio's website")

    pupil = models.ForeignKey(Pupil, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    school_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.CASCADE, related_name="guardian_consents"
    )
    semester = models.ForeignKey(Semester, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.PHOTOS)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("guardian consent")
        constraints = [
            # One pupil, or one class for one semester.
            models.CheckConstraint(
                name="consent_pupil_or_class_semester",
                condition=Q(pupil__isnull=False, school_class__isnull=True)
                | Q(pupil__isnull=True, school_class__isnull=False, semester__isnull=False),
            ),
        ]

    def audit_region_path(self) -> str:
        school_class = self.school_class if self.pupil_id is None else self.pupil.school_class
        return school_class.school.region.path

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class PublicationPhoto(StoredFileBase):
    """A photo as the public sees it (a copy, faces blurred when asked), with what allowed it."""

    # Asked again on every view: a photo withdrawn (its consent taken back) must not linger in a browser.
    file_use = FileUse("portal.photo", kinds=("jpeg", "png"), thumbnail=True, cache_control="public, no-cache")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    shows_pupils = models.BooleanField(_("pupils appear in it"), default=False)
    faces_blurred = models.BooleanField(_("faces blurred"), default=False)
    consent = models.ForeignKey(GuardianConsent, null=True, blank=True, on_delete=models.PROTECT, related_name="photos")
    # Every consent the photo relied on: one per pupil the host named (theirs, or their class's for the
    # semester), or the class's; ``consent`` is the first of them. Withdrawing any withdraws the publication.
    consents = models.ManyToManyField(GuardianConsent, blank=True, related_name="photos_relying")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("published photo")
        constraints = [
            # A photo that shows pupils is public only with a consent or with their faces blurred.
            models.CheckConstraint(
                name="photo_with_pupils_needs_consent_or_blur",
                condition=Q(shows_pupils=False) | Q(consent__isnull=False) | Q(faces_blurred=True),
            ),
        ]

    def storage_folder(self) -> str:
        return f"portal/{self.publication.uid}"


class ConsentScan(StoredFileBase):
    """The signed form of a consent (a scan or a photo), for those who may view the class's consents only."""

    file_use = FileUse("portal.consent_form", kinds=("pdf", "jpeg", "png"))

    consent = models.ForeignKey(GuardianConsent, on_delete=models.CASCADE, related_name="scans")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("signed consent form")

    def storage_folder(self) -> str:
        return f"portal/consents/{self.consent.uid}"


class PortalPolicy(TimeStampedModel):
    """A region's rules for what the public may write (issue 16 point 4): the sensitive-word list, the
    rate limit per address for comments and messages, and per person for forum posts. Subregions inherit their nearest ancestor's (``hts.portal.words``)."""

    region = models.OneToOneField(
        "org.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="portal_policy"
    )
    # One word or phrase a line; a comment, message or post holding one is refused, naming it.
    sensitive_words = models.TextField(_("sensitive words (one a line)"), blank=True, max_length=20_000)
    comments_per_hour = models.PositiveSmallIntegerField(
        _("comments and messages an hour from one address (at most)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    # Enough for a lively discussion, too few to flood a board; counted in the database, so every process agrees.
    forum_posts_per_hour = models.PositiveSmallIntegerField(
        _("forum posts (topics and replies) an hour from one person (at most)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    template = models.CharField(_("template"), max_length=40, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("portal policy")
        verbose_name_plural = _("portal policies")

    def __str__(self) -> str:
        return str(self.region)

    def audit_region_path(self) -> str:
        return self.region.path

    def word_list(self) -> list[str]:
        return [w.strip() for w in self.sensitive_words.splitlines() if w.strip()]


from hts.portal.comments.models import Comment  # noqa: E402, F401  (comments and messages, issue 16 point 4)
from hts.portal.contest.models import Contest, ContestBook, ContestObjection, Entry, EntryDocument, EntryScore, Judge  # noqa: E402, F401
from hts.portal.forum.models import ForumBoard, ForumModerator, ForumPost, ForumReport, ForumTopic  # noqa: E402, F401
from hts.portal.home.models import BrandLogo, Notice, NoticeAttachment, PortalBrand  # noqa: E402,F401
from hts.portal.ideas.models import Suggestion, SuggestionStep  # noqa: E402, F401
from hts.portal.sites.models import MemberPhoto, MemberProfile, StudioSite  # noqa: E402,F401
