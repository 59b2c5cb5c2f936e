"""What else the public search finds besides published items (issue 16 point 9): the studios that have a
website, members' blogs, the bureaus' published notices and finished contests' results.

Each is an ``is_public`` entry written by the service that changes it (a studio's state or site, a
publication's publish and withdraw for its author's blog, a notice's publish and unpublish, a contest's
final results) and rebuilt by ``rebuild_search_index``; each kind's ``public()`` is checked again as
the index is read. Schools are found only as the host school of a shown studio (the studio's entry
carries its host school's name and short names), never on their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hts.core.search.registry import Indexed, SearchKind, register_search_kind
from hts.org.models import Region, Teacher
from hts.portal.contest.models import Contest
from hts.portal.home.models import Notice
from hts.portal.search_public import STUDIOS_SHOWN, public_publications
from hts.portal.sites.models import StudioSite
from hts.studios.models import Studio


def _places(region: Region | None) -> list[str]:
    names = []
    while region is not None and len(names) < 4:
        names.append(region.name)
        region = region.parent
    return names


# --- studios that have a website ------------------------------------------------------------------


def shown_studios() -> QuerySet[Studio]:
    return Studio.objects.filter(status__in=STUDIOS_SHOWN, site__isnull=False)


def site_entry(studio: Studio) -> Indexed | None:
    if studio.status not in STUDIOS_SHOWN:
        return None
    site = StudioSite.objects.filter(studio=studio).first()
    if site is None:
        return None
    school = studio.host_school
    district = school.region.name
    # Only what the site's home shows: name, theme, introduction, host school and its district; not the
    # plan, the host's name or anything of the team.
    return Indexed(
        title=studio.name,
        text=" · ".join(part for part in (studio.theme, school.name, district, site.intro) if part),
        things=[studio.name],
        schools=[(school.name, _places(school.region))],
        region_path=school.region.path,
        studio_id=studio.pk,
        is_public=True,
    )


def _site_urls(uids: list[Any]) -> dict[Any, str]:
    sites = StudioSite.objects.filter(studio__uid__in=uids, studio__status__in=STUDIOS_SHOWN)
    return {
        uid: reverse("portal-site-home", kwargs={"slug": slug})
        for uid, slug in sites.values_list("studio__uid", "slug")
    }


# --- members' blogs ------------------------------------------------------------------------------------


def blog_teachers() -> QuerySet[Teacher]:
    """A member's blog is found once they have a publication the public may see."""
    return Teacher.objects.filter(Exists(public_publications().filter(author=OuterRef("pk"))))


def _blog_rows() -> QuerySet[Teacher]:
    # Marked as known to publish, so a rebuild over a city's bloggers asks nothing more per row.
    return blog_teachers().annotate(publishes=Value(True)).select_related("school__region")


def blog_entry(teacher: Teacher) -> Indexed | None:
    publishes = getattr(teacher, "publishes", None)
    if publishes is None:  # one teacher re-indexed after a publication moved: ask
        publishes = public_publications().filter(author=teacher).exists()
    if not publishes:
        return None
    # The name and the school only: never the mobile number, and not the e-mail even when shown.
    return Indexed(
        title=teacher.name,
        text=teacher.school.name,
        names=[teacher.name],
        region_path=teacher.school.region.path,
        owner_teacher_id=teacher.pk,
        is_public=True,
    )


# --- notices and contests ------------------------------------------------------------------------------


def public_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(status=Notice.Status.PUBLISHED, region__bureau__isnull=False)


def notice_entry(notice: Notice) -> Indexed | None:
    if notice.status != Notice.Status.PUBLISHED:
        return None
    return Indexed(title=notice.title, text=notice.body, region_path=notice.region.path, is_public=True)


def _notice_urls(uids: list[Any]) -> dict[Any, str]:
    return {
        uid: reverse("portal-notice", kwargs={"code": code, "uid": uid})
        for uid, code in public_notices().filter(uid__in=uids).values_list("uid", "region__code")
    }


def public_contests() -> QuerySet[Contest]:
    return Contest.objects.filter(status=Contest.Status.FINAL)


def contest_entry(contest: Contest) -> Indexed | None:
    if contest.status != Contest.Status.FINAL:
        return None
    return Indexed(title=contest.title, text=contest.theme, region_path=contest.organiser_path, is_public=True)


def register() -> None:
    register_search_kind(
        SearchKind(
            kind="site",
            model=Studio,
            label=_("Studio websites"),
            entry=site_entry,
            rows=lambda: shown_studios().select_related("host_school__region__parent__parent__parent"),
            url=lambda uid: _site_urls([uid]).get(uid),
            urls=_site_urls,
            public=shown_studios,
            order=80,
        )
    )
    register_search_kind(
        SearchKind(
            kind="blog",
            model=Teacher,
            label=_("Members' pages"),
            entry=blog_entry,
            rows=_blog_rows,
            url=lambda uid: reverse("portal-blog", kwargs={"uid": uid}),
            public=blog_teachers,
            order=85,
        )
    )
    register_search_kind(
        SearchKind(
            kind="notice",
            model=Notice,
            label=_("Notices"),
            entry=notice_entry,
            rows=lambda: public_notices().select_related("region"),
            url=lambda uid: _notice_urls([uid]).get(uid),
            urls=_notice_urls,
            public=public_notices,
            order=95,
        )
    )
    register_search_kind(
        SearchKind(
            kind="contest",
            model=Contest,
            label=_("Essay contest results"),
            entry=contest_entry,
            rows=public_contests,
            url=lambda uid: reverse("portal-contest-public", kwargs={"uid": uid}),
            public=public_contests,
            order=97,
        )
    )
