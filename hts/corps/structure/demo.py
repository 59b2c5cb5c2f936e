"""The structure's demo story over a county (called by `seed_demo`'s Ganyu county): the first school
with enough head teachers names its 首席班主任 (its longest-serving head teacher) and two mentoring pairs
(青蓝结对): experienced head teachers with an account guide the youngest head teacher and an assistant,
each pair with guidance sessions the mentor recorded.

Written through the structure services: appointments and pairs as the school's staff (the system
administrator where it has none), sessions as the mentor (a mentor without an account records none).
Idempotent: skipped once a school of the county has a chief head teacher or a pair.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from hts.accounts.models import Role, RoleAssignment, User
from hts.corps.selectors import policy_for
from hts.corps.structure import services
from hts.corps.structure.models import ChiefHeadTeacher, MentorPair
from hts.org.models import HeadTeacherService, Region, School, SchoolClass, Teacher, service_years

PAIRS = 2
SESSIONS = [
    ("班级常规管理：早读与午间秩序", "听课后交流：晨读前五分钟的组织；约定下周共同设计一次班会。", Decimal("1.5")),
    ("家校沟通：第一次家长会的准备", "一起梳理家长会流程和发言提纲，示范如何回应家长的关切。", Decimal("2")),
    ("主题班会设计与评课", "观摩主题班会后评课：目标更聚焦，学生参与的环节再多一些。", Decimal("2")),
    ("问题学生个案分析", "分析一名学生的行为记录，商定家访和每周谈心的安排。", Decimal("1.5")),
]


def seed(county: Region, today: dt.date) -> int:
    schools = School.objects.filter(region__path__startswith=county.path).order_by("code")
    if (
        ChiefHeadTeacher.objects.filter(school__in=schools).exists()
        or MentorPair.objects.filter(school__in=schools).exists()
    ):
        return 0
    for school in schools:
        heads = _head_teachers(school, today)
        mentors, mentees = _mentors_and_mentees(school, heads, today)
        if mentors and len(mentees) >= PAIRS:
            return _story(school, heads, mentors, mentees[:PAIRS], today)
    return 0


def _mentors_and_mentees(school: School, heads: list[Teacher], today: dt.date) -> tuple[list[Teacher], list[Teacher]]:
    """Who may guide (head teachers with an account, to record the sessions) and who is guided (the least
    experienced young head teacher, then the assistants). 001 二 3 asks for experienced mentors without a
    number: the region's policy gives the years; where it leaves them off, the records decide, and a
    mentor is a head teacher with more years than anyone they might guide."""
    years = {t.pk: _years(t, today) for t in heads}
    policy = policy_for(school.region)
    need = policy.mentor_min_service_years if policy is not None else None
    by_experience = sorted(heads, key=lambda t: (years[t.pk], t.mobile))
    if need is not None:
        young = [t for t in by_experience if years[t.pk] < need]
        mentors = [t for t in heads if hasattr(t, "user") and years[t.pk] >= need]
    else:
        young = by_experience[:1]
        most = max((years[t.pk] for t in young), default=0.0)
        mentors = [t for t in heads if hasattr(t, "user") and years[t.pk] > most]
    return mentors, young[:1] + _assistants(school, heads)


def _story(school: School, heads: list[Teacher], mentors: list[Teacher], mentees: list[Teacher], today: dt.date) -> int:
    actor = _school_actor(school)
    start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    if (today - start).days < 60:  # early in a school year: the pairs began with the last one
        start = start.replace(year=start.year - 1)
    chief = max(heads, key=lambda t: (_years(t, today), -t.pk))
    services.chief_appoint(actor=actor, school=school, teacher=chief, started_on=start)
    created = 1
    # The chief runs the school's training: the other experienced head teachers take the pairs first.
    mentors.sort(key=lambda t: t.pk == chief.pk)
    for index, mentee in enumerate(mentees):
        mentor = mentors[index % len(mentors)]
        pair = services.pair_create(actor=actor, school=school, mentor=mentor, mentee=mentee, started_on=start)
        created += 1 + _sessions(pair, mentor, today)
    return created


def _sessions(pair: MentorPair, mentor: Teacher, today: dt.date) -> int:
    # The service takes sessions only once held: none dated after today, the real one included.
    last = min(today, timezone.localdate())
    created = 0
    for index, (topic, notes, hours) in enumerate(SESSIONS):
        held_on = pair.started_on + dt.timedelta(days=14 + 21 * index)
        if held_on > last:
            break
        services.guidance_record(actor=mentor.user, pair=pair, held_on=held_on, topic=topic, notes=notes, hours=hours)  # type: ignore[attr-defined]
        created += 1
    return created


def _head_teachers(school: School, today: dt.date) -> list[Teacher]:
    serving = HeadTeacherService.objects.filter(school=school, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return list(
        Teacher.objects.filter(pk__in=serving.values("teacher_id"))
        .select_related("user")
        .prefetch_related("service_records")
        .order_by("mobile")
    )


def _assistants(school: School, heads: list[Teacher]) -> list[Teacher]:
    """Assistants of the school's classes (a class's deputy) who head no class yet."""
    deputies = SchoolClass.objects.filter(school=school, deputy__isnull=False).values("deputy_id")
    return list(Teacher.objects.filter(pk__in=deputies).exclude(pk__in=[t.pk for t in heads]).order_by("mobile"))


def _years(teacher: Teacher, today: dt.date) -> float:
    return service_years([(s.started_on, s.ended_on) for s in teacher.service_records.all()], today)


def _school_actor(school: School) -> User | None:
    staff = RoleAssignment.objects.active().filter(role=Role.SCHOOL_STAFF, school=school).order_by("pk").first()
    if staff is not None:
        return staff.user
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
