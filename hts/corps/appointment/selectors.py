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
from django.utils.translation import pgettext

from hts.accounts.access import scoped
from hts.accounts.models import RoleAssignment, User
from hts.core.models import AuditEntry
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


def no_school_year_message(rnd: AppointmentRound) -> str:
    """Who adds the missing year and where: the bureau keeps the calendar (school staff only read it),
    on the 校历 page of the region whose calendar the school follows."""
    region = calendar_region(rnd.school.region) or rnd.school.region
    return _(
        "No school year of the region's calendar holds the term's first day (%(date)s). Ask the bureau of "
        "%(region)s to add it: %(region)s → %(calendar)s → %(new)s (school staff can only read the "
        "calendar). Then create the round again, or choose a term inside a school year already there."
    ) % {
        "date": rnd.term_from.isoformat(),
        "region": region.name,
        "calendar": _("Academic calendar"),
        "new": _("New school year"),
    }


# Qualification check (资格审查) -------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    ok: bool
    detail: str
    # Passed, but something the school should weigh before appointing (shown as a warning).
    warn: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "ok": self.ok, "detail": self.detail, "warn": self.warn}


def _certificate_check(teacher: Teacher, rnd: AppointmentRound, policy: CorpsPolicy) -> Check:
    """Valid on the term's first day passes (001 4); one that lapses before the term ends passes with a
    warning: the holder must renew it (001 7 三年一度的换证培训) to head the class to the end."""
    label = _("Valid qualification certificate (001 4)")
    on, until = rnd.term_from, rnd.term_to
    valid = [
        c
        for c in Certificate.objects.filter(holder=teacher, kind=CertificateKind.QUALIFICATION)
        if c.state(on, policy.expiring_within_days) in (CertificateState.VALID, CertificateState.EXPIRING)
    ]
    if not valid:
        return Check(
            "certificate",
            label,
            False,
            _("No qualification certificate valid on %(date)s, the first day of the term.") % {"date": on.isoformat()},
        )
    certificate = max(valid, key=lambda c: (c.valid_until or dt.date.max, c.pk))
    if certificate.valid_until is not None and certificate.valid_until < until:
        return Check(
            "certificate",
            label,
            True,
            _(
                "%(number)s is valid on %(date)s but expires on %(expires)s, before the term ends on %(end)s: "
                "it must be renewed (001 7) for the whole term."
            )
            % {
                "number": certificate.number,
                "date": on.isoformat(),
                "expires": certificate.valid_until.isoformat(),
                "end": until.isoformat(),
            },
            warn=True,
        )
    return Check(
        "certificate",
        label,
        True,
        _("%(number)s, valid for the whole term (%(from)s to %(to)s).")
        % {"number": certificate.number, "from": on.isoformat(), "to": until.isoformat()},
    )


def _heads_check(teacher: Teacher, rnd: AppointmentRound) -> Check:
    """A head teacher leads one class: a service record reaching into the term, of a class that is not
        one of this round's posts, is shown for the school to settle (it ends that post or declines). A
    record naming no class is past service, not a class held."""
    label = _("Not heading another class during the term")
    posted = rnd.posts.values("school_class_id")
    other = (
        HeadTeacherService.objects.filter(teacher=teacher, started_on__lte=rnd.term_to, school_class__isnull=False)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=rnd.term_from))
        .exclude(school_class_id__in=posted)
        .select_related("school_class")
        .order_by("started_on")
        .first()
    )
    if other is None:
        return Check("heads", label, True, _("No other class for the term."))
    name = str(other.school_class)
    if other.ended_on is None:
        detail = _("Heads %(cls)s since %(from)s with no end date: it overlaps this term.") % {
            "cls": name,
            "from": other.started_on.isoformat(),
        }
    else:
        detail = _("Heads %(cls)s until %(to)s, inside this term.") % {"cls": name, "to": other.ended_on.isoformat()}
    return Check("heads", label, True, detail, warn=True)


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
    """The named checks of 001 6 资格审查 over the term, each following the region's policy (no
    policy, or the rule's number left empty: the check is left out)."""
    checks = []
    if policy is not None and policy.trainee_months:
        checks.append(_trainee_check(teacher, rnd.term_from, policy.trainee_months))
    if policy is not None and policy.qualification_required:
        checks.append(_certificate_check(teacher, rnd, policy))
    checks.append(_failure_check(teacher, rnd.term_from))
    checks.append(_heads_check(teacher, rnd))
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
    """Best combined scores first (择优); each goes to one of their own chosen grades (双向选择), the one
    that adds most to it: their preference (first choice counts most) plus a new age band or
    experience band in that grade's head teachers (001 二 3: 不同年龄…合理搭配). Whoever has no post left
    in a chosen grade is left unplaced, for the school to decide (see `unplaced`): never put in a
    grade they did not choose."""
    ranked = sorted(
        (a for a in applications if a.status == Application.Status.QUALIFIED and a.combined is not None),
        key=lambda a: (-(a.combined or 0), a.teacher.name, a.pk),
    )
    free: dict[int, list[Post]] = defaultdict(list)
    for post in sorted(posts, key=lambda p: (p.school_class.grade, p.school_class.name)):
        free[post.school_class.grade].append(post)
    ages: dict[int, Counter[str]] = defaultdict(Counter)
    experience: dict[int, Counter[str]] = defaultdict(Counter)
    proposals = []
    for application in ranked:
        if not any(free.values()):
            break
        prefs = [int(g) for g in application.preferred_grades]
        grades = [g for g in prefs if free[g]]
        if not grades:
            continue
        teacher = application.teacher
        age = age_band(teacher, rnd.term_from)
        exp = experience_band(teacher, rnd.term_from)
        grade = max(grades, key=partial(_grade_gain, prefs, ages, experience, age, exp))
        post = free[grade].pop(0)
        reasons = [
            _("combined score %(score)s") % {"score": application.combined},
            _("choice %(n)d: %(grade)s") % {"n": prefs.index(grade) + 1, "grade": grade_label(grade)},
        ]
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
class Unplaced:
    application: Application
    note: str


def unplaced(posts: list[Post], applications: list[Application], assignments: list[Assignment]) -> list[Unplaced]:
    """While a post is empty, each qualified applicant with a score who is on no post, with why: the
    school decides whether to place them outside their chosen grades (a change with a reason)."""
    taken = {a.post_id for a in assignments}
    empty = [p for p in posts if p.pk not in taken]
    if not empty:
        return []
    placed = {a.application_id for a in assignments}
    rows = []
    for application in applications:
        if application.pk in placed or application.status != Application.Status.QUALIFIED:
            continue
        if application.combined is None:
            continue
        chosen = {int(g) for g in application.preferred_grades}
        open_chosen = [p for p in empty if p.school_class.grade in chosen]
        values = {
            "grades": "、".join(application.preferred_grade_labels),
            "posts": "、".join(str(p.school_class) for p in (open_chosen or empty)),
        }
        if open_chosen:
            note = _("Chose %(grades)s; %(posts)s there is still empty.") % values
        else:
            note = (
                _(
                    "Chose only %(grades)s, where no post is left; not placed in another grade. Still empty: "
                    "%(posts)s. The school decides: place them there with a reason, or leave them out."
                )
                % values
            )
        rows.append(Unplaced(application, note))
    return sorted(rows, key=lambda r: (-(r.application.combined or 0), r.application.teacher.name))


def outside_choices(assignment: Assignment) -> bool:
    return assignment.post.school_class.grade not in {int(g) for g in assignment.application.preferred_grades}


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


@dataclass
class HistoryRow:
    at: dt.datetime
    text: str
    actor: str
    reason: str


def round_history(rnd: AppointmentRound, log: list[Any]) -> list[HistoryRow]:
    """The round's steps (its workflow log) and, between them, each proposal and each change of the
    assignment with its reason (kept in the audit: who was on the post before and after)."""
    rows = [
        HistoryRow(entry.at, f"{entry.from_label or '—'} → {entry.to_label}", entry.actor_label, entry.reason)
        for entry in log
    ]
    entries = AuditEntry.objects.filter(
        target_type=AppointmentRound._meta.label_lower,
        target_id=str(rnd.uid),
        action__in=("corps.appointment.adjusted", "corps.appointment.proposed"),
    ).select_related("actor")
    for entry in entries:
        actor = entry.actor.display_name if entry.actor else entry.actor_label
        changes = dict(entry.changes)
        if entry.action == "corps.appointment.proposed":
            text = _("Assignment proposed by the platform: %(n)s placed") % {"n": changes.get("assigned", 0)}
            rows.append(HistoryRow(entry.at, text, actor, ""))
            continue
        reason = str(changes.pop("reason", ""))
        for post, (before, after) in changes.items():
            text = _("Assignment changed: %(post)s, %(before)s → %(after)s") % {
                "post": post,
                "before": before or pgettext("post", "empty"),
                "after": after or pgettext("post", "empty"),
            }
            rows.append(HistoryRow(entry.at, text, actor, reason))
    return sorted(rows, key=lambda r: r.at)
