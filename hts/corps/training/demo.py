"""Demo story of training in a county on the Ganyu template: last year's county pre-service course
(scores in, one trainee failed), this year's renewal course (scores being entered), each of the first
schools' yearly course, and its head-teacher meetings (one held with an absence, one coming)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from hts.activities.models import Activity, ActivityKind, Attendance
from hts.corps.selectors import policy_for
from hts.corps.training.models import Course, CourseKind, Enrolment
from hts.corps.training.selectors import head_teachers_of, school_year_of
from hts.org.models import Region, School, Teacher

SCHOOLS_WITH_COURSES = 3


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _activity(kind: str, title: str, day: dt.date, hours: Decimal | None, invitees: list[Teacher],
              school: School | None = None, region: Region | None = None) -> tuple[Activity, int]:  # fmt: skip
    activity, new = Activity.objects.get_or_create(
        kind=kind, title=title, school=school, region=region,
        defaults={"starts_at": _at(day, 14), "ends_at": _at(day, 17), "place": "会议室", "credit_half_days": 1,
                  "own_hours_per_half_day": hours},
    )  # fmt: skip
    if new:
        activity.invitees.set(invitees)
    return activity, int(new)


def _attend(activity: Activity, teachers: list[Teacher]) -> int:
    created = 0
    for teacher in teachers:
        _row, new = Attendance.objects.get_or_create(
            activity=activity, teacher=teacher,
            defaults={"status": Attendance.Status.PRESENT, "method": Attendance.Method.MANUAL, "reason": "签到表",
                      "checked_in_at": activity.starts_at},
        )  # fmt: skip
        created += int(new)
    return created


def _course(kind: str, title: str, year: int, pass_mark: Decimal | None, **place: object) -> tuple[Course, int]:
    course, new = Course.objects.get_or_create(
        kind=kind, title=title, year=year, **place, defaults={"pass_mark": pass_mark}
    )
    return course, int(new)


def _enrol(course: Course, teachers: list[Teacher], scores: list[tuple[int, int] | None]) -> int:
    created = 0
    for teacher, score in zip(teachers, scores, strict=False):
        theory, practice = score if score else (None, None)
        _row, new = Enrolment.objects.get_or_create(
            course=course, teacher=teacher, defaults={"theory_score": theory, "practice_score": practice}
        )
        created += int(new)
    return created


def seed(county: Region, today: dt.date) -> int:
    policy = policy_for(county)
    pass_mark = policy.course_pass_mark if policy else Decimal(60)
    hours = policy.training_hours_per_half_day if policy else None
    schools = list(School.objects.filter(region__path__startswith=county.path).order_by("code", "pk"))
    if not schools:
        return 0
    this_year = school_year_of(today)
    if Course.objects.filter(kind=CourseKind.RENEWAL, region=county).exists():
        # Seeded once: later parts (an appointment's accepted letters) change who heads a class, and the
        # certificates' story adds the pre-service courses its holders passed.
        return 0
    created = 0
    teachers = list(Teacher.objects.filter(school__in=schools).order_by("school__code", "pk"))
    # Last year's pre-service course: six new teachers, two sessions, one failed the professional test.
    young = teachers[-6:]
    pre, n = _course(CourseKind.PRE_SERVICE, f"{this_year - 1}年{county.name}班主任岗前培训", this_year - 1, pass_mark,
                     region=county)  # fmt: skip
    created += n + _enrol(pre, young, [(86, 78), (72, 65), (91, 88), (64, 70), (78, 55), (80, 82)])
    for number, day in enumerate((dt.date(this_year, 7, 10), dt.date(this_year, 7, 11)), start=1):
        session, n = _activity(ActivityKind.TRAINING_SESSION, f"{pre.title}（第{number}讲）", day, hours, young,
                               region=county)  # fmt: skip
        pre.sessions.add(session)
        created += n + _attend(session, young[: 6 - number + 1])
    # This year's renewal course: scores being entered.
    seniors = teachers[:4]
    renewal, n = _course(CourseKind.RENEWAL, f"{this_year}年{county.name}班主任换证培训", this_year, pass_mark,
                         region=county)  # fmt: skip
    created += n + _enrol(renewal, seniors, [(88, 90), (75, 69), None, None])
    # Each of the first schools: its yearly course and its meetings.
    for school in schools[:SCHOOLS_WITH_COURSES]:
        heads = list(head_teachers_of(school)[:8])
        course, n = _course(
            CourseKind.SCHOOL, f"{this_year}学年{school.name}校本培训", this_year, pass_mark, school=school
        )
        created += n + _enrol(course, heads, [(80, 80)] * len(heads))
        day = max(dt.date(this_year, 9, 1), today - dt.timedelta(days=20))
        session, n = _activity(ActivityKind.TRAINING_SESSION, f"{course.title}（专题讲座）", day, hours, heads,
                               school=school)  # fmt: skip
        course.sessions.add(session)
        created += n + _attend(session, heads[:-1])
        held, n = _activity(ActivityKind.HEAD_TEACHER_MEETING, "班主任工作例会", today - dt.timedelta(days=7), hours,
                            heads, school=school)  # fmt: skip
        created += n + _attend(held, heads[1:])  # the first head teacher missed it
        _next, n = _activity(ActivityKind.HEAD_TEACHER_MEETING, "下周班主任工作例会", today + dt.timedelta(days=7),
                             hours, heads, school=school)  # fmt: skip
        created += n
    return created
