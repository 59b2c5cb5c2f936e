"""The class work log's demo story over a county (the lead wires it into `seed_demo`): the first class
whose head teacher has an account gets eight invented pupils (two left-behind, one of a special family,
one with learning difficulty) and two semesters' logs with entries of every kind: the current one up to
today, its second month's theme meeting and blackboard issue left out so that the missed month shows,
half the pupils visited and no summary yet; and the last closed one from plan to summary, its fourth
month missed and one pupil never visited.

Written straight to the models as the head teacher would have logged them. Idempotent: skipped once the
class has pupils. The two left-behind pupils get their files (`leftbehind_demo`), made where missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hts.classwork import leftbehind_demo
from hts.classwork.models import Kind, LogEntry, Pupil, VisitMode
from hts.org.calendar import calendar_region, month_bounds, semester_on
from hts.org.models import Region, SchoolClass, Semester

PUPILS = [
    ("陈雨桐", "F", True, False, False),
    ("刘子轩", "M", False, False, True),
    ("王欣怡", "F", False, True, False),
    ("张浩然", "M", True, False, False),
    ("李思涵", "F", False, False, False),
    ("赵一鸣", "M", False, False, False),
    ("周佳琪", "F", False, False, False),
    ("吴俊杰", "M", False, False, False),
]
THEMES = ["安全伴我行", "诚信在我心", "学会感恩", "我的读书计划", "文明礼仪从我做起"]


def seed(county: Region, today: dt.date) -> int:
    school_class = (
        SchoolClass.objects.filter(school__region__path__startswith=county.path, head_teacher__user__isnull=False)
        .select_related("school__region", "head_teacher__user")
        .order_by("school__code", "grade", "name")
        .first()
    )
    if school_class is None:
        return 0
    if Pupil.objects.filter(school_class=school_class).exists():
        return leftbehind_demo.seed(school_class, today)
    semester = semester_on(school_class.school.region, today)
    pupils = [
        Pupil.objects.create(
            school_class=school_class,
            name=name,
            gender=gender,
            left_behind=left,
            special_family=special,
            learning_difficulty=difficulty,
        )
        for name, gender, left, special, difficulty in PUPILS
    ]
    user = school_class.head_teacher.user
    # The log: this semester's so far (its second month missed, no summary yet) and the last closed
    # one's in full, plan to summary (its fourth month missed, one pupil never visited), so that both
    # semesters on the log page show what is missing.
    entries: list[LogEntry] = []
    if semester is not None:
        entries += _log(school_class, semester, pupils, user, until=today, skipped=1, closed=False)
    previous = _previous(school_class, semester.starts_on if semester else today)
    if previous is not None:
        entries += _log(school_class, previous, pupils, user, until=previous.ends_on, skipped=3, closed=True)
    LogEntry.objects.bulk_create(entries)
    return len(pupils) + len(entries) + leftbehind_demo.seed(school_class, today)


def _previous(school_class: SchoolClass, before: dt.date) -> Semester | None:
    source = calendar_region(school_class.school.region)
    if source is None:
        return None
    return Semester.objects.filter(school_year__region=source, ends_on__lt=before).order_by("-ends_on").first()


def _log(
    school_class: SchoolClass,
    semester: Semester,
    pupils: list[Pupil],
    user: Any,
    *,
    until: dt.date,
    skipped: int,
    closed: bool,
) -> list[LogEntry]:
    """Entries of every kind over [semester start, until], the month numbered `skipped` (0: the first)
    without its theme meeting and blackboard issue; a closed semester's ends with its summary."""
    entries: list[LogEntry] = []
    last_day = min(until, semester.ends_on)

    def log(kind: str, day: dt.date, **fields: object) -> None:
        if semester.starts_on <= day <= last_day:
            entries.append(
                LogEntry(school_class=school_class, semester=semester, kind=kind, on=day, recorded_by=user, **fields)
            )

    start = semester.starts_on
    log(Kind.PLAN, start, notes="本学期以养成教育为重点，每月一次主题班会，每两周一次班干部会。")
    log(Kind.PARENT_MEETING, start + dt.timedelta(days=10), title="新学期家长会", notes="介绍班级计划。")
    month = start.replace(day=1)
    number = 0
    while month <= last_day:
        first, last = month_bounds(month)
        begin = max(first, start)
        if number != skipped:
            log(
                Kind.THEME_MEETING,
                begin + dt.timedelta(days=7),
                title=THEMES[number % len(THEMES)],
                notes="学生分组讨论。",
            )
            log(Kind.BLACKBOARD, begin + dt.timedelta(days=3), title=THEMES[number % len(THEMES)])
        log(Kind.CADRE_MEETING, begin + dt.timedelta(days=1), notes="布置本周值日与纪律检查。")
        log(Kind.CADRE_MEETING, begin + dt.timedelta(days=15), notes="总结两周班级常规。")
        month = last + dt.timedelta(days=1)
        number += 1
    # A closed semester: all but the last pupil visited; this one: half of them so far.
    visited = pupils[:-1] if closed else pupils[: len(pupils) // 2]
    for index, pupil in enumerate(visited):
        log(
            Kind.HOME_VISIT,
            start + dt.timedelta(days=20 + index * 3),
            pupil=pupil,
            visit_mode=[VisitMode.VISIT, VisitMode.PHONE, VisitMode.ONLINE][index % 3],
            notes="了解学生在家学习与作息情况。",
            follow_up="每周与家长电话沟通一次。",
        )
    log(
        Kind.SAFETY,
        start + dt.timedelta(days=5),
        title="秋游安全预案" if semester.kind == "autumn" else "春游安全预案",
        notes="分组、联系人与集合时间。",
    )
    log(Kind.OPEN_WEEK, start + dt.timedelta(days=30), notes="家长进课堂听课两节，座谈半小时。")
    log(Kind.TEACHER_MEETING, start + dt.timedelta(days=12), notes="与各科任老师交流学困生情况，商定分层作业。")
    log(
        Kind.INCIDENT,
        start + dt.timedelta(days=25),
        title="课间追逐碰伤膝盖",
        notes="校医处理后通知家长，当天回访。",
        follow_up="班会强调课间安全。",
    )
    if closed:
        log(Kind.PARENT_MEETING, semester.ends_on - dt.timedelta(days=20), title="期末家长会", notes="通报学期情况。")
        log(Kind.SUMMARY, semester.ends_on - dt.timedelta(days=2), notes="常规养成基本到位，下学期加强阅读习惯。")
    return entries
