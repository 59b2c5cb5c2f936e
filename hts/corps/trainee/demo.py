"""Demo trainee posts for a Ganyu county (called by the demo at merge): in each of the county's first
two schools with classes, a young teacher who is a class's assistant (its deputy) for ten months so
far, and one who finished a trainee year (six months as trainee, then seven as assistant, overlapping
one month), so the school's page and the assignment check show a teacher short of 12 months and
one who has them.

Written as records (the demo runs without a signed-in office); the class's deputy is set with the
open assistant post, as the services keep it. Idempotent: a second call creates nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Q

from hts.corps.trainee.models import TraineeKind, TraineePost
from hts.org.models import Region, School, SchoolClass, Teacher

SCHOOLS = 2


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _post(school_class: SchoolClass, teacher: Teacher, kind: str, start: dt.date, end: dt.date | None) -> int:
    _post_row, created = TraineePost.objects.get_or_create(
        school_class=school_class, teacher=teacher, kind=kind, started_on=start, defaults={"ended_on": end}
    )
    return int(created)


def seed(county: Region, today: dt.date) -> int:
    if TraineePost.objects.filter(school_class__school__region__path__startswith=county.path).exists():
        # Seeded once: later parts (an appointment's accepted letters) change who is young and who heads.
        return 0
    created = 0
    schools = School.objects.filter(region__path__startswith=county.path, classes__isnull=False).distinct()
    for school in schools.order_by("code")[:SCHOOLS]:
        classes = list(SchoolClass.objects.filter(school=school).order_by("grade", "name")[:2])
        # Young teachers: no head-teacher service, not heading a class.
        young = list(
            Teacher.objects.filter(school=school, service_records__isnull=True)
            .exclude(Q(classes_as_head__isnull=False))
            .order_by("-birth_year", "name")[:2]
        )
        if not classes or len(young) < 2:
            continue
        assistant, trained = young
        first = classes[0]
        if not TraineePost.objects.filter(
            school_class=first, kind=TraineeKind.ASSISTANT, ended_on__isnull=True
        ).exists():
            created += _post(first, assistant, TraineeKind.ASSISTANT, months_before(today, 10), None)
            SchoolClass.objects.filter(pk=first.pk).update(deputy=assistant)
        other = classes[-1]
        start = months_before(today, 14)
        created += _post(other, trained, TraineeKind.TRAINEE, start, months_before(today, 8) - dt.timedelta(days=1))
        created += _post(
            other,
            trained,
            TraineeKind.ASSISTANT,
            months_before(today, 9),
            months_before(today, 2) - dt.timedelta(days=1),
        )
    return created
