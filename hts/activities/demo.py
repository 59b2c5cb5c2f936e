"""Demo activities for `seed_demo`: the spring and autumn semesters of 2026 for the running demo
studios, with attendance, and with gaps in the yellow-card studio so its shortfalls show."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from hts.activities.models import Activity, Attendance
from hts.activities.reminders import RUNNING, reminders_compute
from hts.studios.models import Membership, Studio

SEMESTERS = [
    (dt.date(2025, 9, 1), dt.date(2026, 1, 20)),
    (dt.date(2026, 2, 20), dt.date(2026, 7, 10)),
    (dt.date(2026, 9, 1), dt.date(2027, 1, 20)),
]
MONTHLY = [
    "collective_study",
    "expert_lecture",
    "class_meeting",
    "forum",
    "narrative",
    "research_seminar",
    "reading_club",
]
TITLES = {
    "online_training": "线上交流培训：{}",
    "collective_study": "集体学习：{}",
    "expert_lecture": "专家讲座：{}",
    "class_meeting": "主题班会观摩：{}",
    "forum": "班主任论坛：{}",
    "narrative": "教育叙事分享：{}",
    "research_seminar": "课题研讨：{}",
    "reading_club": "读书会：{}",
    "planning_meeting": "学期初计划会",
    "summary_meeting": "学期末总结会",
    "studio_exchange": "区校工作室主持人交流",
    "outreach": "区级宣讲：{}",
    "off_campus": "校外实践：走进社区",
    "city_training": "市级名班主任工作室主持人培训",
}
# Mentors give these (an open lesson, a forum, a lecture, guiding a seminar): their guidance hours.
GIVEN_BY_MENTOR = {"class_meeting", "forum", "expert_lecture", "research_seminar"}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def backdate_demo_history() -> None:
    """The demo studios were selected in the summer of 2025 and started that September (授牌), so
    their quotas run over a year of activities; yearly assessments fall at the turn of each year."""
    from hts.core.models import WorkflowTransition

    dates = {"applied": _at(dt.date(2025, 5, 10), 9), "under_review": _at(dt.date(2025, 6, 2), 9), "approved": _at(dt.date(2025, 7, 1), 9),
             "active": _at(dt.date(2025, 9, 1), 9), "yellow_card": _at(dt.date(2026, 1, 15), 9), "revoked": _at(dt.date(2026, 1, 15), 9)}  # fmt: skip
    for state, moment in dates.items():
        WorkflowTransition.objects.filter(target_type="studios.studio", to_state=state).update(at=moment)


def seed_activities() -> int:
    if Activity.objects.exists():
        return 0
    backdate_demo_history()
    rng = random.Random(7)  # noqa: S311 (demo data, not security)
    created = 0
    for studio in Studio.objects.filter(status__in=[Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD]).select_related(
        "batch"
    ):
        # The yellow-card studio is the one that keeps missing: no online week in three, no October study.
        sloppy = studio.status == Studio.Status.YELLOW_CARD
        team = list(Membership.objects.filter(studio=studio, status="active").select_related("teacher"))
        plan: list[tuple[str, dt.datetime, dt.datetime, str]] = []
        for first, last in SEMESTERS:
            plan.append(
                (
                    "planning_meeting",
                    _at(first + dt.timedelta(days=2), 15, 30),
                    _at(first + dt.timedelta(days=2), 17),
                    "",
                )
            )
            # Every week of the semester, the first and last partial ones included: on its Tuesday, or
            # the semester's first day when that comes later.
            week = first - dt.timedelta(days=first.weekday())
            while week <= last:
                if not (sloppy and week.isocalendar().week % 3 == 0):
                    day = min(max(week + dt.timedelta(days=1), first), last)
                    plan.append(("online_training", _at(day, 19, 30), _at(day, 21), studio.theme))
                week += dt.timedelta(days=7)
            month = first.replace(day=1)
            while month <= last:
                if not (sloppy and month.month == 10):
                    day = min(max(month.replace(day=14), first), last)
                    kind = rng.choice(MONTHLY)
                    plan.append((kind, _at(day, 8, 30), _at(day, 11, 30), studio.theme))
                month = (month + dt.timedelta(days=32)).replace(day=1)
            if not sloppy:
                plan.append(
                    (
                        "studio_exchange",
                        _at(first + dt.timedelta(days=40), 14),
                        _at(first + dt.timedelta(days=40), 17),
                        "",
                    )
                )
                plan.append(
                    (
                        "outreach",
                        _at(first + dt.timedelta(days=60), 14),
                        _at(first + dt.timedelta(days=60), 17),
                        studio.theme,
                    )
                )
            if last < timezone.localdate():
                plan.append(
                    (
                        "summary_meeting",
                        _at(last - dt.timedelta(days=3), 15, 30),
                        _at(last - dt.timedelta(days=3), 17),
                        "",
                    )
                )
        if not sloppy:
            plan.append(("off_campus", _at(dt.date(2026, 4, 18), 8, 30), _at(dt.date(2026, 4, 18), 17), ""))
            # The host's yearly city training (the sloppy studio's host skipped it: a shortfall to see).
            plan.append(("city_training", _at(dt.date(2025, 11, 20), 8, 30), _at(dt.date(2025, 11, 20), 17), ""))
            plan.append(("city_training", _at(dt.date(2026, 10, 15), 8, 30), _at(dt.date(2026, 10, 15), 17), ""))
        mentors = [m.teacher for m in team if m.role == Membership.Role.MENTOR]
        for kind, starts, ends, topic in plan:
            online = kind == "online_training"
            activity = Activity.objects.create(
                studio=studio,
                kind=kind,
                title=TITLES[kind].format(topic),
                mode="online" if online else "offline",
                starts_at=starts,
                ends_at=ends,
                place="" if online else f"{studio.host_school.name}会议室",
                link="https://meeting.example.cn/studio" if online else "",
                credit_half_days=0
                if kind in {"planning_meeting", "summary_meeting"}
                else (2 if kind in {"off_campus", "city_training"} else 1),
                publicity_url=""
                if online or (sloppy and starts.month in {9, 10})
                else f"https://mp.weixin.qq.com/demo/{studio.pk}-{starts:%Y%m%d}",
                agenda="1. 主题学习\n2. 案例研讨\n3. 总结布置",
            )
            created += 1
            if kind in GIVEN_BY_MENTOR and mentors:
                activity.presenters.set([mentors[created % len(mentors)]])
            if starts > timezone.now():
                continue
            attendees = [m for m in team if m.role == Membership.Role.HOST] if kind == "city_training" else team
            for membership in attendees:
                roll = rng.random()
                status = "present" if roll < 0.8 else "late" if roll < 0.88 else "leave" if roll < 0.95 else "absent"
                if status in {"present", "late"}:
                    Attendance.objects.create(activity=activity, teacher=membership.teacher, status=status, method="qr",
                                              checked_in_at=starts + dt.timedelta(minutes=rng.randint(-10, 20) if status == "late" else rng.randint(-10, 5)))  # fmt: skip
                else:
                    Attendance.objects.create(activity=activity, teacher=membership.teacher, status=status, method="manual",
                                              reason="请假（病假）" if status == "leave" else "未到")  # fmt: skip
    return created


# The eves of the activities of the coming two weeks are "computed" too.
UPCOMING_DAYS = 14


def seed_reminders() -> int:
    """The reminders of the demo date (today), and those of the eves of the running studios' activities of the
    coming two weeks, so the demo host has something in their notifications. Idempotent (dedupe keys)."""
    today = timezone.localdate()
    days = {today}
    now = timezone.now()
    for starts_at in Activity.objects.filter(
        starts_at__gt=now, starts_at__lt=now + dt.timedelta(days=UPCOMING_DAYS), studio__status__in=RUNNING
    ).values_list("starts_at", flat=True):
        days.add(timezone.localtime(starts_at).date() - dt.timedelta(days=1))
    created = 0
    for day in sorted(days):
        counts = reminders_compute(today=day)
        created += counts["activities"] + counts["quotas"]
    return created
