"""Which passed courses a certificate is issued on (001 二 4, 7): the certificates' issue service asks
here. The rule is on where the corps policy gives courses a pass mark (courses with exams exist)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hts.corps.certificates.models import Certificate, CertificateKind
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import CourseKind, Enrolment
from hts.corps.training.selectors import passed_enrolments
from hts.org.models import Teacher


def _first_school_year_from(day: dt.date) -> int:
    """The first school year (by its starting year; it starts on 1 September) that begins on or after `day`:
    a course counts as within N years when its whole school year is."""
    return day.year if day <= dt.date(day.year, 9, 1) else day.year + 1


def rule_on(policy: CorpsPolicy | None) -> bool:
    return policy is not None and policy.course_pass_mark is not None


def course_results_for(teacher: Teacher, kind: str, issued_on: dt.date, policy: CorpsPolicy) -> list[Enrolment]:
    """The passed course results a certificate of `kind` for `teacher` is issued on; refused, naming the
    rule, when there is none.

    - 培训合格证: a passed county pre-service course.
    - 任职资格证, first: a live training certificate, and the passed pre-service course.
    - 任职资格证, renewal (the teacher held one before): the training certificate and a passed county
      renewal course within `county_course_every_years` before the issue date (None: any)."""
    if kind == CertificateKind.TRAINING:
        found = passed_enrolments(teacher, (CourseKind.PRE_SERVICE,))
        if not found:
            raise ValidationError(
                _(
                    "%(name)s has passed no county pre-service course: the training certificate is issued only on a passed pre-service course (001 section 4, 7)."
                )
                % {"name": teacher.name}
            )
        return found[:1]
    held = Certificate.objects.filter(holder=teacher, revoked_at__isnull=True)
    if not held.filter(kind=CertificateKind.TRAINING).exists():
        raise ValidationError(
            _("%(name)s holds no training certificate: the qualification certificate needs it first (001 section 4).")
            % {"name": teacher.name}
        )
    if Certificate.objects.filter(holder=teacher, kind=CertificateKind.QUALIFICATION).exists():
        every = policy.county_course_every_years
        # The certificates' own date arithmetic; imported here because its module imports this one.
        from hts.corps.certificates.services import add_years

        since = _first_school_year_from(add_years(issued_on, -every)) if every else None
        found = passed_enrolments(teacher, (CourseKind.RENEWAL,), since_year=since)
        if not found:
            raise ValidationError(
                _(
                    "%(name)s has passed no county renewal course in the last %(years)s years: renewing the qualification certificate needs one (001 section 7)."
                )
                % {"name": teacher.name, "years": every or "—"}
            )
        return found[:1]
    found = passed_enrolments(teacher, (CourseKind.PRE_SERVICE,))
    if not found:
        raise ValidationError(
            _(
                "%(name)s has passed no county pre-service course: the qualification certificate is issued only after the course's exams are passed (001 section 7)."
            )
            % {"name": teacher.name}
        )
    return found[:1]
