"""Who may offer, publish, return and withdraw on a studio's website: each answers (ok, reason), asked
by the service to refuse and by the page to show a button or say why not."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.activities.models import Activity
from hts.archives.models import ArchiveItem, ItemKind, Visibility
from hts.portal.models import Publication, Section
from hts.research.models import Achievement
from hts.studios.models import Membership, Studio

# Which section an archive item goes to, by its kind; kinds missing here are process records
# (plans, summaries, evaluations, the mentor's records) that the website does not carry.
SECTION_OF_KIND: dict[str, str] = {
    ItemKind.PAPER: Section.PAPER,
    ItemKind.LESSON_PLAN: Section.LESSON_DESIGN,
    ItemKind.OPEN_LESSON: Section.LESSON_DESIGN,
    ItemKind.CLASS_MEETING: Section.LESSON_DESIGN,
    ItemKind.LECTURE: Section.LESSON_DESIGN,
    ItemKind.CASE_STUDY: Section.CASE,
    ItemKind.NARRATIVE: Section.STORY,
    ItemKind.READING_NOTES: Section.STORY,
}

# A site exists while the studio runs and after its cycle (its record stays public); never before it
# was approved, nor once revoked or rejected.
SITE_STATES = frozenset(
    {
        Studio.Status.APPROVED,
        Studio.Status.ACTIVE,
        Studio.Status.YELLOW_CARD,
        Studio.Status.EXPIRED,
        Studio.Status.COMPLETED,
    }
)

Verdict = tuple[bool, str]


def has_site(studio: Studio) -> bool:
    return studio.status in SITE_STATES


def studio_open(studio: Studio) -> Verdict:
    """Whether the website takes new offers and publications: only while the studio runs."""
    if not has_site(studio):
        return False, _("This studio has no website.")
    if not studio.is_running:
        return False, _("The studio is closed: its website keeps what it published and takes nothing new.")
    return True, ""


def _teacher_id(user: Any) -> int | None:
    return getattr(user, "teacher_id", None) if getattr(user, "is_authenticated", False) else None


def is_team_member(user: Any, studio: Studio) -> bool:
    teacher_id = _teacher_id(user)
    if teacher_id is None:
        return False
    return Membership.objects.filter(studio=studio, teacher_id=teacher_id, status=Membership.Status.ACTIVE).exists()


def _already(studio: Studio, **source: Any) -> bool:
    return Publication.objects.filter(
        studio=studio, status__in=[Publication.Status.OFFERED, Publication.Status.PUBLISHED], **source
    ).exists()


def can_offer_item(user: Any, item: ArchiveItem, studio: Studio) -> Verdict:
    ok, reason = studio_open(studio)
    if not ok:
        return ok, reason
    if not is_team_member(user, studio):
        return False, _("Only the studio's team offers work to its website.")
    if item.owner_teacher_id is None or item.owner_teacher_id != _teacher_id(user):
        return False, _("You can offer only items of your own archive.")
    if item.visibility == Visibility.PRIVATE:
        return False, _(
            "This item is private: only you see it. Make it visible to the studio first if you want it published."
        )
    if item.kind not in SECTION_OF_KIND:
        return False, _("This type of item is not published on the website.")
    if _already(studio, archive_item=item):
        return False, _("This item is already offered or published.")
    return True, ""


def can_offer_activity(user: Any, activity: Activity) -> Verdict:
    studio = activity.studio
    if studio is None:
        return False, _("Only a studio's activities go to its website.")
    ok, reason = studio_open(studio)
    if not ok:
        return ok, reason
    if not is_team_member(user, studio):
        return False, _("Only the studio's team offers work to its website.")
    if activity.cancelled_at is not None or activity.starts_at > timezone.now():
        return False, _("Only an activity that took place is reported as news.")
    if _already(studio, activity=activity):
        return False, _("This activity is already offered or published.")
    return True, ""


def can_offer_achievement(user: Any, achievement: Achievement, studio: Studio) -> Verdict:
    ok, reason = studio_open(studio)
    if not ok:
        return ok, reason
    if not is_team_member(user, studio):
        return False, _("Only the studio's team offers work to its website.")
    if achievement.owner_id != _teacher_id(user):
        return False, _("You can offer only your own achievements.")
    if achievement.status != Achievement.Status.VERIFIED:
        return False, _("Only an achievement the bureau verified is published.")
    if _already(studio, achievement=achievement):
        return False, _("This achievement is already offered or published.")
    return True, ""


def can_moderate(user: Any, publication: Publication) -> Verdict:
    """Publish or return: the studio's host (an administrator too), while the studio runs."""
    if not can(user, "portal.moderate", publication):
        return False, _("Only the studio's host decides what its website publishes.")
    if publication.status != Publication.Status.OFFERED:
        return False, _("Only an offered item awaits a decision.")
    return studio_open(publication.studio)


def can_withdraw(user: Any, publication: Publication) -> Verdict:
    """The author (or who offered it), the host and the bureau; a closed studio's items too."""
    if publication.status not in (Publication.Status.OFFERED, Publication.Status.PUBLISHED):
        return False, _("Only an offered or published item can be withdrawn.")
    own = getattr(user, "is_authenticated", False) and (
        publication.offered_by_id == user.pk
        or (publication.author_id is not None and publication.author_id == _teacher_id(user))
    )
    if own or can(user, "portal.withdraw", publication):
        return True, ""
    return False, _("Only its author, the studio's host or the bureau withdraws it.")
