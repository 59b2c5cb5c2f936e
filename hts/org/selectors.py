"""Reads for the people-and-places pages, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hts.accounts.access import get_scoped_or_404, scoped
from hts.accounts.permissions import principal_for
from hts.org.calendar import calendar_region, lineage_paths
from hts.org.models import HeadTeacherService, Region, School, SchoolClass, SchoolYear, Stage, Teacher


def serving_now() -> Exists:
    today = timezone.localdate()
    return Exists(
        HeadTeacherService.objects.filter(teacher=OuterRef("pk"), started_on__lte=today).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
    )


def region_list(user: Any, *, search: str = "") -> QuerySet[Region]:
    qs = scoped(user, "region.view", Region.objects.select_related("parent", "bureau"))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__startswith=search))
    return qs.annotate(school_count=Count("schools")).order_by("path")


def region_get(user: Any, uid: Any, action: str = "region.view") -> Region:
    return get_scoped_or_404(user, action, Region.objects.select_related("parent", "bureau"), uid=uid)


def regions_for_filter(user: Any, action: str) -> QuerySet[Region]:
    """Regions offered in a filter or form: those holding schools the user may `action`."""
    principal = principal_for(user)
    if principal.is_admin:
        return Region.objects.all()
    paths = principal.region_paths
    if paths:
        q = Q()
        for path in paths:
            q |= Q(path__startswith=path)
        return Region.objects.filter(q)
    return Region.objects.filter(schools__pk__in=principal.school_ids).distinct()


SCHOOL_FILTER_LIMIT = 300


def schools_for_filter(user: Any, action: str, region_uid: str = "") -> list[School]:
    """Schools offered in a list's school filter: those in the chosen region, at most a few hundred
    (a province picks a region first; the list says so when it is cut)."""
    qs = _filter_region(scoped(user, action, School.objects.only("uid", "name")), region_uid, "region__path")
    return list(qs.order_by("name")[:SCHOOL_FILTER_LIMIT])


def _filter_region(qs: QuerySet[Any], region_uid: str, lookup: str) -> QuerySet[Any]:
    region = Region.objects.filter(uid=region_uid).only("path").first() if region_uid else None
    return qs.filter(**{f"{lookup}__startswith": region.path}) if region else qs


def school_list(
    user: Any,
    *,
    search: str = "",
    region_uid: str = "",
    stage: str = "",
    flag: str = "",
    action: str = "school.view",
) -> QuerySet[School]:
    qs = scoped(user, action, School.objects.select_related("region"))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    qs = _filter_region(qs, region_uid, "region__path")
    if stage in Stage.values:
        qs = qs.filter(**{f"has_{stage}": True})
    if flag in {"city_direct", "village"}:
        qs = qs.filter(**{flag: True})
    return qs


def school_get(user: Any, uid: Any, action: str = "school.view") -> School:
    return get_scoped_or_404(user, action, School.objects.select_related("region__bureau"), uid=uid)


def teacher_list(
    user: Any,
    *,
    search: str = "",
    region_uid: str = "",
    school_uid: str = "",
    stage: str = "",
    head_teachers_only: bool = False,
) -> QuerySet[Teacher]:
    qs = scoped(user, "teacher.view", Teacher.objects.select_related("school__region"))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(mobile__startswith=search) | Q(school__name__icontains=search))
    qs = _filter_region(qs, region_uid, "school__region__path")
    if school_uid:
        qs = qs.filter(school__uid=school_uid)
    if stage in Stage.values:
        qs = qs.filter(**{f"school__has_{stage}": True})
    qs = qs.annotate(is_head_teacher=serving_now())
    if head_teachers_only:
        qs = qs.filter(is_head_teacher=True)
    return qs


def teacher_get(user: Any, uid: Any, action: str = "teacher.view") -> Teacher:
    return get_scoped_or_404(user, action, Teacher.objects.select_related("school__region"), uid=uid)


def teacher_detail(user: Any, uid: Any) -> dict[str, Any]:
    from hts.org.models import service_years

    teacher = teacher_get(user, uid)
    records = list(
        teacher.service_records.select_related("school", "school_class").prefetch_related("overrides__decided_by")
    )
    return {
        "teacher": teacher,
        "honours": list(teacher.honours.all()),
        "service_records": records,
        "service_years": service_years([(r.started_on, r.ended_on) for r in records]),
        "classes": list(
            SchoolClass.objects.filter(Q(head_teacher=teacher) | Q(deputy=teacher)).select_related("school")
        ),
    }


def class_list(
    user: Any, *, search: str = "", region_uid: str = "", school_uid: str = "", stage: str = ""
) -> QuerySet[SchoolClass]:
    qs = scoped(user, "class.view", SchoolClass.objects.select_related("school__region", "head_teacher", "deputy"))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(school__name__icontains=search) | Q(head_teacher__name=search))
    qs = _filter_region(qs, region_uid, "school__region__path")
    if school_uid:
        qs = qs.filter(school__uid=school_uid)
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    return qs


def class_get(user: Any, uid: Any, action: str = "class.view") -> SchoolClass:
    return get_scoped_or_404(
        user, action, SchoolClass.objects.select_related("school__region", "head_teacher", "deputy"), uid=uid
    )


# Academic calendar -----------------------------------------------------------------------------


def calendar_regions_q(user: Any, action: str) -> Q | None:
    """The regions whose calendar `action` reaches for this user (None: every region).

    `calendar.manage` reaches the user's region subtree. `calendar.view` reaches it too, and also the
    regions above it, whose calendar it inherits: a district's staff read the city's calendar, and a
    school's staff read the calendar of their school's region and the regions above it.
    """
    principal = principal_for(user)
    principal.require(action)
    if principal.is_admin:
        return None
    viewing = action == "calendar.view"
    q = Q(pk__in=[])
    governing: set[str] = set()
    school_ids = []
    for grant in principal.grants_with(action):
        if grant.region_path:
            q |= Q(path__startswith=grant.region_path)
            if viewing:
                governing.update(lineage_paths(grant.region_path))
        elif grant.school_id and viewing:
            school_ids.append(grant.school_id)
    if school_ids:
        for path in Region.objects.filter(schools__pk__in=school_ids).values_list("path", flat=True):
            governing.update(lineage_paths(path))
    return q | Q(path__in=sorted(governing)) if governing else q


def calendar_region_get(user: Any, uid: Any, action: str = "calendar.view") -> Region:
    """The region if the user's calendar scope reaches it; else 404, the same as a missing one."""
    q = calendar_regions_q(user, action)
    regions = Region.objects.all()
    return get_object_or_404(regions if q is None else regions.filter(q), uid=uid)


def calendar_detail(user: Any, uid: Any) -> dict[str, Any]:
    """A region's calendar page: the school years that govern it (its own or inherited), with semesters."""
    region = calendar_region_get(user, uid)
    source = calendar_region(region)
    years: list[SchoolYear] = []
    if source is not None:
        years = list(SchoolYear.objects.filter(region=source).prefetch_related("semesters").order_by("starts_on"))
    today = timezone.localdate()
    current = next(
        (term for year in years for term in year.semesters.all() if term.starts_on <= today <= term.ends_on),
        None,
    )
    return {
        "region": region,
        "source": source,
        "inherited": source is not None and source.pk != region.pk,
        "years": years,
        "current": current,
        "can_define": can_define_calendar(user, region),
    }


def can_define_calendar(user: Any, region: Region) -> bool:
    """Whether the user may define `region`'s calendar: the region lies in a subtree granting it (no query)."""
    principal = principal_for(user)
    if not principal.can("calendar.manage"):
        return False
    if principal.is_admin:
        return True
    return any(region.path.startswith(path) for path in principal.region_paths_for("calendar.manage"))
