"""The certificates' demo story over a county (called by `seed_demo`'s Ganyu county): the county bureau
issues a 培训合格证 to everyone heading or assisting a class, and a 任职资格证 to each head teacher,
dated so that every state shows on `today`: valid, expiring within the policy's window, expired,
revoked with its reason, and reinstated (the revocation kept in its history).

Written through the certificates services as the county's bureau staff (the system administrator
where the county has none), so numbers, history, audit and notices are those of real use.
Idempotent: a teacher who holds a certificate of a type gets no other of that type.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from decimal import Decimal

from django.db.models import Q

from hts.accounts.models import Role, RoleAssignment, User
from hts.corps.certificates import services
from hts.corps.certificates.models import Certificate, CertificateKind, CertificateState
from hts.corps.selectors import policy_for
from hts.corps.trainee.selectors import months_of
from hts.corps.training.models import Course, CourseKind, Enrolment
from hts.corps.training.selectors import passed_enrolments, school_year_of
from hts.org.models import HeadTeacherService, Region, SchoolClass, Teacher

MONTHS_IN_YEAR = 12
# Not a failing year (001 第10条): that story needs a confirmed failing yearly result, which gates, ranks,
# the archive and appointment checks read, and the demo seeds none; a revocation on its own must not
# claim one.
REVOKED_REASON = "{year}学年度换证申报材料经县教育局核实不实，撤销其任职资格证"
WRONG_REVOCATION = "学校误报考评结果为不合格"
REINSTATED_REASON = "经复核，该学年考评结果为合格，恢复其任职资格证"

# The qualification stories in turn over the head teachers (the ones with an account first); a story
# whose dates do not fit a holder waits for the next one that it fits.
PATTERN = [
    CertificateState.VALID,
    CertificateState.EXPIRING,
    CertificateState.VALID,
    CertificateState.EXPIRED,
    CertificateState.REVOKED,
    CertificateState.VALID,
    "reinstated",
]


def seed(county: Region, today: dt.date) -> int:
    actor = _bureau_actor(county)
    if actor is None:
        return 0
    policy = policy_for(county)
    valid_years = policy.qualification_valid_years if policy else 3
    window = policy.expiring_within_days if policy and policy.expiring_within_days else 90
    held = set(
        Certificate.objects.filter(holder__school__region__path__startswith=county.path).values_list(
            "holder_id", "kind"
        )
    )
    if held:
        # Seeded once: later parts (an appointment's accepted letters) change who heads a class, and a
        # second run must not issue certificates to the people they moved.
        return 0
    heads = _head_teachers(county, today)
    created = 0
    # Assistants passed the pre-service course the summer before their trainee year.
    summer = dt.date(today.year if today.month >= 9 else today.year - 1, 7, 10)
    for teacher in _assistants(county, today) + list(heads):
        if (teacher.pk, CertificateKind.TRAINING) not in held:
            day = _before(heads[teacher] - dt.timedelta(days=60) if teacher in heads else summer)
            _issue(actor, county, teacher, CertificateKind.TRAINING, day)
            created += 1
    pending: deque[str] = deque()
    for index, (teacher, start) in enumerate(heads.items()):
        story = PATTERN[index % len(PATTERN)]
        if story != CertificateState.VALID:
            pending.append(story)
        story = next((s for s in pending if start <= _issued_on(s, today, valid_years, window, start) + _YEAR), "")
        if story:
            pending.remove(story)
        if (teacher.pk, CertificateKind.QUALIFICATION) in held:
            continue
        story = story or CertificateState.VALID
        day = _issued_on(story, today, valid_years, window, start)
        certificate = _issue(actor, county, teacher, CertificateKind.QUALIFICATION, day)
        created += 1
        if story in (CertificateState.REVOKED, "reinstated"):
            reason = REVOKED_REASON.format(year=_last_school_year(today)) if story == CertificateState.REVOKED else ""
            certificate = services.certificate_revoke(
                actor=actor, certificate=certificate, reason=reason or WRONG_REVOCATION
            )
        if story == "reinstated":
            services.certificate_reinstate(actor=actor, certificate=certificate, reason=REINSTATED_REASON)
    return created


_YEAR = dt.timedelta(days=365)


def _issued_on(story: str, today: dt.date, valid_years: int, window: int, start: dt.date) -> dt.date:
    """The issue date that puts the qualification in `story` on `today`."""
    if story == CertificateState.EXPIRING:
        return services.add_years(today + dt.timedelta(days=window // 2), -valid_years)
    if story == CertificateState.EXPIRED:
        return services.add_years(today - dt.timedelta(days=75), -valid_years)
    if story == CertificateState.REVOKED:
        return _before(today - dt.timedelta(days=420))
    if story == "reinstated":
        return _before(today - dt.timedelta(days=500))
    # Valid: before they began heading a class, or renewed about two years ago.
    return _before(max(start - dt.timedelta(days=45), today - dt.timedelta(days=700)))


def _before(day: dt.date) -> dt.date:
    """Certificates are issued on a weekday."""
    return day - dt.timedelta(days=max(day.weekday() - 4, 0))


def _last_school_year(today: dt.date) -> str:
    start = (today.year if today.month >= 9 else today.year - 1) - 1
    return f"{start}—{start + 1}"


def _passed_pre_service(county: Region, teacher: Teacher, day: dt.date) -> None:
    """The county pre-service course of the year the holder's certificates begin, passed: both
    certificates are issued only on it (001 4, 7; hts/corps/training/rules.py)."""
    policy = policy_for(county)
    year = school_year_of(day)
    course, _new = Course.objects.get_or_create(
        kind=CourseKind.PRE_SERVICE,
        title=f"{year}年{county.name}班主任岗前培训",
        year=year,
        region=county,
        defaults={"pass_mark": policy.course_pass_mark if policy else None},
    )
    Enrolment.objects.get_or_create(
        course=course, teacher=teacher, defaults={"theory_score": Decimal(85), "practice_score": Decimal(82)}
    )


def _score(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def evidence_for(county: Region, teacher: Teacher, kind: str, day: dt.date) -> str:
    """The evidence note from the holder's records on `day`, mentioning only what they hold: the trainee
    or assistant months (qualification only; none on record, none said) and the latest passed county
    course with its two scores, then the bureau's review."""
    parts = []
    if kind == CertificateKind.QUALIFICATION:
        months = months_of(teacher, day)
        if months >= MONTHS_IN_YEAR:
            parts.append("见习班主任（班主任助理）满一年")
        elif months:
            parts.append(f"见习班主任（班主任助理）{months} 个月")
    passed = [
        e
        for e in passed_enrolments(teacher, (CourseKind.PRE_SERVICE, CourseKind.RENEWAL))
        if e.course.year <= school_year_of(day)
    ]
    if passed:
        e = passed[0]
        parts.append(
            f"{e.course.title}合格（理论考试 {_score(e.theory_score)} 分，专业测试 {_score(e.practice_score)} 分）"
        )
    parts.append(f"{county.name}教育局审核通过")
    return "，".join(parts)


def _issue(actor: User, county: Region, teacher: Teacher, kind: str, day: dt.date) -> Certificate:
    if kind == CertificateKind.TRAINING:
        _passed_pre_service(county, teacher, day)
    [certificate] = services.certificates_issue(
        actor=actor,
        region=county,
        kind=kind,
        teachers=[teacher],
        issued_on=day,
        evidence=evidence_for(county, teacher, kind, day),
    )
    return certificate


def _bureau_actor(county: Region) -> User | None:
    staff = RoleAssignment.objects.active().filter(role=Role.BUREAU_STAFF, region=county).order_by("pk").first()
    if staff is not None:
        return staff.user
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _head_teachers(county: Region, today: dt.date) -> dict[Teacher, dt.date]:
    """The county's head teachers on `today` with the first day they headed a class, people with an
    account first, then by school and mobile."""
    serving = HeadTeacherService.objects.filter(
        teacher__school__region__path__startswith=county.path, started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    teachers = list(Teacher.objects.filter(pk__in=serving.values("teacher_id")).select_related("school", "user"))
    first = {}
    # A list of ids, not a nested subquery: inside a test's transaction PostgreSQL has no statistics for
    # the rows just seeded and planned the nested IN as loops over loops (minutes for one county).
    for teacher_id, started_on in HeadTeacherService.objects.filter(
        teacher_id__in=[teacher.pk for teacher in teachers]
    ).values_list("teacher_id", "started_on"):
        first[teacher_id] = min(first.get(teacher_id, started_on), started_on)
    ordered = sorted(teachers, key=lambda t: (not hasattr(t, "user"), t.school.code, t.mobile))
    return {teacher: first[teacher.pk] for teacher in ordered}


def _assistants(county: Region, today: dt.date) -> list[Teacher]:
    """Assistants (a class's deputy) who head no class: their pre-service course is done."""
    deputies = SchoolClass.objects.filter(school__region__path__startswith=county.path, deputy__isnull=False)
    heading = HeadTeacherService.objects.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return list(
        Teacher.objects.filter(pk__in=deputies.values("deputy_id"))
        .exclude(pk__in=heading.values("teacher_id"))
        .order_by("school__code", "mobile")
    )
