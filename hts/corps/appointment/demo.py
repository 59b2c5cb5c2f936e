"""Demo: a completed competitive appointment at one school of a county (posts to letters), with its
history, for the demo helper to call at merge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hts.core.workflow import log_transition
from hts.corps.appointment import acceptance, selectors
from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Letter, Post
from hts.org.models import Region, School, SchoolClass, Teacher

DEMO_TITLE = "班主任竞聘上岗"


def _school(county: Region) -> School | None:
    for school in School.objects.filter(region__path__startswith=county.path).order_by("code"):
        if Teacher.objects.filter(school=school).count() >= 4:
            return school
    return None


@transaction.atomic
def seed(county: Region, today: dt.date) -> int:
    school = _school(county)
    if school is None or AppointmentRound.objects.filter(school=school, title__startswith=DEMO_TITLE).exists():
        return 0
    start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    rnd = AppointmentRound.objects.create(
        school=school,
        title=f"{DEMO_TITLE}（{start.year}—{start.year + 1}学年）",
        term_from=start,
        term_to=dt.date(start.year + 1, 8, 31),
        status=AppointmentRound.Status.LETTERS,
        objections_until=start - dt.timedelta(days=10),
    )
    created = 1
    stage = school.stages[0].value if school.stages else "primary"
    first_grade = {"primary": 1, "junior": 7, "senior": 10}.get(stage, 1)
    classes = []
    for grade in (first_grade, first_grade + 1):
        for name in ("1班", "2班"):
            school_class, made = SchoolClass.objects.get_or_create(
                school=school, grade=grade, name=name, defaults={"stage": stage}
            )
            created += made
            classes.append(school_class)
    posts = [Post.objects.create(round=rnd, school_class=c) for c in classes]
    created += len(posts)
    teachers = list(Teacher.objects.filter(school=school).order_by("birth_year", "name")[:5])
    applications = []
    for n, teacher in enumerate(teachers):
        speech = Decimal(92 - n * 4)
        rating = Decimal(88 - n * 3)
        application = Application.objects.create(
            round=rnd,
            teacher=teacher,
            status=Application.Status.QUALIFIED,
            teaching_years=max(1, start.year - teacher.birth_year - 23),
            subject_taught=teacher.subject or "语文",
            reasons="热爱班主任工作，愿意与学生共同成长。",
            plans="以养成教育为抓手，建设积极向上的班集体；每月一次主题班会，每学期家访全覆盖。",
            record="曾获校级优秀班主任。" if n % 2 == 0 else "",
            preferred_grades=[classes[n % 2 * 2].grade, classes[(n + 1) % 2 * 2].grade],
            checks=[
                {"key": "failure", "label": "近一学年无考核不合格", "ok": True, "detail": "无经确认的年度考核不合格。"}
            ],
            speech_at=timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=30), dt.time(9 + n))),
            speech_place="学校报告厅",
            speech_score=speech,
            rating_score=rating,
            combined=selectors.combine(speech, rating, rnd),
        )
        applications.append(application)
    created += len(applications)
    proposals = selectors.propose(rnd, posts, applications)
    for serial, proposal in enumerate(proposals, 1):
        Assignment.objects.create(
            round=rnd, post=proposal.post, application=proposal.application, reason=f"平台建议：{proposal.reason}"
        )
        letter = Letter.objects.create(
            round=rnd,
            application=proposal.application,
            school_class=proposal.post.school_class,
            number=f"{school.code}-PS-{start.year}-{rnd.pk:03d}-{serial:03d}",
        )
        created += 2
        if proposal is not proposals[-1]:  # the last appointee has yet to accept
            # As the appointee's own acceptance would: the class's present head teacher hands it over,
            # and the appointee leaves the classes they headed before the term.
            acceptance.write_acceptance(actor=None, letter=letter, today=today)
            created += 1
    previous = ""
    for status in AppointmentRound.Status.values:
        log_transition(target=rnd, from_state=previous, to_state=status, actor=None)
        previous = status
    return created
