"""Reads of the studio websites. Public reads return only published rows of a studio that has a site;
staff reads go through the access API."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hts.accounts.access import can, scoped
from hts.activities.models import Activity
from hts.archives.models import ArchiveItem, Visibility
from hts.portal.models import Publication, PublicationPhoto, Section
from hts.portal.sites.guards import SECTION_OF_KIND, SITE_STATES
from hts.portal.sites.models import MemberProfile, StudioSite
from hts.research.models import Achievement, ResearchProject
from hts.studios.models import Membership, Studio


def public_publications() -> QuerySet[Publication]:
    """Published rows of studios that have a site, never anything else."""
    return Publication.objects.filter(status=Publication.Status.PUBLISHED, studio__status__in=SITE_STATES)


def site_get(slug: str) -> StudioSite:
    site = (
        StudioSite.objects.select_related("studio__host", "studio__host_school__region", "studio__batch")
        .filter(slug=slug, studio__status__in=SITE_STATES)
        .first()
    )
    if site is None:
        raise Http404
    return site


def team(studio: Studio) -> dict[str, list[Membership]]:
    """Host, mentors and members, each with their public profile and photo (two queries)."""
    rows = (
        Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE)
        .select_related("teacher__school", "teacher__public_profile__photo")
        .order_by("id")
    )
    found: dict[str, list[Membership]] = defaultdict(list)
    for row in rows:
        found[row.role].append(row)
    return found


def _with_cover(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    return queryset.select_related("author").prefetch_related(
        Prefetch("photos", queryset=PublicationPhoto.objects.order_by("id"))
    )


def latest(studio: Studio, *, section: str | None = None, limit: int = 6) -> list[Publication]:
    queryset = public_publications().filter(studio=studio)
    if section:
        queryset = queryset.filter(section=section)
    return list(_with_cover(queryset)[:limit])


def section_list(studio: Studio, section: str) -> QuerySet[Publication]:
    return _with_cover(public_publications().filter(studio=studio, section=section))


def album_photos(studio: Studio) -> QuerySet[PublicationPhoto]:
    return (
        PublicationPhoto.objects.filter(publication__in=public_publications().filter(studio=studio))
        .select_related("publication")
        .order_by("-publication__published_at", "id")
    )


def item_get(site: StudioSite, uid: Any) -> Publication:
    publication = (
        _with_cover(public_publications().filter(studio=site.studio, uid=uid)).select_related("studio").first()
    )
    if publication is None:
        raise Http404
    return publication


def photo_get(uid: Any) -> PublicationPhoto:
    photo = PublicationPhoto.objects.filter(uid=uid, publication__in=public_publications()).first()
    if photo is None:
        raise Http404
    return photo


def research(studio: Studio) -> dict[str, Any]:
    projects = list(
        ResearchProject.objects.filter(
            studio=studio,
            status__in=[
                ResearchProject.Status.APPROVED,
                ResearchProject.Status.MIDTERM,
                ResearchProject.Status.CONCLUDED,
            ],
        ).order_by("-starts_on", "id")
    )
    return {"projects": projects, "achievements": list(section_list(studio, Section.RESEARCH)[:50])}


# --- members' pages ---------------------------------------------------------------------------------------


def blog_teacher(uid: Any) -> Any:
    """A teacher has a public page while they are in the team of a studio that has a site, or published."""
    from hts.org.models import Teacher

    in_team = Membership.objects.filter(
        teacher=OuterRef("pk"), studio__status__in=SITE_STATES, status=Membership.Status.ACTIVE
    )
    published = public_publications().filter(author=OuterRef("pk"))
    teacher = (
        Teacher.objects.filter(uid=uid)
        .filter(Exists(in_team) | Exists(published))
        .select_related("school__region", "public_profile__photo")
        .first()
    )
    if teacher is None:
        raise Http404
    return teacher


def blog_publications(teacher: Any) -> QuerySet[Publication]:
    return _with_cover(public_publications().filter(author=teacher)).select_related("studio__site")


def profile_photo_get(uid: Any) -> Any:
    from hts.portal.sites.models import MemberPhoto

    photo = MemberPhoto.objects.filter(profile__teacher__uid=uid).first()
    if photo is None:
        raise Http404
    return photo


def own_profile(teacher: Any) -> MemberProfile | None:
    return MemberProfile.objects.filter(teacher=teacher).select_related("photo").first()


# --- staff ------------------------------------------------------------------------------------------------


def queue_studio(user: Any, uid: Any) -> Studio:
    studio = scoped(user, "portal.withdraw", Studio.objects.select_related("host_school__region", "batch"))
    found = studio.filter(uid=uid, status__in=SITE_STATES).first()
    if found is None:
        raise Http404
    return found


def studio_publications(user: Any, studio: Studio) -> QuerySet[Publication]:
    return (
        scoped(user, "portal.withdraw", Publication.objects.filter(studio=studio))
        .select_related("author", "offered_by", "archive_item", "activity", "achievement")
        .order_by("status", "-updated_at")
    )


def publication_for_staff(user: Any, uid: Any) -> Publication:
    """The publication if `user` may act on it: the studio's host or bureau, or who offered it."""
    base = Publication.objects.select_related(
        "studio__host_school__region", "archive_item", "activity", "achievement", "author", "offered_by"
    )
    publication = base.filter(uid=uid).first()
    if publication is None:
        raise Http404
    mine = publication.offered_by_id == user.pk or (
        publication.author_id is not None and publication.author_id == getattr(user, "teacher_id", None)
    )
    if mine or (
        can(user, "portal.withdraw") and scoped(user, "portal.withdraw", base).filter(pk=publication.pk).exists()
    ):
        return publication
    raise Http404


def my_studios(user: Any) -> list[Studio]:
    teacher_id = getattr(user, "teacher_id", None)
    if not teacher_id:
        return []
    return list(
        Studio.objects.filter(
            memberships__teacher_id=teacher_id,
            memberships__status=Membership.Status.ACTIVE,
            status__in=SITE_STATES,
        ).distinct()
    )


def my_offerables(user: Any, studio: Studio) -> dict[str, Any]:
    """What `user` may offer to `studio`: their shared archive items of published kinds, the studio's
    past activities, their verified achievements; and their private items, to say why they are not."""
    teacher_id = user.teacher_id
    taken = Publication.objects.filter(
        studio=studio, status__in=[Publication.Status.OFFERED, Publication.Status.PUBLISHED]
    )
    found = (
        ArchiveItem.objects.filter(owner_teacher_id=teacher_id, kind__in=list(SECTION_OF_KIND))
        .exclude(pk__in=taken.exclude(archive_item=None).values("archive_item_id"))
        .order_by("-date", "-id")[:50]
    )
    activities = (
        Activity.objects.filter(studio=studio, cancelled_at__isnull=True, starts_at__lte=timezone.now())
        .exclude(pk__in=taken.exclude(activity=None).values("activity_id"))
        .order_by("-starts_at")[:20]
    )
    achievements = (
        Achievement.objects.filter(owner_id=teacher_id, status=Achievement.Status.VERIFIED)
        .exclude(pk__in=taken.exclude(achievement=None).values("achievement_id"))
        .order_by("-achieved_on")[:20]
    )
    items = list(found)
    return {
        "items": [i for i in items if i.visibility != Visibility.PRIVATE],
        "private_items": [i for i in items if i.visibility == Visibility.PRIVATE],
        "activities": list(activities),
        "achievements": list(achievements),
    }


def my_publications(user: Any) -> QuerySet[Publication]:
    return Publication.objects.filter(offered_by=user).select_related("studio__site").order_by("-updated_at")[:100]


def publicity_days(studio_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
    """The days each studio published an archive item or achievement (activities count through their own
    publicity link): the monthly publicity quota's other source."""
    tz = timezone.get_current_timezone()
    rows = (
        public_publications()
        .filter(
            studio_id__in=studio_ids,
            activity__isnull=True,
            published_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            published_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        .values_list("studio_id", "published_at")
    )
    found: dict[int, list[dt.date]] = defaultdict(list)
    for studio_id, published_at in rows:
        found[studio_id].append(timezone.localtime(published_at, tz).date())
    return found


# What the bureau portal (hts.portal.home.registry) learns from the sites: addresses for its sitemap,
# its studio list and its featured items.


ITEMS_LISTED = 40_000  # the newest items: a sitemap file holds 50,000 addresses


def sitemap_paths() -> Iterator[tuple[str, dt.date | None]]:
    """Each public site's home and board, and each published item (newest first)."""
    for slug in (
        StudioSite.objects.filter(studio__status__in=SITE_STATES).order_by("slug").values_list("slug", flat=True)
    ):
        yield reverse("portal-site-home", kwargs={"slug": slug}), None
        yield reverse("portal-site-messages", kwargs={"slug": slug}), None
    items = (
        public_publications()
        .filter(studio__site__isnull=False)
        .order_by("-published_at")
        .values_list("studio__site__slug", "uid", "published_at")[:ITEMS_LISTED]
    )
    for slug, uid, published_at in items.iterator():
        yield (
            reverse("portal-site-item", kwargs={"slug": slug, "uid": uid}),
            timezone.localdate(published_at) if published_at else None,
        )


def studio_paths(studios: list[Any]) -> dict[int, str]:
    sites = StudioSite.objects.filter(studio__in=[s.pk for s in studios], studio__status__in=SITE_STATES)
    return {
        studio_id: reverse("portal-site-home", kwargs={"slug": slug})
        for studio_id, slug in sites.values_list("studio_id", "slug")
    }


def publication_paths(publications: list[Any]) -> dict[int, str]:
    rows = public_publications().filter(pk__in=[p.pk for p in publications], studio__site__isnull=False)
    return {
        pk: reverse("portal-site-item", kwargs={"slug": slug, "uid": uid})
        for pk, slug, uid in rows.values_list("pk", "studio__site__slug", "uid")
    }
