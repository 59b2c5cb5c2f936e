"""Reads of competitive appointment: the rounds in a reader's scope, the named qualification checks,
the combined scores and the balanced assignment the platform proposes (001 二 6 合理搭配)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from hts.accounts.access import scoped
from hts.accounts.models import RoleAssignment, User
from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Letter, Objection, Post
from hts.corps.certificates.models import Certificate, CertificateKind, CertificateState
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from hts.corps.trainee.selectors import months_of
from hts.evaluation.models import YearlyFailure
from hts.evaluation.rounds.selectors import versions_for
from hts.evaluation.rubrics.builtin import SPEECH
from hts.evaluation.rubrics.models import RubricKind, RubricVersion
from hts.org.calendar import calendar_region
from hts.org.models import HeadTeacherService, SchoolClass, SchoolYear, Teacher, grade_label, service_years

MANAGE = "corps.appointment.manage"
APPLY = "corps.appointment.apply"
CENT = Decimal("0.01")
SPEECH_RUBRIC = SPEECH["code"]
# The owner a speech round carries in evaluation (EvaluationRound.owner).
OWNER = "corps.appointment"


def rounds_for(user: Any) -> QuerySet[AppointmentRound]:
    return scoped(user, MANAGE, AppointmentRound.objects.select_related("school")).order_by("-term_from", "-pk")


def open_rounds_for_teacher(teacher: Teacher) -> QuerySet[AppointmentRound]:
    return AppointmentRound.objects.filter(school_id=teacher.school_id).exclude(status=AppointmentRound.Status.POSTS)


def applications_of_teacher(teacher: Teacher) -> QuerySet[Application]:
    return (
        Application.objects.filter(teacher=teacher)
        .select_related("round__school")
        .prefetch_related(Prefetch("letter", queryset=Letter.objects.select_related("school_class")))
        .order_by("-round__term_from")
    )


def round_posts(rnd: AppointmentRound) -> list[Post]:
    return list(rnd.posts.select_related("school_class__head_teacher"))


def round_applications(rnd: AppointmentRound) -> list[Application]:
    return list(rnd.applications.select_related("teacher"))


def round_assignments(rnd: AppointmentRound) -> list[Assignment]:
    return list(
        rnd.assignments.select_related("post__school_class", "application__teacher", "changed_by")
        .prefetch_related("application__teacher__service_records")
        .order_by("post__school_class__grade", "post__school_class__name")
    )


def round_objections(rnd: AppointmentRound) -> list[Objection]:
    return list(rnd.objections.select_related("raised_by", "decided_by"))


def round_letters(rnd: AppointmentRound) -> list[Letter]:
    return list(rnd.letters.select_related("application__teacher", "school_class"))


def classes_for_posts(rnd: AppointmentRound) -> QuerySet[SchoolClass]:
    return (
        SchoolClass.objects.filter(school_id=rnd.school_id)
        .exclude(pk__in=rnd.posts.values("school_class_id"))
        .order_by("grade", "name")
    )


def panel_candidates(rnd: AppointmentRound) -> QuerySet[User]:
    """Who may sit on the appointment panel: the school's staff and teachers, never an applicant (the
    same people evaluation lets rate a round of the school)."""
    staff = RoleAssignment.objects.active().filter(school_id=rnd.school_id).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=staff) | Q(teacher__school_id=rnd.school_id))
        .exclude(teacher_id__in=rnd.applications.values("teacher_id"))
        .distinct()
        .order_by("username")
    )


def speech_versions(rnd: AppointmentRound) -> QuerySet[RubricVersion]:
    """The speech rubrics the school may score on: the built-in 竞聘演讲评分表 and its copies."""
    return versions_for(rnd.school, RubricKind.SPEECH)


def default_speech_version() -> RubricVersion | None:
    """The built-in speech rubric's active version, which a new appointment's speeches start on."""
    return (
        RubricVersion.objects.filter(rubric__builtin_code=SPEECH_RUBRIC, status=RubricVersion.Status.ACTIVE)
        .order_by("-number")
        .first()
    )


def _whole_years(start: dt.date, on: dt.date) -> int:
    return max(0, on.year - start.year - ((on.month, on.day) < (start.month, start.day)))


def application_initial(teacher: Teacher, rnd: AppointmentRound) -> dict[str, Any]:
    """The 申报表's 教龄 and 任教学科 as the records know them, for the applicant to check: the subject
    from the teacher's profile (else their last application); the years from their last application (its years plus the years since),
    else counted from their first head-teacher or trainee post (a head teacher teaches, so at least that
    long). Nothing known, nothing filled."""
    initial: dict[str, Any] = {"subject_taught": teacher.subject} if teacher.subject else {}
    on = rnd.term_from
    last = (
        Application.objects.filter(teacher=teacher, round__term_from__lt=on)
        .select_related("round")
        .order_by("-round__term_from")
        .first()
    )
    if last is not None:
        initial.setdefault("subject_taught", last.subject_taught)
        initial["teaching_years"] = last.teaching_years + _whole_years(last.round.term_from, on)
        return initial
    starts = [
        day
        for day in (
            teacher.service_records.filter(started_on__lt=on)
            .order_by("started_on")
            .values_list("started_on", flat=True)
            .first(),
            teacher.trainee_posts.filter(started_on__lt=on)
            .order_by("started_on")
            .values_list("started_on", flat=True)
            .first(),
        )
        if day is not None
    ]
    if starts:
        initial["teaching_years"] = _whole_years(min(starts), on)
    return initial


def school_year_of(rnd: AppointmentRound) -> SchoolYear | None:
    """The school year the term starts in, from the region's calendar (inherited from above)."""
    source = calendar_region(rnd.school.region)
    if source is None:
        return None
    return SchoolYear.objects.filter(region=source, starts_on__lte=rnd.term_from, ends_on__gte=rnd.term_from).first()


# Qualification check (资格审查) -------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "ok": self.ok, "detail": self.detail}


def _certificate_check(teacher: Teacher, on: dt.date, policy: CorpsPolicy) -> Check:
    label = _("Valid qualification certificate (001 4)")
    certificates = Certificate.objects.filter(holder=teacher, kind=CertificateKind.QUALIFICATION)
    for certificate in certificates:
        if certificate.state(on, policy.expiring_within_days) in (CertificateState.VALID, CertificateState.EXPIRING):
            return Check(
                "certificate",
                label,
                True,
                _("%(number)s, valid on %(date)s.") % {"number": certificate.number, "date": on.isoformat()},
            )
    return Check(
        "certificate",
        label,
        False,
        _("No qualification certificate valid on %(date)s, the first day of the term.") % {"date": on.isoformat()},
    )


def _failure_check(teacher: Teacher, on: dt.date) -> Check:
    label = _("No failing yearly grade in the past school year (001 8, 10)")
    failure = (
        YearlyFailure.objects.filter(
            teacher=teacher,
            status=YearlyFailure.Status.CONFIRMED,
            school_year__ends_on__gte=on - dt.timedelta(days=366),
            school_year__starts_on__lt=on,
        )
        .select_related("school_year")
        .first()
    )
    if failure is None:
        return Check("failure", label, True, _("No confirmed failing yearly grade."))
    return Check(
        "failure",
        label,
        False,
        _("The yearly grade of %(year)s is a confirmed failure.") % {"year": failure.school_year.label},
    )


def _trainee_check(teacher: Teacher, on: dt.date, need: int) -> Check:
    """001 4: a new teacher serves the trainee year before heading a class; one who has headed a class
    before is not new to the post (the same reading as the assignment check in hts/corps/trainee)."""
    label = _("Trainee year as trainee head teacher or assistant (001 4)")
    first = (
        HeadTeacherService.objects.filter(teacher=teacher, started_on__lt=on)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    if first is not None:
        return Check("trainee", label, True, _("Head teacher since %(date)s.") % {"date": first.isoformat()})
    months = months_of(teacher, on)
    detail = _("%(months)s of the %(need)s months as trainee head teacher or assistant by %(date)s.") % {
        "months": months,
        "need": need,
        "date": on.isoformat(),
    }
    return Check("trainee", label, months >= need, detail)


def qualification_checks(teacher: Teacher, rnd: AppointmentRound, policy: CorpsPolicy | None) -> list[Check]:
    """The named checks of 001 6 资格审查 on the term's first day, each following the region's policy (no
    policy, or the rule's number left empty: the check is left out)."""
    checks = []
    if policy is not None and policy.trainee_months:
        checks.append(_trainee_check(teacher, rnd.term_from, policy.trainee_months))
    if policy is not None and policy.qualification_required:
        checks.append(_certificate_check(teacher, rnd.term_from, policy))
    checks.append(_failure_check(teacher, rnd.term_from))
    return checks


def round_policy(rnd: AppointmentRound) -> CorpsPolicy | None:
    return policy_for(rnd.school.region)


# Scores and the proposed assignment (合理搭配) ---------------------------------------------------------


def combine(speech: Decimal | None, rating: Decimal | None, rnd: AppointmentRound) -> Decimal | None:
    """Speech and rating as percentages of their maximum, weighted by the round's weights. Without a
    shown rating (fewer answers than the rating's minimum), the speech alone counts."""
    if speech is None:
        return None
    if rating is None:
        return speech.quantize(CENT)
    total = rnd.speech_weight + rnd.rating_weight
    value = (speech * rnd.speech_weight + rating * rnd.rating_weight) / total
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


AGE_BANDS = ((35, "young"), (50, "middle"), (200, "senior"))


def age_band(teacher: Teacher, on: dt.date) -> str:
    age = on.year - teacher.birth_year
    return next(band for limit, band in AGE_BANDS if age < limit)


def age_band_label(band: str) -> str:
    return {"young": _("young (under 35)"), "middle": _("middle-aged (35–49)"), "senior": _("senior (50 and over)")}[
        band
    ]


# A head teacher with fewer years than this is counted as new to the post when spreading experience.
EXPERIENCED_YEARS = 3


def experience_band(teacher: Teacher, on: dt.date) -> str:
    years = service_years([(s.started_on, s.ended_on) for s in teacher.service_records.all()], on)
    return "experienced" if years >= EXPERIENCED_YEARS else "new"


def _grade_gain(
    prefs: list[int],
    ages: dict[int, Counter[str]],
    experience: dict[int, Counter[str]],
    age: str,
    exp: str,
    grade: int,
) -> tuple[int, int]:
    """A preferred grade counts 2 per rank (first choice most); a grade that lacks this person's age
    band or experience band counts 3 for each: mixing the grade outweighs a lower choice."""
    preference = len(prefs) - prefs.index(grade) if grade in prefs else 0
    mix = (ages[grade][age] == 0) + (experience[grade][exp] == 0)
    return (preference * 2 + mix * 3, -grade)


@dataclass
class Proposal:
    post: Post
    application: Application
    reason: str


def propose(rnd: AppointmentRound, posts: list[Post], applications: list[Application]) -> list[Proposal]:
    """Best combined scores first (择优), as many as there are posts; each goes to the grade that adds
    most to it: their preference (first choice counts most) plus a new age band or experience band
    in that grade's head teachers (001 二 3: 不同年龄…合理搭配), so each grade mixes old and young."""
    ranked = sorted(
        (a for a in applications if a.status == Application.Status.QUALIFIED and a.combined is not None),
        key=lambda a: (-(a.combined or 0), a.teacher.name, a.pk),
    )[: len(posts)]
    free: dict[int, list[Post]] = defaultdict(list)
    for post in sorted(posts, key=lambda p: (p.school_class.grade, p.school_class.name)):
        free[post.school_class.grade].append(post)
    ages: dict[int, Counter[str]] = defaultdict(Counter)
    experience: dict[int, Counter[str]] = defaultdict(Counter)
    proposals = []
    for application in ranked:
        teacher = application.teacher
        age = age_band(teacher, rnd.term_from)
        exp = experience_band(teacher, rnd.term_from)
        prefs = [int(g) for g in application.preferred_grades]

        grades = [g for g, left in free.items() if left]
        if not grades:
            break
        grade = max(grades, key=partial(_grade_gain, prefs, ages, experience, age, exp))
        post = free[grade].pop(0)
        reasons = [_("combined score %(score)s") % {"score": application.combined}]
        if grade in prefs:
            reasons.append(_("choice %(n)d: %(grade)s") % {"n": prefs.index(grade) + 1, "grade": grade_label(grade)})
        else:
            reasons.append(_("preferred grades were taken"))
        if ages[grade][age] == 0:
            reasons.append(
                _("adds a %(band)s head teacher to %(grade)s")
                % {"band": age_band_label(age), "grade": grade_label(grade)}
            )
        ages[grade][age] += 1
        experience[grade][exp] += 1
        proposals.append(Proposal(post, application, "；".join(reasons)))
    return proposals


@dataclass
class GradeMix:
    grade: str
    ages: dict[str, int]
    experienced: int
    new: int


def grade_mix(rnd: AppointmentRound, assignments: list[Assignment]) -> list[GradeMix]:
    """Per grade, how the assigned head teachers spread over age and experience (shown with the list)."""
    rows: dict[int, GradeMix] = {}
    for assignment in assignments:
        grade = assignment.post.school_class.grade
        teacher = assignment.application.teacher
        row = rows.setdefault(grade, GradeMix(grade_label(grade), {}, 0, 0))
        band = str(age_band_label(age_band(teacher, rnd.term_from)))
        row.ages[band] = row.ages.get(band, 0) + 1
        if experience_band(teacher, rnd.term_from) == "experienced":
            row.experienced += 1
        else:
            row.new += 1
    return [rows[g] for g in sorted(rows)]


def published_application_ids(rnd: AppointmentRound) -> set[int]:
    return set(rnd.assignments.values_list("application_id", flat=True))
