"""Demo evaluation data for `seed_demo` (issue 6, 9), written through the services as the people who
would do it:

* the demo school (FT-01) evaluates its head teachers monthly over the latest finished semester on the
  built-in Ganyu rubric (school_admin organises; school_admin and the studio host rate), every round
  closed and published; the earliest two are finalised, the first after `teacher`'s objection was
  upheld with a correction; the last month carries a parents' democratic rating (enough answers for one
  person, too few for another); the semester summary is created, closed and published;
* the demo studio grades its members for the same semester (one 不合格, so the host's grades page shows
  the rotation-out step);
* the host and the mentor observe a class meeting of the demo `member`, filed in the member's archive.

Setup, not anyone's action: to finalise a round, its objection period is moved into the past with a
queryset update (``_end_objection_period``), since the demo's semester is already over. Scores are
deterministic (a seeded random generator). Idempotent: each part is skipped when its round or
observation exists.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hts.accounts.models import User
from hts.evaluation.democratic import services as services_democratic
from hts.evaluation.observations import services as services_observations
from hts.evaluation.observations.models import Observation
from hts.evaluation.publication import services as services_publication
from hts.evaluation.rounds import services, summaries
from hts.evaluation.rounds.evidence import proposals_for
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater
from hts.evaluation.rubrics.models import Computation, RubricItem, RubricVersion
from hts.org.models import Region, School, Semester
from hts.studios.models import Membership, Studio

SCHOOL_CODE = "FT-01"
# The Ganyu demo school whose class keeps the class work log (hts/classwork/demo.py), and its staff.
GANYU_SCHOOL_CODE = "GY-01"
GANYU_STAFF = "ganyu_school"
OBSERVATION_TOPIC = "主题班会观摩：学会感恩"
REASON = "考评小组现场核查后评定"


def seed_evaluation() -> int:
    users = {
        u.username: u for u in User.objects.filter(username__in=["school_admin", "teacher", "host", "mentor", "member"])
    }
    if len(users) < 5:
        return 0
    semester = _latest_finished_semester()
    if semester is None:
        return 0
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    created = 0
    created += _school_rounds(users, semester, rng)
    created += _studio_round(users, semester, rng)
    created += _observation(users, semester)
    return created


def _latest_finished_semester() -> Semester | None:
    school = School.objects.filter(code=SCHOOL_CODE).select_related("region").first()
    if school is None:
        return None
    today = timezone.localdate()
    semesters = Semester.objects.filter(school_year__region__path__in=_lineage(school.region.path))
    return (
        semesters.filter(ends_on__lt=today).select_related("school_year").order_by("-starts_on").first()
        or semesters.select_related("school_year").order_by("starts_on").first()
    )


def _lineage(path: str) -> list[str]:
    from hts.org.calendar import lineage_paths

    return list(lineage_paths(path))


def _months(semester: Semester) -> list[dt.date]:
    """The first four whole months of the semester."""
    month = semester.starts_on.replace(day=1)
    if semester.starts_on.day > 1:
        month = _next_month(month)
    months: list[dt.date] = []
    while len(months) < 4 and month <= semester.ends_on:
        months.append(month)
        month = _next_month(month)
    return months


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _version(code: str) -> RubricVersion:
    return RubricVersion.objects.filter(rubric__builtin_code=code, status=RubricVersion.Status.ACTIVE).order_by(
        "-number"
    )[0]


def _round_data(version: RubricVersion, semester: Semester, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "school_year": semester.school_year,
        "semester": semester,
        "version": version,
        "combination": EvaluationRound.Combination.MEAN,
        "objection_days": 5,
        "excellent_from": Decimal("90"),
        "pass_from": Decimal("60"),
        **extra,
    }


def _score_round(rnd: EvaluationRound, shares: dict[int, Decimal], rng: random.Random, *, follow: bool = True) -> None:
    """Each rater scores every item of every person near the person's share of the maximum (to 0.5),
    taking the records' proposal where there is one (when `follow`), else giving the reason."""
    items = list(rnd.version.items.all())
    subjects = list(rnd.subjects.select_related("teacher"))
    proposals = proposals_for(rnd, subjects)
    for rater in Rater.objects.filter(round=rnd).select_related("user"):
        for subject in subjects:
            share = shares[subject.pk]
            entries = {}
            for item in items:
                noisy = min(Decimal("1"), max(Decimal("0"), share + Decimal(rng.randint(-8, 8)) / 100))
                points = (item.max_points * noisy * 2).quantize(Decimal("1")) / 2
                proposal = proposals.get((subject.pk, item.pk))
                if proposal is not None and follow:
                    points = proposal.points
                reason = REASON if proposal is not None and points != proposal.points else ""
                entries[item.pk] = services.Entry(points=points, reason=reason)
            services.scores_save(actor=rater.user, rater=rater, subject=subject, entries=entries)
        services.sheet_submit(actor=rater.user, rater=rater)


def _end_objection_period(rnd: EvaluationRound) -> None:
    # Setup: the demo semester is over, so its objection period is moved into the past.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    EvaluationRound.objects.filter(pk=rnd.pk).update(objections_until=yesterday)
    rnd.refresh_from_db()


def _school_rounds(users: dict[str, Any], semester: Semester, rng: random.Random) -> int:
    school = School.objects.get(code=SCHOOL_CODE)
    if EvaluationRound.objects.filter(school=school, semester=semester, period="monthly").exists():
        return 0
    staff, host, teacher = users["school_admin"], users["host"], users["teacher"]
    version = _version("ganyu")
    rounds: list[EvaluationRound] = []
    base: dict[int, Decimal] = {}
    for month in _months(semester):
        rnd = services.round_create(
            actor=staff,
            organiser=school,
            data=_round_data(
                version, semester, f"{month.year}年{month.month}月班主任工作考评", period="monthly", month=month
            ),
        )
        services.subjects_fill(actor=staff, rnd=rnd)
        # The studio host rates in the school's evaluation group, so is not evaluated with the others.
        for subject in rnd.subjects.filter(teacher_id=host.teacher_id):
            services.subject_remove(actor=staff, subject=subject)
        for user in (staff, host):
            services.rater_add(actor=staff, rnd=rnd, query=user.username)
        last = len(rounds) == 3
        tokens: list[Any] = []
        if last:
            tokens = _democratic_rating(staff, rnd)
        services.round_open(actor=staff, rnd=rnd)
        if last:
            _democratic_answers(rnd, tokens, teacher.teacher_id, rng)
        shares = {}
        for subject in rnd.subjects.all():
            person = base.setdefault(subject.teacher_id, Decimal(rng.randint(72, 95)) / 100)
            shares[subject.pk] = person + Decimal(rng.randint(-4, 4)) / 100
        _score_round(rnd, shares, rng)
        services.round_close(actor=staff, rnd=rnd)
        services.round_publish(actor=staff, rnd=rnd)
        rounds.append(rnd)
    _objection(staff, teacher, rounds[0])
    for rnd in rounds[:2]:
        _end_objection_period(rnd)
        services_publication.round_finalise(actor=staff, rnd=rnd)
    summary = summaries.summary_round_create(actor=staff, source=rounds[0])
    services.round_close(actor=staff, rnd=summary)
    services.round_publish(actor=staff, rnd=summary)
    return len(rounds) + 1


def _democratic_rating(staff: Any, rnd: EvaluationRound) -> list[Any]:
    item = RubricItem.objects.filter(version=rnd.version, computation=Computation.DEMOCRATIC).first()
    rating = services_democratic.democratic_rating_create(
        actor=staff,
        rnd=rnd,
        data={
            "audience": "parents",
            "question": "您对这位班主任本月的工作满意吗？",
            "scale": 5,
            "min_responses": 5,
            "item": item,
            "closes_on": None,
        },
    )
    return services_democratic.rating_tokens_issue(actor=staff, rating=rating, per_subject=6)


def _democratic_answers(rnd: EvaluationRound, tokens: list[Any], teacher_id: int, rng: random.Random) -> None:
    """Six parents answer about the demo teacher (a mean is shown), two about another (too few)."""
    other = rnd.subjects.exclude(teacher_id=teacher_id).order_by("teacher__name", "id").first()
    counts = {sid: n for sid, n in ((s.pk, 6) for s in rnd.subjects.filter(teacher_id=teacher_id))}
    if other is not None:
        counts[other.pk] = 2
    comments = ["老师很负责，孩子进步很大。", "家校沟通及时。", ""]
    for issued in tokens:
        if counts.get(issued.subject.pk, 0) > 0:
            counts[issued.subject.pk] -= 1
            services_democratic.rating_respond(
                token=issued.token, mark=rng.choice([4, 5, 5]), comment=rng.choice(comments)
            )


def _objection(staff: Any, teacher: Any, rnd: EvaluationRound) -> None:
    """`teacher` objects to one item of the first month; the school upholds it with a correction."""
    subject = rnd.subjects.filter(teacher_id=teacher.teacher_id).first()
    if subject is None:
        return
    result = (
        ItemResult.objects.filter(subject=subject, item__scoring=RubricItem.Scoring.MANUAL)
        .select_related("item")
        .order_by("item__number")
        .first()
    )
    if result is None:
        return
    item = result.item
    objection = services_publication.objection_raise(
        actor=teacher,
        subject=subject,
        item=item,
        reason="本月我班主题班会已按计划开展，记录已上传成长档案，请复核该项得分。",
    )
    new_points = min(item.max_points, result.points + Decimal("1"))
    if new_points == result.points:
        new_points = result.points - Decimal("0.5")
    services_publication.objection_decide(
        actor=staff,
        objection=objection,
        upheld=True,
        outcome="经复核班会记录，情况属实，该项得分更正。",
        item=item,
        new_points=new_points,
    )


def _studio_round(users: dict[str, Any], semester: Semester, rng: random.Random) -> int:
    host, mentor, member = users["host"], users["mentor"], users["member"]
    studio = Studio.objects.filter(host_id=host.teacher_id, status="active").first()
    if studio is None or EvaluationRound.objects.filter(studio=studio, semester=semester).exists():
        return 0
    label = f"{semester.school_year.label}{semester.get_kind_display()}"
    rnd = services.round_create(
        actor=host,
        organiser=studio,
        data=_round_data(_version("studio_member"), semester, f"{label}工作室成员学期考核", period="semester"),
    )
    services.subjects_fill(actor=host, rnd=rnd)
    for user in (host, mentor):
        services.rater_add(actor=host, rnd=rnd, query=user.username)
    services.round_open(actor=host, rnd=rnd)
    subjects = list(rnd.subjects.order_by("membership_id"))
    # The last member (never the demo `member`) falls short; the others are excellent or qualified.
    failing = next((s for s in reversed(subjects) if s.teacher_id != member.teacher_id), None)
    shares = {}
    for index, subject in enumerate(subjects):
        shares[subject.pk] = Decimal("0.95") if index % 2 == 0 else Decimal("0.78")
    if failing is not None:
        shares[failing.pk] = Decimal("0.42")
    _score_round(rnd, shares, rng, follow=False)
    services.round_close(actor=host, rnd=rnd)
    services.round_publish(actor=host, rnd=rnd)
    _end_objection_period(rnd)
    services_publication.round_finalise(actor=host, rnd=rnd)
    return 1


def _observation(users: dict[str, Any], semester: Semester) -> int:
    host, mentor, member = users["host"], users["mentor"], users["member"]
    if (
        member.teacher_id is None
        or Observation.objects.filter(teacher_id=member.teacher_id, topic=OBSERVATION_TOPIC).exists()
    ):
        return 0
    membership = (
        Membership.objects.filter(teacher_id=member.teacher_id, status="active", studio__host_id=host.teacher_id)
        .select_related("studio", "teacher")
        .first()
    )
    if membership is None:
        return 0
    held_on = min(semester.ends_on, semester.starts_on + dt.timedelta(days=80))
    observation = services_observations.observation_create(
        actor=host,
        data={
            "teacher": membership.teacher,
            "version": _version("class_meeting"),
            "studio": membership.studio,
            "topic": OBSERVATION_TOPIC,
            "class_name": "二年级2班",
            "held_on": held_on,
            "combination": EvaluationRound.Combination.MEAN,
            "observers": [host, mentor],
        },
    )
    items = list(observation.version.items.order_by("number"))
    sheets = [
        (host, Decimal("0.90"), "主题贴近学生生活，学生参与积极；建议结尾的延伸活动再具体一些。"),
        (mentor, Decimal("0.84"), "环节设计有层次，教师引导自然；个别学生发言机会偏少。"),
    ]
    for user, share, comment in sheets:
        points = {item.pk: (item.max_points * share * 2).quantize(Decimal("1")) / 2 for item in items}
        services_observations.observation_score(actor=user, observation=observation, points=points, comment=comment)  # type: ignore[arg-type]
    services_observations.observation_close(actor=host, observation=observation)
    return 1


def seed_classwork_round(county: Region, today: dt.date) -> int:
    """The Ganyu demo school's monthly round for this month (issue 15, 7), the last part of the Ganyu
    story (hts/demo/ganyu.py): its head teachers on the county's rubric of 001 附件2, rated by its
    staff (ganyu_school), open and not yet scored, so the sheet proposes items 5, 6, 7, 9, 10, 11, 15
    and 16 from the class log the class work demo seeded. None in a school break; skipped once made."""
    from hts.org.calendar import semester_on

    school = School.objects.filter(code=GANYU_SCHOOL_CODE, region__path__startswith=county.path).first()
    staff = User.objects.filter(username=GANYU_STAFF).first()
    if school is None or staff is None:
        return 0
    semester = semester_on(school.region, today)
    if semester is None:
        return 0
    month = today.replace(day=1)
    if EvaluationRound.objects.filter(school=school, semester=semester, period="monthly", month=month).exists():
        return 0
    from hts.evaluation.rounds.selectors import versions_for

    # The county's copy of the built-in rubric (its policy bundle made it), else the built-in itself.
    versions = versions_for(school).filter(items__computation=Computation.LOG_MONTHLY).distinct()
    version = versions.filter(rubric__builtin_code="").first() or versions.first()
    if version is None:
        return 0
    title = f"{month.year}年{month.month}月班主任工作考评"
    rnd = services.round_create(
        actor=staff,
        organiser=school,
        data=_round_data(version, semester, title, period="monthly", month=month),
    )
    services.subjects_fill(actor=staff, rnd=rnd)
    services.rater_add(actor=staff, rnd=rnd, query=staff.username)
    services.round_open(actor=staff, rnd=rnd)
    return 1
