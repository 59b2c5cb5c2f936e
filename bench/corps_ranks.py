"""`make bench` (corps ranks): proposing the ranks of a county's 5,000 head teachers and building the
month's allowance roll of each of its schools (001 二 5, 三 9).

A county of 100 schools × 50 head teachers, each with a head-teacher service record, a profile
(education, professional title), verified and pending achievements, a qualification certificate (most
of them), two final yearly rounds (about a third 优秀) and a few confirmed failing years, all under the
Ganyu template's example rank scheme and an allowance per rank at every school. Measured through the
services a school's clicks call: the proposals of all 5,000 (selectors.proposal_rows), then, with the
proposals taken as the ranks (rows written straight), every school's roll for this month
(services.roll_build). Each step's time and query count are reported beside a plain SQL aggregate of the
same data, and the bench fails if they disagree or if the queries grow with the teachers.

Builds its own SQLite database, var/bench/corps_ranks.sqlite3 (never DATABASE_URL).

    python -m bench.corps_ranks                  # generate, then measure
    python -m bench.corps_ranks --reuse          # measure again on the generated database
    python -m bench.corps_ranks --teachers 500   # a smaller county
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

from bench import BENCH_DIR, arguments, generate_timed, region, report, setup_django, timed

DATABASE = BENCH_DIR / "corps_ranks.sqlite3"
REPORT = BENCH_DIR / "corps_ranks.txt"
TEACHERS_PER_SCHOOL = 50
STAFF_PREFIX = "bench_ranks_staff_"
RATES = {"三级班主任": Decimal("200"), "二级班主任": Decimal("300"), "一级班主任": Decimal("450")}
# Queries a step may make whatever the number of teachers: proposals in one go, a roll per school.
PROPOSAL_QUERY_BUDGET = 20
ROLL_QUERY_BUDGET_PER_SCHOOL = 25


def generate(teachers: int, *, migrate: bool = True, seed: int = 2026) -> dict[str, Any]:
    """The county, written straight to the tables (setup, not anyone's action)."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from hts.accounts.models import Role, RoleAssignment, User
    from hts.corps.certificates.models import Certificate
    from hts.corps.ranks.models import AllowanceRate
    from hts.corps.ranks.services import scheme_from_values
    from hts.evaluation.grades.models import YearlyFailure
    from hts.evaluation.rounds.models import EvaluationRound, Subject
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.org.models import HeadTeacherService, School, SchoolYear, Teacher
    from hts.research.models import Achievement
    from hts.studios.policy_templates import ganyu

    if migrate:
        call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        province = region("江苏省", "320000", "province", None)
        city = region("连云港市", "320700", "city", province)
        county = region("赣榆县", "320721", "district", city)
        count = max(1, teachers // TEACHERS_PER_SCHOOL)
        schools = School.objects.bulk_create(
            School(name=f"赣榆第{n + 1}学校", code=f"GYB{n:04d}", region=county, has_primary=True, village=n % 5 == 0)
            for n in range(count)
        )
        staff = User.objects.bulk_create(
            User(username=f"{STAFF_PREFIX}{n}", full_name=f"德育处{n}", password=make_password(None))
            for n in range(count)
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, role=Role.SCHOOL_STAFF, school=s, valid_from=dt.date(2020, 1, 1))
            for u, s in zip(staff, schools, strict=True)
        )
        people = Teacher.objects.bulk_create(
            (
                Teacher(
                    name=f"班主任{n:05d}", gender="F" if n % 2 else "M", birth_year=1970 + n % 30,
                    mobile=f"136{n:08d}", school=schools[n % count],
                    education=rng.choice(["college", "bachelor", "bachelor", "master", ""]),
                    title=rng.choice(["二级教师", "一级教师", "一级教师", "高级教师", ""]),
                )
                for n in range(teachers)
            ),
            batch_size=2_000,
        )  # fmt: skip
        HeadTeacherService.objects.bulk_create(
            (
                HeadTeacherService(
                    teacher=t, school_id=t.school_id, started_on=today - dt.timedelta(days=rng.randint(100, 15 * 365))
                )
                for t in people
            ),
            batch_size=2_000,
        )
        levels = ["school", "township", "county", "city", "province"]
        Achievement.objects.bulk_create(
            (
                Achievement(
                    owner=t, kind="paper_published", title=f"论文{t.pk}-{k}", level=rng.choice(levels),
                    achieved_on=today - dt.timedelta(days=rng.randint(1, 8 * 365)), issuer="县教育局",
                    status="verified" if rng.random() < 0.8 else "pending",
                )
                for t in people
                for k in range(rng.randint(0, 5))
            ),
            batch_size=2_000,
        )  # fmt: skip
        Certificate.objects.bulk_create(
            (
                Certificate(
                    kind="qualification", number=f"320721-Q{t.pk:06d}", holder=t, issuer=county,
                    issued_on=today - dt.timedelta(days=400),
                    valid_until=today + dt.timedelta(days=rng.choice([-30, 300, 700])), evidence="县岗前培训合格",
                    token=uuid.UUID(int=rng.getrandbits(128)).hex,
                )
                for t in people
                if rng.random() < 0.85
            ),
            batch_size=2_000,
        )  # fmt: skip
        version = RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1)
        start = today.year - 1 if today.month >= 9 else today.year - 2
        for year_start in (start - 1, start):
            year = SchoolYear.objects.create(
                region=city, label=f"{year_start}—{year_start + 1}学年",
                starts_on=dt.date(year_start, 9, 1), ends_on=dt.date(year_start + 1, 8, 31),
            )  # fmt: skip
            rnd = EvaluationRound.objects.create(
                title=f"{year.label}班主任年度考评", period="yearly", school_year=year, region=county,
                region_path=county.path, version=version, status="final",
            )  # fmt: skip
            grades = {t.pk: rng.choices(["excellent", "qualified", "failed"], [30, 68, 2])[0] for t in people}
            Subject.objects.bulk_create(
                (Subject(round=rnd, teacher=t, school_id=t.school_id, district_path=county.path, grade=grades[t.pk])
                 for t in people),
                batch_size=2_000,
            )  # fmt: skip
            failed = Subject.objects.filter(round=rnd, grade="failed")
            YearlyFailure.objects.bulk_create(
                YearlyFailure(teacher_id=s.teacher_id, school_year=year, subject=s, status="confirmed") for s in failed
            )
        scheme = scheme_from_values(values=ganyu.RANKS, region=county, template="ganyu")
        AllowanceRate.objects.bulk_create(
            AllowanceRate(school=s, rank=r, amount=RATES[r.name]) for s in schools for r in scheme.ranks.all()
        )
    return {"schools": count, "teachers": teachers}


def _plain_proposals(on: dt.date) -> dict[int, str]:
    """The example scheme's ranks in one SQL statement over the same tables (its numbers written out)."""
    from django.db import connection

    from hts.org.service_time import years_before

    since3, since5 = years_before(on, 3).isoformat(), years_before(on, 5).isoformat()
    # n years as head teacher are reached on the anniversary (hts.org.service_time): the days of the
    # n calendar years before `on` (each teacher's periods here are one unbroken one).
    need = {n: (on - years_before(on, n)).days for n in (1, 3, 6)}
    day = on.isoformat()
    # Days served up to `on` (an ended period counts its last day), in each database's own date arithmetic:
    # the bench runs on SQLite, its tiny run in the suite on PostgreSQL too.
    if connection.vendor == "sqlite":
        days = "julianday(MIN(COALESCE(date(s.ended_on, '+1 day'), %(day)s), %(day)s)) - julianday(s.started_on)"
    else:
        days = "LEAST(COALESCE(s.ended_on + 1, CAST(%(day)s AS date)), CAST(%(day)s AS date)) - s.started_on"
    weight = "CASE a.level WHEN 'school' THEN 0.6 WHEN 'township' THEN 0.6 WHEN 'county' THEN 0.8 ELSE 1.0 END"
    sql = f"""
    WITH t AS (
      SELECT te.id AS id, te.education AS education, te.title AS title,
        (SELECT SUM({days})
           FROM org_headteacherservice s WHERE s.teacher_id = te.id AND s.started_on <= %(day)s) AS days,
        (SELECT COUNT(DISTINCT r.school_year_id) FROM evaluation_subject sj
           JOIN evaluation_evaluationround r ON r.id = sj.round_id JOIN org_schoolyear y ON y.id = r.school_year_id
           WHERE sj.teacher_id = te.id AND sj.grade = 'excellent' AND r.period = 'yearly' AND r.status = 'final'
             AND r.studio_id IS NULL AND y.starts_on <= %(day)s AND y.ends_on >= %(since5)s) AS excellent5,
        (SELECT COUNT(*) FROM evaluation_yearlyfailure f JOIN org_schoolyear y ON y.id = f.school_year_id
           WHERE f.teacher_id = te.id AND f.status = 'confirmed' AND y.starts_on <= %(day)s
             AND y.ends_on >= %(since3)s) AS failed3,
        (SELECT COUNT(*) FROM evaluation_yearlyfailure f JOIN org_schoolyear y ON y.id = f.school_year_id
           WHERE f.teacher_id = te.id AND f.status = 'confirmed' AND y.starts_on <= %(day)s
             AND y.ends_on >= %(since5)s) AS failed5,
        (SELECT ROUND(COALESCE(SUM({weight}), 0), 2) FROM research_achievement a WHERE a.owner_id = te.id
           AND a.status = 'verified' AND a.achieved_on <= %(day)s AND a.achieved_on >= %(since3)s) AS weighted3,
        (SELECT ROUND(COALESCE(SUM({weight}), 0), 2) FROM research_achievement a WHERE a.owner_id = te.id
           AND a.status = 'verified' AND a.achieved_on <= %(day)s AND a.achieved_on >= %(since5)s) AS weighted5,
        EXISTS (SELECT 1 FROM corps_certificate c WHERE c.holder_id = te.id AND c.kind = 'qualification'
           AND c.revoked_at IS NULL AND (c.valid_until IS NULL OR c.valid_until >= %(day)s)) AS certified
      FROM org_teacher te)
    SELECT id, CASE
      WHEN certified AND days >= {need[6]} AND excellent5 >= 2 AND failed5 = 0 AND weighted5 >= 3
           AND education IN ('bachelor', 'master', 'doctor') AND title IN ('一级教师', '高级教师', '正高级教师')
        THEN '一级班主任'
      WHEN certified AND days >= {need[3]} AND failed3 = 0 AND weighted3 >= 1.6 THEN '二级班主任'
      WHEN certified AND days >= {need[1]} THEN '三级班主任'
      ELSE '' END FROM t
    """  # noqa: S608 (our own constant SQL; the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("%(day)s", "%s").replace("%(since3)s", "%s").replace("%(since5)s", "%s"),
                       _params(sql, day=day, since3=since3, since5=since5))  # fmt: skip
        return {teacher_id: name for teacher_id, name in cursor.fetchall()}


def _params(sql: str, **values: str) -> list[str]:
    """The values in the order their %(name)s placeholders appear (sqlite's driver takes positional ones)."""
    import re

    return [values[name] for name in re.findall(r"%\((\w+)\)s", sql)]


def _write_ranks(rows: list[Any], on: dt.date) -> None:
    """The proposals taken as the ranks, written straight (setup between the two measured steps)."""
    from hts.corps.ranks.models import RankAssignment

    RankAssignment.objects.all().delete()
    RankAssignment.objects.bulk_create(
        (RankAssignment(teacher=r.teacher, school_id=r.teacher.school_id, rank=r.proposal.rank, how="confirmed",
                        started_on=on.replace(day=1)) for r in rows if r.proposal.rank is not None),
        batch_size=2_000,
    )  # fmt: skip


def measure() -> list[str]:
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from hts.accounts.models import User
    from hts.corps.ranks import selectors, services
    from hts.corps.ranks.models import AllowanceRoll
    from hts.org.models import School, Teacher

    on = timezone.localdate()
    teachers = list(Teacher.objects.select_related("school__region").order_by("pk"))
    schools = list(School.objects.filter(code__startswith="GYB").select_related("region").order_by("code"))
    staff = {u.username: u for u in User.objects.filter(username__startswith=STAFF_PREFIX)}
    lines = [
        f"Ranks of {len(teachers):,} head teachers in {len(schools)} schools, {connection.vendor}, {dt.datetime.now():%Y-%m-%d %H:%M}"
    ]

    rows, proposed, proposing = timed(lambda: selectors.proposal_rows(teachers, on))
    plain, plain_proposed, _q = timed(lambda: _plain_proposals(on))
    mismatches = sum(1 for r in rows if (r.proposal.rank.name if r.proposal.rank else "") != plain[r.teacher.pk])
    held = sum(1 for r in rows if r.proposal.rank is not None)

    _write_ranks(rows, on)
    AllowanceRoll.objects.all().delete()
    month = on.replace(day=1)

    def build_every_roll() -> None:
        for index, school in enumerate(schools):
            services.roll_build(actor=staff[f"{STAFF_PREFIX}{index}"], school=school, month=month)

    def plain_allowance() -> tuple[Any, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(SUM(r.amount), 0), COUNT(*) FROM corps_rankassignment a"
                " JOIN corps_allowancerate r ON r.rank_id = a.rank_id AND r.school_id = a.school_id"
                " WHERE a.ended_on IS NULL"
            )
            return cursor.fetchone()

    _r, built, building = timed(build_every_roll)
    (plain_total, paid), plain_rolled, _q = timed(plain_allowance)
    rolled_total = AllowanceRoll.objects.filter(month=month).aggregate(total=Sum("total"))["total"] or Decimal("0")
    per_school = building / max(len(schools), 1)
    lines += [
        f"  propose all ranks:              {proposed:8.2f} s  {proposing:6d} queries   ({held:,} with a rank)",
        f"  plain SQL of the same rules:    {plain_proposed:8.2f} s  {1:6d} query",
        f"  build every school's roll:      {built:8.2f} s  {building:6d} queries   ({per_school:.1f} a school)",
        f"  plain SQL sum of the allowance: {plain_rolled:8.2f} s  {1:6d} query",
        f"  proposals equal to the plain SQL: {len(rows) - mismatches:,} of {len(rows):,};"
        f" roll total ¥{rolled_total:,.2f} vs plain ¥{Decimal(str(plain_total)):,.2f} ({paid:,} paid)",
    ]
    if mismatches or Decimal(str(plain_total)).quantize(Decimal("0.01")) != rolled_total:
        lines.append("  FAILED: the services differ from the plain SQL")
    if proposing > PROPOSAL_QUERY_BUDGET or per_school > ROLL_QUERY_BUDGET_PER_SCHOOL:
        lines.append(
            f"  FAILED: over the query budget ({PROPOSAL_QUERY_BUDGET} for the proposals,"
            f" {ROLL_QUERY_BUDGET_PER_SCHOOL} a school for the rolls)"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, teachers=5_000)
    args = parser.parse_args(argv)
    if setup_django(DATABASE, reuse=args.reuse):
        generate_timed(f"a county of {args.teachers:,} head teachers", lambda: generate(args.teachers))
    return report(measure(), REPORT)


if __name__ == "__main__":
    raise SystemExit(main())
