"""Consent's demo story (issue 16 point 11) over the Ganyu county's class that has pupils (the class work
log's demo): the class's guardian consent for the current semester (photos), and one pupil's own consent
(photos and names) recorded and then withdrawn by the head teacher.

So the sites helper's demo shows both outcomes of ``photo_decision``:
* allowed: a photo of the class (``school_class_id=`` the class) taken this semester;
* refused: a photo naming the withdrawn pupil alone (``pupils=[that pupil]``, no class), which no consent
  in force covers any more.
``demo_class_and_withdrawn_pupil()`` finds them. Idempotent: nothing is made once the class has a consent.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from hts.classwork.models import Pupil
from hts.org.calendar import semester_on, semesters_between
from hts.org.models import Region, SchoolClass
from hts.portal.exposure.services import consent_record, consent_withdraw
from hts.portal.models import GuardianConsent

COUNTY_CODE = "320721"
# The pupil whose guardian takes the consent back (one of the class work demo's pupils).
WITHDRAWN_PUPIL = "赵一鸣"


def _demo_class() -> SchoolClass | None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        return None
    return (
        SchoolClass.objects.filter(school__region__path__startswith=county.path, pupils__isnull=False)
        .select_related("school__region", "head_teacher__user")
        .order_by("school__code", "grade", "name")
        .distinct()
        .first()
    )


def demo_class_and_withdrawn_pupil() -> tuple[SchoolClass | None, Pupil | None]:
    school_class = _demo_class()
    if school_class is None:
        return None, None
    return school_class, Pupil.objects.filter(school_class=school_class, name=WITHDRAWN_PUPIL).first()


def seed(today: dt.date) -> int:
    school_class, pupil = demo_class_and_withdrawn_pupil()
    if school_class is None or pupil is None or school_class.head_teacher is None:
        return 0
    user = getattr(school_class.head_teacher, "user", None)
    if user is None:
        return 0
    if GuardianConsent.objects.filter(Q(school_class=school_class) | Q(pupil__school_class=school_class)).exists():
        return 0
    region = school_class.school.region
    # In a school break, the semester just ended: the demo's photo of the class was taken then.
    semester = semester_on(region, today) or next(
        iter(reversed(semesters_between(region, today - dt.timedelta(days=200), today))), None
    )
    if semester is None:
        return 0
    given_on = min(today, semester.starts_on + dt.timedelta(days=7))
    consent_record(actor=user, school_class=school_class, scope="photos", given_on=given_on, semester=semester)
    own = consent_record(actor=user, school_class=school_class, scope="photos_names", given_on=given_on, pupil=pupil)
    consent_withdraw(actor=user, consent=own, on=today)
    return 2
