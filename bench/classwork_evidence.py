"""`make bench` (class work log): proposing the log-backed items of 001 附件2 (5, 6, 7, 9, 10, 11, 15, 16)
for a city's 40,000 head teachers in one monthly round (October 2026), beside a plain SQL aggregate of the
same counts.

Each head teacher heads one class of 30 pupils (a tenth of them left-behind) whose log for September and
October has its blackboard issues, class-cadre meetings, parent meetings, a plan, a safety talk, some
incidents and home visits to about two pupils in three, varied by arithmetic on the ids so that some
months fall short. The city holds 001's class work policy. The measured step is the one the scoring
sheet calls (``evidence.compute`` for the log's items, all the round's people at once); the plain SQL
counts the entries per class and kind and the pupils visited, and the report checks that items 7, 10
and 15 propose what those counts give.

Builds its own SQLite database, var/bench/classwork.sqlite3 (never DATABASE_URL); rows are written
straight to the tables (setup, not anyone's action).

    python -m bench.classwork_evidence                   # generate (a few minutes), then measure
    python -m bench.classwork_evidence --reuse           # measure again on the generated database
    python -m bench.classwork_evidence --teachers 2000   # a smaller city, for a quick try
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import uuid
from decimal import ROUND_DOWN, Decimal
from typing import Any

from bench import BENCH_DIR, arguments, generate_timed, region, report, setup_django, timed

DATABASE = BENCH_DIR / "classwork.sqlite3"
REPORT = BENCH_DIR / "classwork.txt"
TEACHERS_PER_SCHOOL = 50
PUPILS = 30
DISTRICTS = 10
MONTH = dt.date(2026, 10, 1)
SEPTEMBER, OCTOBER = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
TITLE = "2026年10月班主任工作考评（班级工作日志）"

# (kind, day, kept unless class id % modulo == 0): the log every class would keep, with gaps.
ENTRIES = [
    ("plan", dt.date(2026, 9, 2), 9),
    ("blackboard", dt.date(2026, 9, 8), 5),
    ("blackboard", dt.date(2026, 10, 9), 4),
    ("cadre_meeting", dt.date(2026, 9, 4), 7),
    ("cadre_meeting", dt.date(2026, 9, 18), 3),
    ("cadre_meeting", dt.date(2026, 10, 10), 6),
    ("cadre_meeting", dt.date(2026, 10, 24), 3),
    ("parent_meeting", dt.date(2026, 9, 12), 8),
    ("safety", dt.date(2026, 10, 12), 4),
    ("incident", dt.date(2026, 10, 15), 2),  # every other class had one
    ("theme_meeting", dt.date(2026, 9, 15), 5),
    ("theme_meeting", dt.date(2026, 10, 16), 5),
]


def _uid_sql(vendor: str) -> str:
    return "lower(hex(randomblob(16)))" if vendor == "sqlite" else "gen_random_uuid()"


def generate(teachers: int, *, migrate: bool = True, seed: int = 2026) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from hts.classwork.models import ClassworkPolicy
    from hts.evaluation.rounds.models import EvaluationRound
    from hts.evaluation.rubrics.models import RubricVersion
    from hts.org.models import School, SchoolClass, SchoolYear, Semester, Teacher
    from hts.studios.policy_templates import ganyu

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
            )
            for n in range(school_count)
        )
        made = Teacher.objects.bulk_create(
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
        SchoolClass.objects.bulk_create(
            (
                SchoolClass(school=t.school, stage="primary", grade=1 + n % 6, name=f"{n}班", head_teacher=t)
                for n, t in enumerate(made)
            ),
            batch_size=5_000,
        )
        ClassworkPolicy.objects.create(region=city, template="ganyu", **ganyu.CLASSWORK)
        year = SchoolYear.objects.create(
            region=city, label="2026—2027学年", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 8, 31)
        )
        autumn = Semester.objects.create(
            school_year=year, kind="autumn", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 1, 20)
        )
        version = RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1)
        rnd = EvaluationRound.objects.create(
            title=TITLE,
            period=EvaluationRound.Period.MONTHLY,
            school_year=year,
            semester=autumn,
            month=MONTH,
            region=city,
            region_path=city.path,
            version=version,
            status=EvaluationRound.Status.OPEN,
        )
    teacher_rows = list(Teacher.objects.values_list("pk", "school_id", "school__region__path").order_by("pk"))
    now = dt.datetime.now(dt.UTC).isoformat()
    uid = _uid_sql(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO evaluation_subject (uid, created_at, updated_at, round_id, teacher_id, school_id,"
            " district_path, grade) VALUES (%s, %s, %s, %s, %s, %s, %s, '')",
            [(str(uuid.UUID(int=rng.getrandbits(128))), now, now, rnd.pk, *row) for row in teacher_rows],
        )
        # Pupils 1..30 of every class, by a recursive sequence (SQLite and PostgreSQL alike).
        cursor.execute(
            f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {PUPILS})"  # noqa: S608
            " INSERT INTO classwork_pupil (uid, created_at, updated_at, school_class_id, name, gender, left_behind,"
            " special_family, learning_difficulty)"
            f" SELECT {uid}, %s, %s, c.id, '学生' || CAST(seq.n AS VARCHAR(4)), 'F', (seq.n %% 10 = 0), FALSE, FALSE"
            " FROM org_schoolclass c CROSS JOIN seq",
            [now, now],
        )
        entry_columns = (
            'INSERT INTO classwork_logentry (uid, created_at, updated_at, school_class_id, semester_id, kind, "on",'
            " title, notes, follow_up, visit_mode, pupil_id, recorded_by_id)"
        )
        for kind, day, modulo in ENTRIES:
            cursor.execute(
                f"{entry_columns} SELECT {uid}, %s, %s, c.id, %s, %s, %s, %s,"  # noqa: S608 (constants)
                " CASE WHEN c.id %% 3 = 0 THEN '' ELSE '已处理' END, '', '', NULL, NULL"
                " FROM org_schoolclass c WHERE c.id %% %s != 0",
                [now, now, autumn.pk, kind, day, f"{kind}{day:%m%d}", modulo],
            )
        # Home visits: about two pupils in three, in September or October, half of them noting what was learnt.
        for day, remainder in ((dt.date(2026, 9, 20), 1), (dt.date(2026, 10, 20), 2)):
            cursor.execute(
                f"{entry_columns} SELECT {uid}, %s, %s, p.school_class_id, %s, 'home_visit', %s, '',"  # noqa: S608
                " CASE WHEN p.id %% 2 = 0 THEN '了解在家学习' ELSE '' END, '', 'visit', p.id, NULL"
                " FROM classwork_pupil p WHERE p.id %% 3 = %s",
                [now, now, autumn.pk, day, remainder],
            )
        cursor.execute("ANALYZE")
    return {"round": rnd.pk, "teachers": len(teacher_rows)}


def _half_down(value: Decimal) -> Decimal:
    return (value * 2).quantize(Decimal("1"), rounding=ROUND_DOWN) / 2


def _expected(counts: dict[str, int], pupils: int, visited: int) -> dict[int, Decimal]:
    """Items 7, 15 and 10 from the plain counts, by 001's numbers (the bench's policy)."""
    one = Decimal(1)
    item_7 = Decimal(4) if counts.get("blackboard_oct", 0) >= 1 else Decimal(0)
    item_15 = _half_down(3 * min(one, Decimal(counts.get("cadre_meeting_oct", 0)) / 2))
    shares = [min(one, Decimal(counts.get("parent_meeting", 0)) / 2), Decimal(visited) / Decimal(pupils)]
    item_10 = _half_down(3 * sum(shares, Decimal(0)) / 2)
    return {7: item_7, 15: item_15, 10: item_10}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure() -> list[str]:
    from django.db import connection

    from hts.evaluation.rounds import evidence_classwork
    from hts.evaluation.rounds.models import EvaluationRound, Subject

    rnd = EvaluationRound.objects.select_related("semester", "school_year").get(title=TITLE)
    subjects = list(Subject.objects.filter(round=rnd).order_by("pk"))
    items = {i.pk: i.number for i in rnd.version.items.filter(computation__in=list(evidence_classwork.READERS))}

    proposals, took, queries = timed(lambda: evidence_classwork.propose(rnd, subjects))

    def plain() -> tuple[dict[int, dict[str, int]], dict[int, tuple[int, int]]]:
        counts: dict[int, dict[str, int]] = {}
        pupils: dict[int, tuple[int, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT c.head_teacher_id, e.kind, SUM(CASE WHEN e."on" >= %s THEN 1 ELSE 0 END), COUNT(*),'
                " COUNT(DISTINCT e.pupil_id)"
                " FROM classwork_logentry e JOIN org_schoolclass c ON c.id = e.school_class_id"
                ' WHERE e."on" BETWEEN %s AND %s GROUP BY c.head_teacher_id, e.kind',
                [MONTH, SEPTEMBER, OCTOBER],
            )
            for teacher, kind, in_october, total, visited in cursor.fetchall():
                found = counts.setdefault(teacher, {})
                found[f"{kind}_oct"], found[kind] = int(in_october), int(total)
                if kind == "home_visit":
                    found["visited"] = int(visited)
            cursor.execute(
                "SELECT c.head_teacher_id, COUNT(*) FROM classwork_pupil p"
                " JOIN org_schoolclass c ON c.id = p.school_class_id GROUP BY c.head_teacher_id"
            )
            for teacher, number in cursor.fetchall():
                pupils[teacher] = (int(number), counts.get(teacher, {}).get("visited", 0))
        return counts, pupils

    (counts, pupils), aggregate, plain_queries = timed(plain)
    checked = mismatches = 0
    by_teacher = {s.pk: s.teacher_id for s in subjects}
    for (subject_pk, item_pk), proposal in proposals.items():
        number = items[item_pk]
        if number not in (7, 10, 15):
            continue
        teacher = by_teacher[subject_pk]
        number_of_pupils, visited = pupils.get(teacher, (0, 0))
        expected = _expected(counts.get(teacher, {}), number_of_pupils, visited)[number]
        checked += 1
        mismatches += proposal.points != expected
    per_item = len(subjects) * len(items)
    lines = [
        f"Class work log items ({len(items)}) proposed for {len(subjects):,} head teachers in one monthly round, "
        f"{connection.vendor}, {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"  propose (evidence.compute, log items):  {took:8.2f} s  {queries:6d} queries  "
        f"({len(proposals):,} proposals of {per_item:,})",
        f"  plain SQL aggregate (GROUP BY):         {aggregate:8.2f} s  {plain_queries:6d} queries"
        f"   (propose / aggregate = {took / max(aggregate, 1e-9):.1f}×)",
        f"  peak RSS of this process:               {_peak_rss_mb():8.0f} MB",
        f"  items 7, 10 and 15 equal to the aggregate: {checked - mismatches:,} of {checked:,}",
    ]
    if mismatches or checked != 3 * len(subjects) or len(proposals) != per_item:
        lines.append("  FAILED: the proposals differ from the plain aggregate or some are missing")
    if queries > 12:
        lines.append(f"  FAILED: {queries} queries; the log items read at most 12, whatever the number of people")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, teachers=40_000)
    args = parser.parse_args(argv)
    if setup_django(DATABASE, reuse=args.reuse):
        generate_timed(f"{args.teachers:,} head teachers' class logs", lambda: generate(args.teachers))
    return report(measure(), REPORT)


if __name__ == "__main__":
    raise SystemExit(main())
