"""`make bench` (evaluation): publishing a city's yearly head-teacher result from its monthly rounds.

A city of 40,000 head teachers in 800 schools and 10 districts has 12 published monthly rounds of the
23-item rubric of 001 附件2 (480,000 results, 11,040,000 item results). The bureau then creates the
yearly summary round from them, closes it (every teacher's items summed over the months, 001 10) and
publishes it (ranks within school and district, grades, notifications). The report sets the time of
each step beside a plain SQL aggregate of the same scores (one GROUP BY over the item results), and
checks that the published totals equal that aggregate.

Builds its own SQLite database, var/bench/evaluation.sqlite3 (never DATABASE_URL); the rows are
written straight to the tables (setup, not anyone's action), the measured steps go through the
services a bureau's clicks call.

    python -m bench.evaluation                   # generate (a few minutes), then measure
    python -m bench.evaluation --reuse           # measure again on the generated database
    python -m bench.evaluation --teachers 2000   # a smaller city, for a quick try
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import uuid
from decimal import Decimal
from typing import Any

from bench import BENCH_DIR, arguments, generate_timed, region, report, setup_django, timed

DATABASE = BENCH_DIR / "evaluation.sqlite3"
REPORT = BENCH_DIR / "evaluation.txt"
MONTHS = [dt.date(2026, m, 1) for m in (9, 10, 11, 12)] + [dt.date(2027, m, 1) for m in range(1, 9)]
TEACHERS_PER_SCHOOL = 50
DISTRICTS = 10
BUREAU_USERNAME = "bench_eval_city"


def generate(teachers: int, *, migrate: bool = True, seed: int = 2026) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from hts.accounts.models import Role, RoleAssignment, User
    from hts.evaluation.rounds.models import EvaluationRound
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.org.models import School, SchoolYear, Semester, Teacher

    if migrate:
        call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    with transaction.atomic():
        province = region("江苏省", "320000", "province", None)
        city = region("连云港市", "320700", "city", province)
        districts = [region(f"第{n + 1}区", f"3207{n + 10:02d}", "district", city) for n in range(DISTRICTS)]
        school_count = max(1, teachers // TEACHERS_PER_SCHOOL)
        schools = School.objects.bulk_create(
            School(
                name=f"{districts[n % DISTRICTS].name}第{n + 1}学校",
                code=f"S{n:05d}",
                region=districts[n % DISTRICTS],
                has_primary=True,
                village=n % 7 == 0,
            )
            for n in range(school_count)
        )
        Teacher.objects.bulk_create(
            (
                Teacher(
                    name=f"教师{n:05d}",
                    gender="F" if n % 2 else "M",
                    birth_year=1970 + n % 30,
                    mobile=f"139{n:08d}",
                    school=schools[n % school_count],
                )
                for n in range(teachers)
            ),
            batch_size=5_000,
        )
        year = SchoolYear.objects.create(
            region=city, label="2026—2027学年", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 8, 31)
        )
        autumn = Semester.objects.create(
            school_year=year, kind="autumn", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 1, 20)
        )
        spring = Semester.objects.create(
            school_year=year, kind="spring", starts_on=dt.date(2027, 2, 20), ends_on=dt.date(2027, 7, 10)
        )
        bureau = User.objects.create_user(username=BUREAU_USERNAME, password=None)
        RoleAssignment.objects.create(user=bureau, role=Role.BUREAU_STAFF, region=city, valid_from=dt.date(2020, 1, 1))
        version = RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1)
        rounds = [
            EvaluationRound.objects.create(
                title=f"{month:%Y年%m月}班主任工作考评",
                period=EvaluationRound.Period.MONTHLY,
                school_year=year,
                semester=autumn if month < dt.date(2027, 2, 1) else spring,
                month=month,
                region=city,
                region_path=city.path,
                version=version,
                status=EvaluationRound.Status.PUBLISHED,
                published_at=dt.datetime(month.year, month.month, 28, tzinfo=dt.UTC),
                objections_until=month + dt.timedelta(days=35),
            )
            for month in MONTHS
        ]
    teacher_rows = list(Teacher.objects.values_list("pk", "school_id", "school__region__path").order_by("pk"))
    now = dt.datetime.now(dt.UTC).isoformat()
    with connection.cursor() as cursor:
        for rnd in rounds:
            with transaction.atomic():
                cursor.executemany(
                    "INSERT INTO evaluation_subject (uid, created_at, updated_at, round_id, teacher_id, school_id,"
                    " district_path, grade) VALUES (%s, %s, %s, %s, %s, %s, %s, '')",
                    [(str(uuid.UUID(int=rng.getrandbits(128))), now, now, rnd.pk, *row) for row in teacher_rows],
                )
                # Points between half and all of each item's maximum, in half points, spread by arithmetic
                # on the ids so that 11 million rows are written by the database itself.
                cursor.execute(
                    "INSERT INTO evaluation_itemresult (subject_id, item_id, points, raters)"
                    " SELECT s.id, i.id, (CAST(i.max_points AS INTEGER)"
                    " + ((s.id * 7 + i.id * 13 + s.round_id * 3) %% (CAST(i.max_points AS INTEGER) + 1))) / 2.0, 2"
                    " FROM evaluation_subject s CROSS JOIN evaluation_rubricitem i"
                    " WHERE s.round_id = %s AND i.version_id = %s",
                    [rnd.pk, version.pk],
                )
                cursor.execute(
                    "UPDATE evaluation_subject SET total = (SELECT SUM(points) FROM evaluation_itemresult r"
                    " WHERE r.subject_id = evaluation_subject.id) WHERE round_id = %s",
                    [rnd.pk],
                )
            print(f"  {rnd.title}: {len(teacher_rows):,} results", flush=True)
        cursor.execute("ANALYZE")
    return {"rounds": [r.pk for r in rounds], "teachers": len(teacher_rows)}


def _drop_yearly_rounds() -> None:
    """Delete an earlier run's yearly round in SQL: the ORM's delete would load its 920,000 item results."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        yearly = "SELECT id FROM evaluation_evaluationround WHERE period = 'yearly'"
        subjects = f"SELECT id FROM evaluation_subject WHERE round_id IN ({yearly})"  # noqa: S608 (constant)
        for statement in (
            f"DELETE FROM evaluation_itemresult WHERE subject_id IN ({subjects})",  # noqa: S608 (constant)
            f"DELETE FROM evaluation_historicalsubject WHERE round_id IN ({yearly})",  # noqa: S608 (constant)
            f"DELETE FROM evaluation_subject WHERE round_id IN ({yearly})",  # noqa: S608 (constant)
            f"DELETE FROM evaluation_evaluationround_sources WHERE from_evaluationround_id IN ({yearly})",  # noqa: S608
            f"DELETE FROM evaluation_historicalevaluationround WHERE id IN ({yearly})",  # noqa: S608 (constant)
            "DELETE FROM evaluation_evaluationround WHERE period = 'yearly'",
        ):
            cursor.execute(statement)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure() -> list[str]:
    from django.db import connection

    from hts.accounts.models import User
    from hts.evaluation.rounds import services, summaries
    from hts.evaluation.rounds.models import EvaluationRound, Subject

    bureau = User.objects.get(username=BUREAU_USERNAME)
    monthly = list(EvaluationRound.objects.filter(period="monthly", status="published").order_by("month"))
    teachers = Subject.objects.filter(round=monthly[0]).count()
    _drop_yearly_rounds()  # --reuse measures a fresh yearly round

    lines = [
        f"Yearly round from {len(monthly)} monthly rounds × {teachers:,} head teachers × 23 items "
        f"({len(monthly) * teachers * 23:,} item results), {connection.vendor}, {dt.datetime.now():%Y-%m-%d %H:%M}",
    ]
    rnd, created, q_created = timed(
        lambda: summaries.summary_round_create(actor=bureau, source=monthly[-1], period=EvaluationRound.Period.YEARLY)
    )
    _r, closed, q_closed = timed(lambda: services.round_close(actor=bureau, rnd=rnd))
    _r, published, q_published = timed(lambda: services.round_publish(actor=bureau, rnd=rnd))

    ids = ",".join(str(r.pk) for r in monthly)

    def plain_totals() -> dict[int, Decimal]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.teacher_id, SUM(ir.points) FROM evaluation_itemresult ir"  # noqa: S608 (our own integer ids)
                " JOIN evaluation_subject s ON s.id = ir.subject_id"
                f" WHERE s.round_id IN ({ids}) GROUP BY s.teacher_id"
            )
            return {teacher: Decimal(str(total)).quantize(Decimal("0.01")) for teacher, total in cursor.fetchall()}

    plain, aggregate, _q = timed(plain_totals)

    published_totals = dict(Subject.objects.filter(round=rnd).values_list("teacher_id", "total"))
    mismatches = sum(1 for teacher, total in plain.items() if published_totals.get(teacher) != total)
    ranked = Subject.objects.filter(round=rnd, rank_in_school__isnull=False, rank_in_district__isnull=False).count()
    step_total = created + closed + published
    lines += [
        f"  create the yearly round (sources):   {created:8.2f} s  {q_created:6d} queries",
        f"  close (sum 12 months per item):      {closed:8.2f} s  {q_closed:6d} queries",
        f"  publish (ranks, grades, notices):    {published:8.2f} s  {q_published:6d} queries",
        f"  all three steps:                     {step_total:8.2f} s",
        f"  plain SQL aggregate (GROUP BY):      {aggregate:8.2f} s  {1:6d} query"
        f"   (steps / aggregate = {step_total / max(aggregate, 1e-9):.1f}×)",
        f"  peak RSS of this process:            {_peak_rss_mb():8.0f} MB",
        f"  totals equal to the aggregate: {len(plain) - mismatches:,} of {len(plain):,}; ranked: {ranked:,}",
    ]
    if mismatches or ranked != len(plain):
        lines.append("  FAILED: the published result differs from the plain aggregate")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, teachers=40_000)
    args = parser.parse_args(argv)
    if setup_django(DATABASE, reuse=args.reuse):
        generate_timed(
            f"{args.teachers:,} head teachers × {len(MONTHS)} monthly rounds", lambda: generate(args.teachers)
        )
    return report(measure(), REPORT)


if __name__ == "__main__":
    raise SystemExit(main())
