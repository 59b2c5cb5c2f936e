"""Reads of the bureau portal: which region `/` shows, the region's studios, featured items, notices
and the results in public notice (公示), each through the owning app's selectors where it has one.

Everything here is public: only selected studios, published items of selected studios, published
notices, and honours and appointment lists inside their 公示 period, with the 公示's own fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hts.accounts.access import scoped
from hts.accounts.models import User
from hts.accounts.selectors import user_ids_with_action_at_schools_within
from hts.corps.appointment.models import AppointmentRound
from hts.corps.appointment.selectors import round_assignments
from hts.corps.honours.models import HonourCall
from hts.corps.honours.selectors import CALL_RELATED, notice_list
from hts.org.models import Region, Stage
from hts.portal.home.models import Notice, PortalBrand
from hts.portal.models import Publication
from hts.studios.models import Batch, Membership, Studio, Tier
from hts.studios.tiers import is_county, tier_label

MANAGE = "portal.home.manage"
# Passed the bureau's decision (004) and not revoked: what a selection result and the portal list.
SELECTED = [
    Studio.Status.APPROVED,
    Studio.Status.ACTIVE,
    Studio.Status.YELLOW_CARD,
    Studio.Status.EXPIRED,
    Studio.Status.COMPLETED,
]
# A published item is public only while its studio is past selection (running or closed).
NOT_PUBLIC_STUDIO = [Studio.Status.DRAFT, Studio.Status.APPLIED, Studio.Status.UNDER_REVIEW, Studio.Status.REJECTED]
RESULT_LISTS_SHOWN = 5  # 公示 lists of each kind on the results page (the newest)
BUREAU_LIST_KINDS = [Region.Kind.PROVINCE, Region.Kind.CITY, Region.Kind.DISTRICT]


def bureau_region(code: str) -> Region:
    """The region of a bureau by its code, or 404."""
    region = Region.objects.filter(code=code, bureau__isnull=False).select_related("bureau").first()
    if region is None:
        raise Http404
    return region


def home_region() -> Region | None:
    """The region `/` shows: the setting's, else the only top-level region; None: list the bureaus."""
    code = getattr(settings, "PORTAL_HOME_REGION", "")
    if code:
        named = Region.objects.filter(code=code, bureau__isnull=False).select_related("bureau").first()
        if named is not None:
            return named
        # A code that names no bureau's region: the default below rather than a 404 at the front door.
    tops = list(Region.objects.filter(parent__isnull=True, bureau__isnull=False).select_related("bureau")[:2])
    return tops[0] if len(tops) == 1 else None


def bureau_portals() -> QuerySet[Region]:
    return (
        Region.objects.filter(bureau__isnull=False, kind__in=BUREAU_LIST_KINDS)
        .select_related("bureau")
        .order_by("path")
    )


@dataclass(frozen=True)
class Area:
    """A line of the portal's district counts and filter: a child region with everything under it, or
    (``direct``) the schools right in the region itself, e.g. 市直 for a city's own schools."""

    code: str
    name: str
    path: str
    direct: bool = False


def direct_label(region: Region) -> str:
    if region.kind == Region.Kind.PROVINCE:
        return _("Directly under the province")
    if region.kind == Region.Kind.CITY:
        return _("Directly under the city")
    return _("Directly under the county") if is_county(region) else _("Directly under the district")


def districts_of(region: Region) -> list[Area]:
    """The region's child regions and, when it has any, its own schools as one more line, so the
    lines add up to the region's total."""
    children = [Area(r.code, r.name, r.path) for r in Region.objects.filter(parent=region).order_by("code")]
    if not children:
        return []
    return [*children, Area(region.code, direct_label(region), region.path, direct=True)]


def _in_area(qs: QuerySet[Studio], area: Area) -> QuerySet[Studio]:
    if area.direct:
        return qs.filter(host_school__region__path=area.path)
    return qs.filter(host_school__region__path__startswith=area.path)


def public_studios(region: Region) -> QuerySet[Studio]:
    return Studio.objects.filter(status__in=SELECTED, host_school__region__path__startswith=region.path)


@dataclass
class StudioFilters:
    tier: str = ""
    stage: str = ""
    district: Area | None = None

    @classmethod
    def from_query(cls, query: Any, districts: list[Area]) -> StudioFilters:
        tier = query.get("tier", "")
        stage = query.get("stage", "")
        code = query.get("district", "")
        return cls(
            tier=tier if tier in Tier.values else "",
            stage=stage if stage in Stage.values else "",
            district=next((d for d in districts if d.code == code), None),
        )


def studio_directory(region: Region, filters: StudioFilters) -> QuerySet[Studio]:
    qs = public_studios(region).select_related("batch__region", "host", "host_school__region")
    if filters.tier:
        qs = qs.filter(batch__tier=filters.tier)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.district is not None:
        qs = _in_area(qs, filters.district)
    return qs.order_by("batch__tier", "name", "pk")


def district_counts(region: Region, districts: list[Area], filters: StudioFilters) -> list[tuple[Area, int]]:
    """How many studios each district (child region, or the region's own schools) has under the other
    filters: one query."""
    qs = public_studios(region)
    if filters.tier:
        qs = qs.filter(batch__tier=filters.tier)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    by_path: dict[str, int] = {}
    for row in qs.values("host_school__region__path").annotate(n=Count("id")):
        by_path[row["host_school__region__path"]] = row["n"]
    return [
        (d, by_path.get(d.path, 0) if d.direct else sum(n for p, n in by_path.items() if p.startswith(d.path)))
        for d in districts
    ]


def featured(region: Region, limit: int = 6) -> list[Publication]:
    return list(
        public_publications(region)
        .filter(featured=True)
        .select_related("studio", "author")
        .only("uid", "title", "summary", "section", "published_at", "studio__name", "studio__uid", "author__name")[
            :limit
        ]
    )


def public_publications(region: Region) -> QuerySet[Publication]:
    return Publication.objects.filter(
        status=Publication.Status.PUBLISHED, studio__host_school__region__path__startswith=region.path
    ).exclude(studio__status__in=NOT_PUBLIC_STUDIO)


def public_notices(region: Region) -> QuerySet[Notice]:
    return Notice.objects.filter(region=region, status=Notice.Status.PUBLISHED).order_by("-published_on", "-id")


def public_notice(region: Region, uid: Any) -> Notice:
    notice = public_notices(region).select_related("attachment").filter(uid=uid).first()
    if notice is None:
        raise Http404
    return notice


def notice_audience(region: Region) -> QuerySet[User]:
    """Whom a published notice of `region` concerns: the school offices of its schools and the hosts of
    its studios (one query, however many they are)."""
    # The school office is who registers the school's teachers.
    offices = user_ids_with_action_at_schools_within("teacher.create", region.path)
    hosts = Membership.objects.filter(
        role=Membership.Role.HOST,
        status=Membership.Status.ACTIVE,
        studio__status__in=SELECTED,
        studio__host_school__region__path__startswith=region.path,
    )
    return User.objects.filter(
        Q(pk__in=offices) | Q(teacher_id__in=hosts.values("teacher_id")), is_active=True
    ).order_by("pk")


def attachment_of(notice: Notice) -> Any:
    return getattr(notice, "attachment", None)


@dataclass
class SelectionResult:
    batch: Batch
    studios: list[Studio] = field(default_factory=list)


def selection_results(region: Region, limit: int = 10) -> list[SelectionResult]:
    """The batches of the region's subtree with their selected studios, newest first: two queries."""
    batches = list(
        Batch.objects.filter(region__path__startswith=region.path)
        .select_related("region")
        .order_by("-start_year", "-pk")[:limit]
    )
    for batch in batches:
        batch.tier_label = tier_label(batch.tier, batch.region)  # type: ignore[attr-defined]
    results = {b.pk: SelectionResult(b) for b in batches}
    studios = (
        Studio.objects.filter(batch__in=batches, status__in=SELECTED)
        .select_related("host", "host_school")
        .only("uid", "name", "stage", "batch_id", "host__name", "host_school__name")
        .order_by("name", "pk")
    )
    for studio in studios:
        results[studio.batch_id].studios.append(studio)
    return [r for r in results.values() if r.studios]


def honours_in_notice(region: Region, today: dt.date) -> list[tuple[HonourCall, list[Any]]]:
    """Honours calls of the subtree inside their 公示 period, each with the 公示's own rows."""
    calls = list(
        HonourCall.objects.filter(
            status=HonourCall.Status.PUBLICITY,
            organiser_path__startswith=region.path,
            published_on__lte=today,
            objections_until__gte=today,
        )
        .select_related(*CALL_RELATED)
        .order_by("-published_on", "-pk")[:RESULT_LISTS_SHOWN]
    )
    return [(call, list(notice_list(call))) for call in calls]


def appointments_in_notice(region: Region, today: dt.date) -> list[tuple[AppointmentRound, list[Any]]]:
    """Schools' appointment rounds of the subtree whose published list is in its objection period."""
    rounds = list(
        AppointmentRound.objects.filter(
            status=AppointmentRound.Status.PUBLICITY,
            school__region__path__startswith=region.path,
            objections_until__gte=today,
        )
        .select_related("school")
        .order_by("-objections_until", "-pk")[:RESULT_LISTS_SHOWN]
    )
    return [(rnd, round_assignments(rnd)) for rnd in rounds]


# The bureau's pages.


def managed_regions(user: Any) -> QuerySet[Region]:
    """The bureau regions whose portal the user keeps (their own region and the bureaus under it)."""
    return scoped(user, MANAGE, Region.objects.filter(bureau__isnull=False)).order_by("path")


def managed_region(user: Any, code: str) -> Region:
    region = managed_regions(user).filter(code=code).first()
    if region is None:
        raise Http404
    return region


def brand_of(region: Region) -> PortalBrand | None:
    return PortalBrand.objects.filter(region=region).select_related("logo").first()


def notices_of(region: Region) -> QuerySet[Notice]:
    return Notice.objects.filter(region=region).order_by("status", "-published_on", "-created_at")


def featurable(region: Region) -> QuerySet[Publication]:
    return public_publications(region).select_related("studio", "author").order_by("-featured", "-published_at")
