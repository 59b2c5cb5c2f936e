"""Whether head teachers may be nominated in a call, each rule named, from their records.

The rules: a failing yearly grade in the call's school year bars honours (001 8 and 10, when the region's
corps policy says so: `failing_year_blocks_honours`); a valid 任职资格证 on the day (when the policy
asks for one: `qualification_required`); and the call's own conditions (years as head teacher, the
yearly grade at least X). A rule the policy or the call leaves off is not listed.

`eligibility_of` takes a queryset of teachers and answers in at most four queries whatever their number
(the records are read with `teacher__in=<subquery>`), so a whole city's head teachers can be checked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hts.corps.certificates.models import Certificate, CertificateKind
from hts.corps.honours.models import HonourCall
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from hts.evaluation.grades.models import YearlyFailure
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.org.models import HeadTeacherService, Teacher
from hts.org.service_time import has_served, served_days, years_text
from hts.studios.models import Grade

FAILING, CERTIFICATE, SERVICE, GRADE = "failing_year", "qualification", "service_years", "yearly_grade"
GRADE_ORDER = {Grade.FAILED: 0, Grade.QUALIFIED: 1, Grade.EXCELLENT: 2}


@dataclass(frozen=True)
class Check:
    rule: str
    label: str
    ok: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def call_policy(call: HonourCall) -> CorpsPolicy | None:
    return policy_for(call.school.region if call.school_id else call.region)  # type: ignore[union-attr, arg-type]


def _overlapping_year(call: HonourCall, prefix: str) -> Q:
    year = call.school_year
    return Q(**{f"{prefix}__starts_on__lte": year.ends_on, f"{prefix}__ends_on__gte": year.starts_on})


def eligibility_of(
    call: HonourCall, teachers: QuerySet[Teacher], on: dt.date, policy: CorpsPolicy | None = None
) -> dict[int, list[Check]]:
    """Each teacher's checks (by id); `policy` may be passed when already loaded."""
    policy = policy if policy is not None else call_policy(call)
    ids = teachers.values("pk")
    found: dict[int, list[Check]] = {pk: [] for pk in teachers.values_list("pk", flat=True)}
    if policy is not None and policy.failing_year_blocks_honours:
        failed = dict(
            YearlyFailure.objects.filter(
                _overlapping_year(call, "school_year"),
                teacher_id__in=ids,
                status__in=[YearlyFailure.Status.REPORTED, YearlyFailure.Status.CONFIRMED],
            ).values_list("teacher_id", "school_year__label")
        )
        label = _("No failing yearly grade")
        passed = _("No failing yearly grade in %(year)s.") % {"year": call.school_year.label}
        failing = _("The yearly grade of %(year)s failed: no honours that year (001 10).")
        for pk, checks in found.items():
            if pk in failed:
                reason = failing % {"year": failed[pk]}
                checks.append(Check(FAILING, label, False, reason))
            else:
                checks.append(
                    Check(
                        FAILING,
                        label,
                        True,
                        passed,
                    )
                )
    if policy is not None and policy.qualification_required:
        # Type, revocation and dates are sifted here: with `kind` in the WHERE, SQLite walks the
        # (kind, number) index over every certificate instead of the holder's few.
        valid: dict[int, str] = {}
        for holder_id, number, kind, issued_on, valid_until, revoked_at in (
            Certificate.objects.filter(holder_id__in=ids)
            .order_by("holder_id", "valid_until")
            .values_list("holder_id", "number", "kind", "issued_on", "valid_until", "revoked_at")
        ):
            live = revoked_at is None and issued_on <= on and (valid_until is None or valid_until >= on)
            if kind == CertificateKind.QUALIFICATION and live:
                valid[holder_id] = number
        label = _("A valid qualification certificate")
        holds = _("Qualification certificate %(number)s is valid.")
        lacks = _("No valid qualification certificate on %(date)s (001 4).") % {"date": on.isoformat()}
        for pk, checks in found.items():
            if pk in valid:
                checks.append(
                    Check(
                        CERTIFICATE,
                        label,
                        True,
                        holds % {"number": valid[pk]},
                    )
                )
            else:
                checks.append(
                    Check(
                        CERTIFICATE,
                        label,
                        False,
                        lacks,
                    )
                )
    if call.min_service_years:
        periods: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for teacher_id, started, ended in HeadTeacherService.objects.filter(teacher_id__in=ids).values_list(
            "teacher_id", "started_on", "ended_on"
        ):
            periods[teacher_id].append((started, ended))
        label = _("At least %(years)d years as head teacher") % {"years": call.min_service_years}
        served, short = (
            _("%(years)s years as head teacher."),
            _("Only %(years)s years as head teacher; the call asks for %(need)s."),
        )
        for pk, checks in found.items():
            # The figure the profile and the gates show, and the gates' rule: the anniversary.
            spans = periods.get(pk, [])
            numbers = {"years": years_text(served_days(spans, on)), "need": call.min_service_years}
            if has_served(spans, call.min_service_years, on):
                checks.append(Check(SERVICE, label, True, served % numbers))
            else:
                checks.append(
                    Check(
                        SERVICE,
                        label,
                        False,
                        short % numbers,
                    )
                )
    if call.min_yearly_grade:
        grades: dict[int, str] = {}
        # Later rows win: published rounds, then final ones ("published" sorts after "final"), each by date.
        for teacher_id, grade in (
            Subject.objects.filter(
                _overlapping_year(call, "round__school_year"),
                teacher_id__in=ids,
                round__period=EvaluationRound.Period.YEARLY,
                round__status__in=[EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL],
            )
            .exclude(grade="")
            .order_by("-round__status", "round__created_at")
            .values_list("teacher_id", "grade")
        ):
            grades[teacher_id] = grade
        need = Grade(call.min_yearly_grade)
        label = _("Yearly grade at least %(grade)s") % {"grade": need.label}
        missing = _("No published yearly grade for %(year)s.") % {"year": call.school_year.label}
        # One message per grade, not one per teacher: a city has tens of thousands.
        outcome = {
            grade: (
                Check(GRADE, label, True, _("Yearly grade: %(grade)s.") % {"grade": grade.label})
                if GRADE_ORDER[grade] >= GRADE_ORDER[need]
                else Check(
                    GRADE,
                    label,
                    False,
                    _("Yearly grade %(grade)s is below %(need)s.") % {"grade": grade.label, "need": need.label},
                )
            )
            for grade in GRADE_ORDER
        }
        for pk, checks in found.items():
            grade = grades.get(pk)
            checks.append(outcome[Grade(grade)] if grade is not None else Check(GRADE, label, False, missing))
    return found


def failed_checks(checks: list[Check]) -> list[Check]:
    return [check for check in checks if not check.ok]
