"""The class work log's demo story over a county (the lead wires it into `seed_demo`): the first class
whose head teacher has an account gets eight invented pupils (two left-behind, one of a special family,
one with learning difficulty) and the current semester's log up to today, with its second month's theme
meeting and blackboard issue left out so that the missed month shows, and half the pupils visited.

Written straight to the models as the head teacher would have logged them. Idempotent: skipped once the
class has pupils. The two left-behind pupils get their files (`leftbehind_demo`), made where missing.
"""

from __future__ import annotations

import datetime as dt

from hts.classwork import leftbehind_demo
from hts.classwork.models import Kind, LogEntry, Pupil, VisitMode
from hts.org.calendar import month_bounds, semester_on
from hts.org.models import Region, SchoolClass

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
    if semester is None:
        return len(pupils) + leftbehind_demo.seed(school_class, today)
    user = school_class.head_teacher.user
    entries: list[LogEntry] = []

    def log(kind: str, day: dt.date, **fields: object) -> None:
        if semester.starts_on <= day <= min(today, semester.ends_on):
            entries.append(
                LogEntry(school_class=school_class, semester=semester, kind=kind, on=day, recorded_by=user, **fields)
            )

    log(Kind.PLAN, semester.starts_on, notes="本学期以养成教育为重点，每月一次主题班会，每两周一次班干部会。")
    log(Kind.PARENT_MEETING, semester.starts_on + dt.timedelta(days=10), title="新学期家长会", notes="介绍班级计划。")
    month = semester.starts_on.replace(day=1)
    number = 0
    while month <= today:
        first, last = month_bounds(month)
        start = max(first, semester.starts_on)
        # The second month of the semester is the one left out: its theme meeting and blackboard issue.
        if number != 1:
            log(
                Kind.THEME_MEETING,
                start + dt.timedelta(days=7),
                title=THEMES[number % len(THEMES)],
                notes="学生分组讨论。",
            )
            log(Kind.BLACKBOARD, start + dt.timedelta(days=3), title=THEMES[number % len(THEMES)])
        log(Kind.CADRE_MEETING, start + dt.timedelta(days=1), notes="布置本周值日与纪律检查。")
        log(Kind.CADRE_MEETING, start + dt.timedelta(days=15), notes="总结两周班级常规。")
        month = last + dt.timedelta(days=1)
        number += 1
    for index, pupil in enumerate(pupils[: len(pupils) // 2]):
        log(
            Kind.HOME_VISIT,
            semester.starts_on + dt.timedelta(days=20 + index * 3),
            pupil=pupil,
            visit_mode=[VisitMode.VISIT, VisitMode.PHONE][index % 2],
            notes="了解学生在家学习与作息情况。",
            follow_up="每周与家长电话沟通一次。",
        )
    log(Kind.SAFETY, semester.starts_on + dt.timedelta(days=5), title="秋游安全预案", notes="分组、联系人与集合时间。")
    LogEntry.objects.bulk_create(entries)
    return len(pupils) + len(entries) + leftbehind_demo.seed(school_class, today)
