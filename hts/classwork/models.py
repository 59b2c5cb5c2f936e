"""A class's pupils (only what the work needs: minors' data under PIPL) and its head teacher's work log.

The frequencies the log is held to are a region's policy (001 附件1 duties 9 and 16; 附件2 items 6, 7, 10
and 15), never numbers in code: a region on the Ganyu template gets 001's; elsewhere none until a bureau
sets one, and a number left empty turns its rule off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hts.core.files import FileUse
from hts.core.models import StoredFileBase, TimeStampedModel
from hts.core.validators import mobile_validator
from hts.org.models import Region, SchoolClass, Semester


def _count(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Empty: no such rule."),
    )


class ClassworkPolicy(TimeStampedModel):
    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="classwork_policy"
    )
    # 附件1 9: 每月至少召开一次以上主题班(团、队)会.
    theme_meetings_a_month = _count(_("theme class meetings a month (at least)"))
    # 附件1 9 and 附件2 7: 每月办一期黑板报.
    blackboard_issues_a_month = _count(_("blackboard issues a month (at least)"))
    # 附件2 15: 每两周召开一次班干部工作会.
    cadre_meeting_every_days = models.PositiveSmallIntegerField(
        _("a class-cadre meeting every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Empty: no such rule."),
    )
    # 附件2 10: 每学期至少召开家长会二次以上.
    parent_meetings_a_semester = _count(_("parent meetings a semester (at least)"))
    # 附件1 16 and 附件2 10: 每学期至少要对学生进行一次家访.
    visit_every_pupil = models.BooleanField(_("every pupil visited at least once a semester"), default=False)
    # 附件2 6: 每学期做到有工作计划和总结.
    semester_plan_required = models.BooleanField(_("a semester plan"), default=False)
    semester_summary_required = models.BooleanField(_("a semester summary"), default=False)
    # PIPL 第十九条 and 第四十七条: kept no longer than the purpose needs, then deleted or anonymised. 001 sets
    # no number; the Ganyu template's is in its module with the reasoning.
    anonymise_after_days = models.PositiveSmallIntegerField(
        _("anonymise a pupil's records this many days after the pupil leaves the class"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Empty: never by itself; a school's office can still erase on request."),
    )
    template = models.CharField(_("template"), max_length=40, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("class work policy")
        verbose_name_plural = _("class work policies")

    def __str__(self) -> str:
        return gettext("Class work policy of %(region)s") % {"region": self.region}

    def audit_region_path(self) -> str:
        return self.region.path


class ClassRef(SchoolClass):
    """A class seen through the class work log's scope (its school's office, its head teacher and
    deputy), apart from org's own scope of classes, which reaches bureaus."""

    class Meta:
        proxy = True
        verbose_name = _("class")
        verbose_name_plural = _("classes")


class Pupil(TimeStampedModel):
    """A pupil of a class: a name, a gender and the flags the class work needs; nothing else (no ID
    number, address or parents' phone)."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="pupils"
    )
    name = models.CharField(_("name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    # 附件1 16: 要做好学困生、留守生、特殊家庭学生的家访工作: the three flags say whom to visit first.
    left_behind = models.BooleanField(_("left-behind child"), default=False)
    special_family = models.BooleanField(_("special family"), default=False)
    learning_difficulty = models.BooleanField(_("learning difficulty"), default=False)
    # The day the pupil left the class (moved school, graduated): the region's anonymise_after_days run from it.
    left_on = models.DateField(_("left the class on"), null=True, blank=True)
    # Set when the name and the free text about the pupil were removed; the flags and the entries stay.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        constraints = [models.UniqueConstraint(fields=["school_class", "name"], name="pupil_unique_name_in_class")]

    def __str__(self) -> str:
        return self.name

    def audit_region_path(self) -> str:
        return self.school_class.school.region.path


class Kind(models.TextChoices):
    THEME_MEETING = "theme_meeting", _("Theme class meeting")
    BLACKBOARD = "blackboard", _("Blackboard issue")
    CADRE_MEETING = "cadre_meeting", _("Class-cadre meeting")
    PARENT_MEETING = "parent_meeting", _("Parent meeting")
    OPEN_WEEK = "open_week", _("Parent open week")
    HOME_VISIT = "home_visit", _("Home visit")
    TEACHER_MEETING = "teacher_meeting", _("Meeting with subject teachers")
    SAFETY = "safety", _("Safety education or outing plan")
    INCIDENT = "incident", _("Incident and how it was handled")
    PLAN = "plan", _("Semester plan")
    SUMMARY = "summary", _("Semester summary")


class VisitMode(models.TextChoices):
    VISIT = "visit", _("Visit at home")
    PHONE = "phone", _("By phone")
    ONLINE = "online", _("Online")


class LogEntry(TimeStampedModel):
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="log_entries"
    )
    semester = models.ForeignKey(Semester, verbose_name=_("semester"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    # The theme of a meeting or an issue, the subject of a safety talk, what happened in an incident.
    title = models.CharField(_("theme"), max_length=200, blank=True)
    # The design of a meeting, what was learnt on a visit, how an incident was handled, a plan's text.
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    visit_mode = models.CharField(_("how"), max_length=10, choices=VisitMode.choices, blank=True)
    pupil = models.ForeignKey(
        Pupil, verbose_name=_("pupil"), null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["school_class", "semester", "kind"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"

    def audit_region_path(self) -> str:
        return self.school_class.school.region.path


class LogPhoto(StoredFileBase):
    """A photo of a logged meeting; served only after the class's scope check."""

    file_use = FileUse("classwork.photo", kinds=("jpeg", "png"))

    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="photos")

    class Meta(StoredFileBase.Meta):
        verbose_name = _("photo")

    def storage_folder(self) -> str:
        return f"classwork/{self.entry.school_class_id}/{self.entry_id}"


class LeftBehindFile(TimeStampedModel):
    """A left-behind child's file (留守儿童档案, 001 附件2 item 11): who cares for the child, where the
    parents work and how the school keeps in touch. Kept when the pupil is unflagged, but shown only
    while the pupil is flagged; every read is audited with its reason."""

    pupil = models.OneToOneField(
        Pupil, verbose_name=_("pupil"), on_delete=models.CASCADE, related_name="left_behind_file"
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=40)
    guardian_relation = models.CharField(_("guardian's relation to the child"), max_length=20)
    parents_work = models.CharField(_("where the parents work"), max_length=200)
    contact_plan = models.TextField(_("contact plan"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("left-behind child's file")
        verbose_name_plural = _("left-behind children's files")

    def __str__(self) -> str:
        # Never the minor's name: this label reaches audit entries and error messages.
        return gettext("Left-behind child's file of %(class)s") % {"class": self.pupil.school_class}

    def audit_region_path(self) -> str:
        return self.pupil.school_class.school.region.path


class LeftBehindActivity(TimeStampedModel):
    """An activity held for the child (a talk, a birthday, a call with the parents)."""

    file = models.ForeignKey(LeftBehindFile, on_delete=models.CASCADE, related_name="activities")
    on = models.DateField(_("date"))
    title = models.CharField(_("activity"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("activity for the child")
        indexes = [models.Index(fields=["file", "on"])]


class LeftBehindNote(TimeStampedModel):
    """A support note: what was seen or done for the child, dated."""

    file = models.ForeignKey(LeftBehindFile, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField(_("date"))
    text = models.TextField(_("support note"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("support note")


class PupilContact(TimeStampedModel):
    """A parent's name and mobile number, kept only so the head teacher can arrange a home visit (001
    附件1 16; the issue's one exception to "no parents' phones"). Optional, one per pupil, added by the
    class's head teacher or deputy and seen only by them: the school office keeps the pupil list but
    makes no visits, so under PIPL's minimum-necessary rule it does not see the number."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="visit_contact")
    name = models.CharField(_("parent's name"), max_length=40)
    phone = models.CharField(_("parent's mobile"), max_length=11, validators=[mobile_validator])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("contact for home visits")
        verbose_name_plural = _("contacts for home visits")

    def __str__(self) -> str:
        return gettext("Contact for home visits")

    def audit_region_path(self) -> str:
        return self.pupil.school_class.school.region.path
