"""The gates' demo story over a county (called by `seed_demo`'s Ganyu county): each school reserves a
share of the yearly 优秀 for its head teachers (more at village schools, as 001 8 asks) and enters this
school year's counts, every other school short of its share; and the club or society work of two young
head teachers is credited, so their title gate opens while other young ones' stays closed.

Written through the gates services as each school's staff (the system administrator for a school
without staff). Idempotent: a school's share and year's counts are entered once, the credited work
once per county.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from hts.accounts.models import Role, RoleAssignment, User
from hts.corps.gates import services
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
from hts.corps.gates.selectors import calendar_years
from hts.corps.selectors import policy_for
from hts.org.models import HeadTeacherService, Region, School, Teacher
from hts.org.service_time import served_days

SHARE_PERCENT = {True: 40, False: 30}  # by `village`
CREDITED = 2
CREDITED_WORK = [
    ("书法兴趣小组辅导", "兴趣小组每周两次活动，学校德育处考核合格，按 001 第8条折算班主任工作年限"),
    ("校园文学社指导", "文学社全年活动记录完整，学校德育处考核合格，按 001 第8条折算班主任工作年限"),
]


def seed(county: Region, today: dt.date) -> int:
    created = 0
    schools = list(School.objects.filter(region__path__startswith=county.path).select_related("region"))
    schools.sort(key=lambda school: school.code)
    for index, school in enumerate(schools):
        actor = _school_actor(school)
        if actor is None:
            continue
        if not ExcellentShare.objects.filter(school=school).exists():
            services.excellent_share_set(actor=actor, school=school, percent=SHARE_PERCENT[school.village])
            created += 1
        created += _counts(actor, school, index, today)
    return created + _credited(county, schools, today)


def _counts(actor: User, school: School, index: int, today: dt.date) -> int:
    year = next((y for y in calendar_years(school) if y.starts_on <= today <= y.ends_on), None)
    if year is None or ExcellentCount.objects.filter(school=school, school_year=year).exists():
        return 0
    total = max(2, round(Teacher.objects.filter(school=school).count() * 0.3))
    needed = -(-total * SHARE_PERCENT[school.village] // 100)
    # Every other school falls one short, so the page shows the share both met and missed.
    head_teachers = needed if index % 2 == 0 else needed - 1
    services.excellent_count_set(actor=actor, school=school, school_year=year, total=total, head_teachers=head_teachers)
    return 1


def _credited(county: Region, schools: list[School], today: dt.date) -> int:
    """Credit the club work of the first young head teachers without an account (the demo's own young
    head teacher keeps a closed gate to show) who are short of the title years."""
    policy = policy_for(county)
    years = policy.title_min_service_years if policy else None
    if years is None or CreditedService.objects.filter(school__region__path__startswith=county.path).exists():
        return 0
    created = 0
    serving = HeadTeacherService.objects.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    teachers = (
        Teacher.objects.filter(school__in=schools, pk__in=serving.values("teacher_id"), user__isnull=True)
        .select_related("school")
        .prefetch_related("service_records")
        .order_by("school__code", "mobile")
    )
    for teacher in teachers:
        spans = [(record.started_on, record.ended_on) for record in teacher.service_records.all()]
        if served_days(spans, today) >= 365 * years:
            continue
        first = min(start for start, _end in spans)
        what, reason = CREDITED_WORK[created % len(CREDITED_WORK)]
        data = {
            "started_on": dt.date(first.year - 2, 9, 1),
            "ended_on": dt.date(first.year, 7, 10),
            "what": what,
            "reason": reason,
        }
        services.credited_service_create(
            actor=_school_actor(teacher.school), school=teacher.school, teacher=teacher, data=data
        )
        created += 1
        if created == CREDITED:
            break
    return created


def _school_actor(school: School) -> User | None:
    staff = RoleAssignment.objects.active().filter(role=Role.SCHOOL_STAFF, school=school).order_by("pk").first()
    if staff is not None:
        return staff.user
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
