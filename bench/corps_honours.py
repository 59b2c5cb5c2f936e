"""`make bench` (corps honours): a city's yearly honours call over 40,000 head teachers in 800 schools.

The city bureau calls for 优秀班主任 (001 二 10) with its own conditions (at least 3 years as head teacher,
a yearly grade at least 合格) on top of the corps policy's (no failing yearly grade, a valid 任职资格证).
Measured, each through the services and selectors the pages call, with its time and query count:

1. the eligibility of every head teacher of the city against their records (the nomination pages'
   candidate lists, all at once);
2. each school nominating its best eligible head teacher within its quota of one (800 nominations,
   each checked again as it is made);
3. publishing the ranked list from the panel's 4,000 scores (5 members × 800 nominees) into 公示;
4. publishing the final list: 400 honours landing in the teachers' records.

Beside them, plain SQL over the same tables: the eligible head teachers (EXISTS / NOT EXISTS over
certificates, failures, service and yearly grades), the panel's means, and the final list; the
report checks that both agree.

Builds its own SQLite database, var/bench/corps_honours.sqlite3 (never DATABASE_URL); the records are
written in bulk (setup, nobody's action). hts/corps/tests/test_honours_bench.py runs it tiny.

    python -m bench.corps_honours                   # generate, then measure
    python -m bench.corps_honours --reuse           # measure again on the generated database
    python -m bench.corps_honours --teachers 2000 --schools 40
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bench import BENCH_DIR, arguments, generate_timed, region, report, setup_django, timed

DATABASE = BENCH_DIR / "corps_honours.sqlite3"
REPORT = BENCH_DIR / "corps_honours.txt"
ON = dt.date(2027, 6, 30)  # the day the schools nominate
DISTRICTS = 10
PANEL = 5
BUREAU_USERNAME = "bench_honours_city"
TITLE = "市级优秀班主任"


def generate(teachers: int, schools: int, seed: int = 2027) -> None:
    """The city, its head teachers and their records; the call with its quotas and panel, open."""
    from django.db import transaction

    from hts.accounts.models import Role, RoleAssignment, User
    from hts.corps.certificates.models import Certificate
    from hts.corps.honours.models import HonourCall, HonourQuota, PanelMember
    from hts.corps.models import CorpsPolicy
    from hts.evaluation.grades.models import YearlyFailure
    from hts.evaluation.rounds.models import EvaluationRound, Subject
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.org.models import HeadTeacherService, School, SchoolYear, Teacher

    rng = random.Random(seed)
    with transaction.atomic():
        province = region("江苏省", "320000", "province", None)
        city = region("连云港市", "320700", "city", province)
        districts = [region(f"第{n + 1}区", f"3207{n + 10:02d}", "district", city) for n in range(DISTRICTS)]
        CorpsPolicy.objects.create(region=city, qualification_required=True, failing_year_blocks_honours=True)
        year = SchoolYear.objects.create(
            region=city, label="2026—2027学年", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 8, 31)
        )
        school_rows = School.objects.bulk_create(
            School(name=f"{districts[n % DISTRICTS].name}第{n + 1}学校", code=f"H{n:05d}", region=districts[n % DISTRICTS], has_primary=True)
            for n in range(schools)
        )  # fmt: skip
        people = Teacher.objects.bulk_create(
            (
                Teacher(name=f"班主任{n:05d}", gender="F" if n % 2 else "M", birth_year=1970 + n % 30,
                        mobile=f"136{n:08d}", school=school_rows[n % schools])
                for n in range(teachers)
            ),
            batch_size=2_000,
        )  # fmt: skip
        # One open period each, whole years plus 100 days back: no one sits on the 3-year line.
        HeadTeacherService.objects.bulk_create(
            (
                HeadTeacherService(
                    teacher=t, school_id=t.school_id, started_on=ON - dt.timedelta(days=int(365.25 * rng.randrange(0, 12)) + 100)
                )
                for t in people
            ),
            batch_size=2_000,
        )  # fmt: skip
        certificates = []
        for t in people:
            roll = rng.random()
            if roll < 0.08:
                continue  # never certified
            valid_until = ON - dt.timedelta(days=30) if roll < 0.14 else ON + dt.timedelta(days=400)
            certificates.append(
                Certificate(
                    kind="qualification", number=f"Q{t.pk:07d}", holder=t, issuer=city, evidence="培训合格",
                    issued_on=ON - dt.timedelta(days=700), valid_until=valid_until,
                    revoked_at=dt.datetime(2027, 1, 5, tzinfo=dt.UTC) if 0.14 <= roll < 0.16 else None,
                )
            )  # fmt: skip
        Certificate.objects.bulk_create(certificates, batch_size=2_000)
        version = RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1)
        yearly = EvaluationRound.objects.create(
            title="2026—2027学年班主任年度考评", period=EvaluationRound.Period.YEARLY, school_year=year, region=city,
            region_path=city.path, version=version, status=EvaluationRound.Status.FINAL,
        )  # fmt: skip
        grades = ["excellent"] * 2 + ["qualified"] * 17 + ["failed"]
        subjects = Subject.objects.bulk_create(
            (
                Subject(round=yearly, teacher=t, school_id=t.school_id, district_path=districts[0].path, grade=rng.choice(grades))
                for t in people
            ),
            batch_size=2_000,
        )  # fmt: skip
        YearlyFailure.objects.bulk_create(
            (
                YearlyFailure(teacher_id=s.teacher_id, school_year=year, subject=s, status="confirmed")
                for s in subjects
                if s.grade == "failed"
            ),
            batch_size=2_000,
        )
        bureau = User.objects.create_user(username=BUREAU_USERNAME, password=None)
        RoleAssignment.objects.create(user=bureau, role=Role.BUREAU_STAFF, region=city, valid_from=dt.date(2020, 1, 1))
        staff = User.objects.bulk_create(User(username=f"bench_honours_s{n:04d}") for n in range(schools))
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, role=Role.SCHOOL_STAFF, school=s, valid_from=dt.date(2020, 1, 1))
            for u, s in zip(staff, school_rows, strict=True)
        )
        panel = User.objects.bulk_create(User(username=f"bench_honours_p{n}") for n in range(PANEL))
        call = HonourCall.objects.create(
            title=TITLE, school_year=year, kind="person", level="city", region=city, organiser_path=city.path,
            places=max(1, schools // 2), min_service_years=3, min_yearly_grade="qualified",
            nominations_until=ON, review_until=ON + dt.timedelta(days=10), objection_days=5, created_by=bureau,
        )  # fmt: skip
        HonourQuota.objects.bulk_create(HonourQuota(call=call, school=s, places=1) for s in school_rows)
        PanelMember.objects.bulk_create(PanelMember(call=call, user=u) for u in panel)
    from hts.corps.honours import services

    services.call_open(actor=bureau, call=call)


def _plain_eligible(call: Any) -> set[int]:
    from django.db import connection

    from hts.org.service_time import years_before

    # The call's years are reached on the anniversary of the first period (hts.org.service_time).
    cutoff = years_before(ON, call.min_service_years)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id FROM org_teacher t JOIN org_school s ON s.id = t.school_id"
            " JOIN org_region r ON r.id = s.region_id WHERE r.path LIKE %s"
            " AND EXISTS (SELECT 1 FROM corps_certificate c WHERE c.holder_id = t.id AND c.kind = 'qualification'"
            "  AND c.revoked_at IS NULL AND c.issued_on <= %s AND (c.valid_until IS NULL OR c.valid_until >= %s))"
            " AND NOT EXISTS (SELECT 1 FROM evaluation_yearlyfailure f WHERE f.teacher_id = t.id"
            "  AND f.school_year_id = %s AND f.status IN ('reported', 'confirmed'))"
            " AND (SELECT MIN(h.started_on) FROM org_headteacherservice h WHERE h.teacher_id = t.id) <= %s"
            " AND EXISTS (SELECT 1 FROM evaluation_subject j JOIN evaluation_evaluationround e ON e.id = j.round_id"
            "  WHERE j.teacher_id = t.id AND e.period = 'yearly' AND e.school_year_id = %s"
            "  AND j.grade IN ('qualified', 'excellent'))",
            [call.organiser_path + "%", ON, ON, call.school_year_id, cutoff, call.school_year_id],
        )
        return {row[0] for row in cursor.fetchall()}


def _plain_means(call: Any) -> dict[int, Decimal]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.id, AVG(p.points) FROM corps_panelscore p JOIN corps_nomination n ON n.id = p.nomination_id"
            " WHERE n.call_id = %s GROUP BY n.id",
            [call.pk],
        )
        return {pk: Decimal(str(mean)).quantize(Decimal("0.01"), ROUND_HALF_UP) for pk, mean in cursor.fetchall()}


def measure(*, seed: int = 2027) -> list[str]:
    from django.db import connection, transaction

    from hts.accounts.models import RoleAssignment, User
    from hts.corps.honours import services
    from hts.corps.honours.eligibility import eligibility_of, failed_checks
    from hts.corps.honours.models import HonourCall, HonourQuota, Nomination, PanelMember, PanelScore
    from hts.org.models import Honour, Teacher

    rng = random.Random(seed)
    call = HonourCall.objects.select_related("school_year", "region").get(title=TITLE)
    _reset(call)
    call.refresh_from_db()
    bureau = User.objects.get(username=BUREAU_USERNAME)
    head_teachers = Teacher.objects.filter(school__region__path__startswith=call.organiser_path)
    lines = [
        f"Honours call over {head_teachers.count():,} head teachers in {HonourQuota.objects.filter(call=call).count():,}"
        f" schools (quota 1 each, {call.places} honours, panel of {PanelMember.objects.filter(call=call).count()}),"
        f" {connection.vendor}, {dt.datetime.now():%Y-%m-%d %H:%M}",
    ]
    checks, t_eligible, q_eligible = timed(lambda: eligibility_of(call, head_teachers, ON))
    eligible = {pk for pk, found in checks.items() if not failed_checks(found)}
    plain, t_plain, _q = timed(lambda: _plain_eligible(call))

    quotas = list(HonourQuota.objects.filter(call=call).select_related("school").order_by("school_id"))
    staff = {
        a.school_id: a.user
        for a in RoleAssignment.objects.filter(school_id__in=[q.school_id for q in quotas]).select_related("user")
    }
    first_eligible: dict[int, Teacher] = {}
    for teacher in head_teachers.filter(pk__in=eligible).order_by("pk"):
        first_eligible.setdefault(teacher.school_id, teacher)

    def nominate_all() -> int:
        made = 0
        for quota in quotas:
            teacher = first_eligible.get(quota.school_id)
            if teacher is not None:
                services.nominate(
                    actor=staff[quota.school_id],
                    call=call,
                    school=quota.school,
                    teacher=teacher,
                    statement="事迹",
                    today=ON,
                )
                made += 1
        return made

    made, t_nominate, q_nominate = timed(nominate_all)
    services.call_close_nominations(actor=bureau, call=call)
    members = list(PanelMember.objects.filter(call=call))
    with transaction.atomic():
        PanelScore.objects.bulk_create(
            (
                PanelScore(nomination_id=pk, member=m, points=Decimal(rng.randrange(120, 200)) / 2)
                for pk in Nomination.objects.filter(call=call).values_list("pk", flat=True)
                for m in members
            ),
            batch_size=2_000,
        )
    _r, t_publish, q_publish = timed(
        lambda: services.call_publish(actor=bureau, call=call, today=ON + dt.timedelta(days=11))
    )
    call.refresh_from_db()
    means, t_means, _q = timed(lambda: _plain_means(call))
    published = dict(Nomination.objects.filter(call=call).values_list("pk", "score"))
    ranked = sorted(means.items(), key=lambda row: (-row[1], row[0]))
    cut = ranked[call.places - 1][1] if len(ranked) >= call.places else Decimal("-1")
    plain_list = {pk for pk, mean in ranked if mean >= cut}
    proposed = set(Nomination.objects.filter(call=call, status="proposed").values_list("pk", flat=True))
    _r, t_final, q_final = timed(
        lambda: services.call_finalise(actor=bureau, call=call, today=call.objections_until + dt.timedelta(days=1))
    )
    honoured = set(
        Honour.objects.filter(title=TITLE, awarded_on=call.objections_until + dt.timedelta(days=1)).values_list(
            "teacher_id", flat=True
        )
    )
    listed_teachers = set(Nomination.objects.filter(pk__in=plain_list).values_list("teacher_id", flat=True))

    agree_eligible = eligible == plain
    agree_means = published == means
    agree_list = proposed == plain_list and honoured == listed_teachers
    lines += [
        f"  eligibility of every head teacher:  {t_eligible:8.2f} s  {q_eligible:6d} queries  ({len(eligible):,} eligible)",
        f"    plain SQL (EXISTS / NOT EXISTS):   {t_plain:8.2f} s       1 query    same set: {agree_eligible}",
        f"  {made:,} nominations, each checked:    {t_nominate:8.2f} s  {q_nominate:6d} queries  ({q_nominate / max(made, 1):.1f} a nomination)",
        f"  publish the ranked list (公示):      {t_publish:8.2f} s  {q_publish:6d} queries",
        f"    plain SQL (AVG … GROUP BY):        {t_means:8.2f} s       1 query    same means: {agree_means}",
        f"  publish the final list (honours):    {t_final:8.2f} s  {q_final:6d} queries  ({len(honoured):,} honours)",
        f"    same list as the plain ranking: {agree_list}",
    ]
    if not (agree_eligible and agree_means and agree_list and made):
        lines.append("  FAILED: the honours steps differ from the plain SQL")
    return lines


def _reset(call: Any) -> None:
    """--reuse measures a fresh call: drop an earlier run's nominations and honours, reopen it."""
    from django.db import transaction

    from hts.corps.honours.models import HonourCall, HonourObjection, Nomination, PanelScore
    from hts.org.models import Honour

    with transaction.atomic():
        HonourObjection.objects.filter(nomination__call=call).delete()
        PanelScore.objects.filter(nomination__call=call).delete()
        honours = list(Nomination.objects.filter(call=call, honour__isnull=False).values_list("honour_id", flat=True))
        Nomination.objects.filter(call=call).delete()
        Honour.objects.filter(pk__in=honours).delete()
        HonourCall.objects.filter(pk=call.pk).update(
            status="nominating", published_on=None, objections_until=None, finalised_on=None
        )


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, teachers=40_000)
    parser.add_argument("--schools", type=int, default=800)
    args = parser.parse_args(argv)
    if setup_django(DATABASE, reuse=args.reuse):
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        generate_timed(
            f"{args.teachers:,} head teachers in {args.schools:,} schools",
            lambda: generate(args.teachers, args.schools),
        )
    return report(measure(), REPORT)


if __name__ == "__main__":
    raise SystemExit(main())
