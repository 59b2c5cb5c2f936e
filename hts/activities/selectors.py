"""Reads for activity pages, scoped and with bounded queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from hts.accounts.access import can, get_scoped_or_404, scoped
from hts.activities.models import Activity, Attendance
from hts.org.models import Teacher
from hts.studios.models import Membership, Studio
from hts.studios.selectors import studio_team


def activity_list(user: Any, *, studio_uid: str = "") -> QuerySet[Activity]:
    qs = scoped(
        user,
        "activity.view",
        Activity.objects.select_related(
            "studio__batch__policy", "studio__host_school", "school", "region", "organiser"
        ),
    )
    if studio_uid:
        qs = qs.filter(studio__uid=studio_uid)
    return qs.order_by("-starts_at")


def activity_get(user: Any, uid: Any, action: str = "activity.view") -> Activity:
    return get_scoped_or_404(
        user,
        action,
        Activity.objects.select_related(
            "studio__batch__policy", "studio__host_school__region", "school__region", "region", "organiser"
        ),
        uid=uid,
    )


def can_manage(user: Any, activity: Activity) -> bool:
    """A studio's activity is managed by its team (host, liaison); a school's or bureau's own by the
    staff of that school or bureau."""
    if activity.studio_id:
        return can(user, "activity.manage", activity.studio)
    return can(user, "activity.organise", activity.school if activity.school_id else activity.region)


def activity_to_manage(user: Any, uid: Any) -> Activity:
    """The activity, for its organiser: 404 outside the user's view, 403 when they may see but not run it."""
    activity = activity_get(user, uid)
    if not can_manage(user, activity):
        raise PermissionDenied
    return activity


def attendance_of(activity: Activity) -> list[Attendance]:
    return list(activity.attendances.select_related("teacher__school", "recorded_by").order_by("checked_in_at", "id"))


def team_teachers(activity: Activity) -> QuerySet[Teacher]:
    """People the organiser may mark by hand: the studio's active team, or the invited list."""
    if activity.studio is not None:
        return studio_team(activity.studio)
    return activity.invitees.select_related("school").order_by("name")


def month_grid(studio: Studio, month: dt.date) -> dict[str, Any]:
    """The studio's activities in `month` laid out in weeks (Monday first): one query."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    by_day: dict[dt.date, list[Activity]] = defaultdict(list)
    for activity in Activity.objects.filter(
        studio=studio,
        starts_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        starts_at__lt=dt.datetime.combine(following, dt.time.min, tzinfo=tz),
    ).order_by("starts_at"):
        by_day[timezone.localtime(activity.starts_at, tz).date()].append(activity)
    weeks = []
    day = first - dt.timedelta(days=first.weekday())
    while day < following:
        weeks.append([(day, day.month == first.month, by_day.get(day, [])) for day in _week_of(day)])
        day += dt.timedelta(days=7)
    return {
        "month": first,
        "weeks": weeks,
        "days": sorted(by_day.items()),
        "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": following.strftime("%Y-%m"),
        "today": timezone.localdate(),
    }


def _week_of(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=offset) for offset in range(7)]


def transcript(teacher: Teacher) -> dict[str, Any]:
    """A person's continuing-education hours: every attended activity, with totals per semester label
    and per year. One query."""
    rows: list[dict[str, Any]] = []
    by_year: dict[int, Decimal] = {}
    total = Decimal(0)
    for attendance in (
        Attendance.objects.filter(teacher=teacher, status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE])
        .select_related("activity__studio__batch__policy", "activity__school", "activity__region")
        .order_by("activity__starts_at")
    ):
        activity = attendance.activity
        hours = activity.credit_hours
        year = timezone.localtime(activity.starts_at).year  # the year of the date people see
        by_year[year] = by_year.get(year, Decimal(0)) + hours
        total += hours
        rows.append({"activity": activity, "attendance": attendance, "hours": hours})
    return {"rows": rows, "by_year": sorted(by_year.items()), "total": total}


def parse_month(value: str) -> dt.date:
    """The first day of a "YYYY-MM" month; this month when the value is missing or not a month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


# Check-in: who may attend, and when scanning opens (30 minutes before the start).
CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=30)


def may_attend(activity: Activity, teacher: Teacher) -> bool:
    """The studio's team (or, outside studios, the invited) may attend any of its activities; others
    only open ones."""
    if not activity.invited_only:
        return True
    if not activity.studio_id:
        return activity.invitees.filter(pk=teacher.pk).exists()
    return Membership.objects.filter(studio=activity.studio, teacher=teacher, status=Membership.Status.ACTIVE).exists()


def checkin_window(activity: Activity) -> tuple[dt.datetime, dt.datetime]:
    return activity.starts_at - CHECKIN_OPENS_BEFORE, activity.ends_at
