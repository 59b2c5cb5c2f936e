"""Shared fixtures of the evaluation tests: a school's monthly round over three head teachers of
福田区, scored by two raters, built with plain model writes so that each test starts from the state
it needs (draft, open, closed or published) without depending on the services under test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.rubrics.models import RubricVersion
from hts.org.models import SchoolYear, Semester
from testkit import World, make_school_year, make_teacher, make_user


@dataclass
class RoundWorld:
    round: EvaluationRound
    version: RubricVersion
    semester: Semester
    subjects: list[Subject]
    raters: list[Rater]
    organiser: Any
    subject_users: list[Any]


def ganyu_version() -> RubricVersion:
    return RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1)


def make_round(world: World, *, status: str = "draft", **extra: Any) -> EvaluationRound:
    """A monthly round of world.school_a (organised by world.school_staff) in October 2026."""
    # Several rounds of one test share the school year.
    year = SchoolYear.objects.filter(region=world.city, starts_on=dt.date(2026, 9, 1)).first()
    year = year or make_school_year(world.city, 2026)
    semester = year.semesters.get(kind="autumn")
    data = {
        "title": "2026年10月班主任工作考评",
        "period": EvaluationRound.Period.MONTHLY,
        "school_year": year,
        "semester": semester,
        "month": dt.date(2026, 10, 1),
        "school": world.school_a,
        "region_path": world.school_a.region.path,
        "version": ganyu_version(),
        "status": status,
        "created_by": world.school_staff,
        **extra,
    }
    return EvaluationRound.objects.create(**data)


def add_subject(rnd: EvaluationRound, teacher: Any) -> Subject:
    return Subject.objects.create(
        round=rnd, teacher=teacher, school=teacher.school, district_path=teacher.school.region.path
    )


def score_all(rnd: EvaluationRound, rater: Rater, subject: Subject, share: Decimal) -> None:
    """The rater gives every item `share` of its maximum (rounded to 0.5)."""
    for item in rnd.version.items.all():
        points = (item.max_points * share * 2).quantize(Decimal("1")) / 2
        Score.objects.create(subject=subject, rater=rater, item=item, points=points)


def publish_by_hand(rnd: EvaluationRound) -> None:
    """Item results as the mean of the raters, totals and ranks, status published (no services)."""
    from django.db.models import Avg

    for subject in rnd.subjects.all():
        total = Decimal("0")
        for row in subject.scores.values("item").annotate(avg=Avg("points")):
            points = Decimal(str(row["avg"])).quantize(Decimal("0.01"))
            ItemResult.objects.create(subject=subject, item_id=row["item"], points=points, raters=rnd.raters.count())
            total += points
        subject.total = total
        subject.save(update_fields=["total"])
    for rank, subject in enumerate(rnd.subjects.order_by("-total"), start=1):
        subject.rank_in_school = subject.rank_in_district = rank
        subject.save(update_fields=["rank_in_school", "rank_in_district"])
    rnd.status = EvaluationRound.Status.PUBLISHED
    rnd.objections_until = dt.date(2026, 11, 5)
    rnd.save()


@pytest.fixture
def rounds(world: World) -> RoundWorld:
    """An open round of world.school_a: teacher_a (world.teacher_user) and two more head teachers,
    rated by the school's staff and a second rater, teacher 赵 (a senior head teacher)."""
    rnd = make_round(world, status="open")
    second = make_teacher(world.school_a, "赵老师", mobile="13800000111")
    third = make_teacher(world.school_a, "钱老师", mobile="13800000112")
    subjects = [add_subject(rnd, t) for t in (world.teacher_a, second, third)]
    rater_teacher = make_teacher(world.school_a, "孙组长", mobile="13800000113")
    rater_user = make_user("rater2", teacher=rater_teacher)
    raters = [
        Rater.objects.create(round=rnd, user=world.school_staff),
        Rater.objects.create(round=rnd, user=rater_user),
    ]
    return RoundWorld(
        round=rnd,
        version=rnd.version,
        semester=rnd.semester,
        subjects=subjects,
        raters=raters,
        organiser=world.school_staff,
        subject_users=[world.teacher_user, make_user("zhao", teacher=second), make_user("qian", teacher=third)],
    )
