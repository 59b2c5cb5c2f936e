"""Reads of training: courses with their trainees' scores, results and hours; a school's meetings with
attendance; which passed courses a certificate may be issued on; who is behind (001 二 4)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import get_scoped_or_404, scoped
from hts.activities.models import Activity, ActivityKind, Attendance
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import COUNTY_KINDS, Course, CourseKind, Enrolment, passed_q
from hts.org.models import School, Teacher
from hts.org.selectors import serving_now

CREDIT = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def school_year_of(day: dt.date) -> int:
    """The school year a day falls in, by the calendar year it starts (September)."""
    return day.year if day.month >= 9 else day.year - 1


def head_teachers_of(school: School) -> QuerySet[Teacher]:
    return Teacher.objects.filter(school=school).filter(serving_now()).select_related("user").order_by("name", "pk")


def courses_for(user: Any) -> QuerySet[Course]:
    return (
        scoped(user, "corps.training.manage", Course.objects.select_related("school", "region"))
        .annotate(trainees=Count("enrolments", distinct=True), session_count=Count("sessions", distinct=True))
        .order_by("-year", "kind", "title")
    )


def course_get(user: Any, uid: Any) -> Course:
    return get_scoped_or_404(
        user, "corps.training.manage", Course.objects.select_related("school__region", "region"), uid=uid
    )


def hours_by_teacher(activities: list[Activity], teacher_ids: Any = None) -> dict[int, Decimal]:
    """Credited hours per teacher over `activities` (loaded): one query."""
    by_id = {a.pk: a for a in activities}
    found: dict[int, Decimal] = defaultdict(Decimal)
    rows = Attendance.objects.filter(activity_id__in=by_id, status__in=CREDIT)
    if teacher_ids is not None:
        rows = rows.filter(teacher_id__in=teacher_ids)
    for teacher_id, activity_id in rows.values_list("teacher_id", "activity_id"):
        found[teacher_id] += by_id[activity_id].credit_hours
    return found


def course_detail(course: Course) -> dict[str, Any]:
    """The course's sessions, and per trainee the scores, the result and the hours (four queries)."""
    sessions = list(course.sessions.select_related("school", "region").order_by("starts_at"))
    enrolments = list(course.enrolments.select_related("teacher__school"))
    hours = hours_by_teacher(sessions)
    rows = [{"enrolment": e, "hours": hours.get(e.teacher_id, Decimal(0))} for e in enrolments]
    passed = sum(1 for e in enrolments if e.passed)
    return {"sessions": sessions, "rows": rows, "passed": passed}


def course_candidates(course: Course) -> QuerySet[Teacher]:
    """Teachers the organiser may enrol: the school's, or the bureau's subtree's."""
    teachers = Teacher.objects.select_related("school")
    if course.region is None:
        return teachers.filter(school=course.school).order_by("name")
    return teachers.filter(school__region__path__startswith=course.region.path).order_by("school__name", "name")


def meetings_of(school: School) -> list[Activity]:
    """The school's head-teacher meetings, newest first, each with invited and attended counts (one query)."""
    return list(
        Activity.objects.filter(school=school, kind=ActivityKind.HEAD_TEACHER_MEETING)
        .annotate(
            invited=Count("invitees", distinct=True),
            attended=Count("attendances", filter=Q(attendances__status__in=CREDIT), distinct=True),
        )
        .order_by("-starts_at")
    )


def rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def meeting_absences(school: School, meetings: list[Activity], now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Per invited teacher, over the meetings already held: invited, attended, absent (with which). Two queries."""
    now = now or timezone.now()
    held = {m.pk: m for m in meetings if m.starts_at <= now and not m.cancelled_at}
    invited: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    through = Activity.invitees.through.objects.filter(activity_id__in=held)
    for teacher_id, activity_id, name in through.values_list("teacher_id", "activity_id", "teacher__name"):
        invited[teacher_id].add(activity_id)
        names[teacher_id] = name
    came: dict[int, set[int]] = defaultdict(set)
    for teacher_id, activity_id in Attendance.objects.filter(activity_id__in=held, status__in=CREDIT).values_list(
        "teacher_id", "activity_id"
    ):
        came[teacher_id].add(activity_id)
    rows = []
    for teacher_id, ids in invited.items():
        missed = sorted((held[pk] for pk in ids - came[teacher_id]), key=lambda m: m.starts_at)
        rows.append({"name": names[teacher_id], "invited": len(ids), "attended": len(ids & came[teacher_id]),
                     "missed": missed})  # fmt: skip
    return sorted(rows, key=lambda r: (-len(r["missed"]), r["name"]))


def passed_enrolments(teacher: Teacher, kinds: tuple[str, ...], since_year: int | None = None) -> list[Enrolment]:
    found = Enrolment.objects.filter(passed_q(), teacher=teacher, course__kind__in=kinds).select_related("course")
    if since_year is not None:
        found = found.filter(course__year__gte=since_year)
    return list(found.order_by("-course__year"))


def teacher_enrolments(teacher: Teacher) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(teacher=teacher)
        .select_related("course__school", "course__region")
        .order_by("-course__year", "course__title")
    )


@dataclass
class Behind:
    teacher: Teacher
    reasons: list[str] = field(default_factory=list)


def behind(teachers: list[Teacher], policy: CorpsPolicy | None, on: dt.date) -> list[Behind]:
    """Head teachers behind on training on `on` (001 二 4): with `school_course_yearly`, no school course
    passed or attended this school year; with `county_course_every_years` N, no county course passed since
    their qualification certificate once N years from its issue have come (or none at all without a
    certificate). Four queries for any number of teachers."""
    from hts.corps.certificates.models import Certificate, CertificateKind
    from hts.corps.certificates.services import add_years

    if policy is None or not teachers:
        return []
    ids = [t.pk for t in teachers]
    this_year = school_year_of(on)
    school_done: set[int] = set()
    if policy.school_course_yearly:
        school_done |= set(
            Enrolment.objects.filter(passed_q(), teacher_id__in=ids, course__kind=CourseKind.SCHOOL,
                                     course__year=this_year).values_list("teacher_id", flat=True)
        )  # fmt: skip
        school_done |= set(
            Attendance.objects.filter(
                teacher_id__in=ids,
                status__in=CREDIT,
                activity__kind=ActivityKind.TRAINING_SESSION,
                activity__school__isnull=False,
                activity__starts_at__date__gte=dt.date(this_year, 9, 1),
                activity__starts_at__date__lte=on,
            ).values_list("teacher_id", flat=True)
        )
    latest_cert: dict[int, dt.date] = {}
    county_years: dict[int, list[int]] = defaultdict(list)
    every = policy.county_course_every_years
    if every:
        for holder_id, issued_on in Certificate.objects.filter(
            holder_id__in=ids, kind=CertificateKind.QUALIFICATION, revoked_at__isnull=True
        ).values_list("holder_id", "issued_on"):
            latest_cert[holder_id] = max(issued_on, latest_cert.get(holder_id, issued_on))
        for teacher_id, year in Enrolment.objects.filter(
            passed_q(), teacher_id__in=ids, course__kind__in=COUNTY_KINDS
        ).values_list("teacher_id", "course__year"):
            county_years[teacher_id].append(year)
    found = []
    for teacher in teachers:
        row = Behind(teacher)
        if policy.school_course_yearly and teacher.pk not in school_done:
            row.reasons.append(
                _("no school course passed or attended in %(year)s") % {"year": f"{this_year}–{this_year + 1}"}
            )
        if every:
            issued = latest_cert.get(teacher.pk)
            if issued is None:
                if not county_years[teacher.pk]:
                    row.reasons.append(_("no county course passed"))
            elif add_years(issued, every) - dt.timedelta(days=policy.expiring_within_days) <= on and not any(
                y > school_year_of(issued) for y in county_years[teacher.pk]
            ):
                # Flagged from the certificate's expiring window on, so there is time to take the course.
                row.reasons.append(
                    _(
                        "no county course passed since the qualification certificate of %(date)s (due every %(years)s years, by %(due)s)"
                    )
                    % {"years": every, "date": issued.isoformat(), "due": add_years(issued, every).isoformat()}
                )
        if row.reasons:
            found.append(row)
    return found


def behind_for(user: Any, kind: str, uid: Any, on: dt.date) -> tuple[Any, list[Behind], CorpsPolicy | None]:
    """The place (a school, or a region's subtree for its bureau) the user may see, its head teachers
    behind on `on`, and the policy that rules there. 404 outside the user's scope or for another kind."""
    from hts.corps.selectors import policy_for
    from hts.org.models import Region

    if kind == "school":
        place = get_scoped_or_404(user, "corps.training.manage", School.objects.select_related("region"), uid=uid)
        teachers = Teacher.objects.filter(school=place)
        region = place.region
    elif kind == "region":
        place = get_scoped_or_404(user, "corps.training.manage", Region.objects.all(), uid=uid)
        teachers = Teacher.objects.filter(school__region__path__startswith=place.path)
        region = place
    else:
        raise Http404
    heads = list(teachers.filter(serving_now()).select_related("school", "user").order_by("school__name", "name"))
    policy = policy_for(region)
    return place, behind(heads, policy, on), policy
