"""`make bench`: the bureau quota matrix for 1,000 studios over a semester with 100,000 activities and
1,000,000 attendance rows, reporting server time; the page must stay within its query budget.

Builds a fresh SQLite database under var/bench/ (bench/generate.py, in a child process so that its
memory is not counted against the page), signs in as the city's bureau staff and requests
/activities/quotas/ for a month inside the semester several times, timing each request around the
test client (server time: no network, no browser) and counting its SQL queries. Then it calls
`quotas.matrix()` over all the studios, since the page shows at most MATRIX_LIMIT of them.

Writes the report to var/bench/report.txt and exits non-zero if a page is not 200 or goes over the
query budget.

    python -m bench.run                 # generate, then measure
    python -m bench.run --reuse         # measure again on the database already generated
    python -m bench.run --reuse --profile   # and profile one page request (var/bench/profile.txt)
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from bench import BENCH_DIR, DATABASE, REPORT, ROOT, configure_environment

# The same budget as hts/activities/tests/test_quotas.py::test_the_bureau_matrix_shows_a_missed_month_as_a_shortfall:
# session, user, roles, studios, rules, calendar (2, for any number of regions), activities, start
# dates, who gave them, the hosts' attendance, the teams, regions for the filter, session save (3), and
# what the studios' websites published (publicity, one query).
QUERY_BUDGET = 17
SUMMARY = BENCH_DIR / "generate.json"
PROFILE = BENCH_DIR / "profile.txt"


@dataclass
class Sample:
    seconds: float
    queries: int
    status: int = 0
    size: int = 0
    rows: int = 0
    shortfalls: int = 0
    sql: list[str] = field(default_factory=list, repr=False)


def _generate(seed: int) -> float:
    for path in (DATABASE, DATABASE.with_name(DATABASE.name + "-wal"), DATABASE.with_name(DATABASE.name + "-shm")):
        path.unlink(missing_ok=True)
    SUMMARY.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bench.generate", "--out", str(SUMMARY), "--seed", str(seed)], cwd=ROOT, check=True
    )
    return time.perf_counter() - started


def _page(client: Any, month: str) -> Sample:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get("/activities/quotas/", {"month": month}, secure=True)
        seconds = time.perf_counter() - started
    html = response.content.decode()
    sample = Sample(seconds, len(queries.captured_queries), response.status_code, len(response.content))
    sample.sql = [q["sql"] for q in queries.captured_queries]
    sample.rows = html.count('data-testid="matrix-row-')
    sample.shortfalls = html.count('<tr class="table-warning"')
    return sample


def _matrix(studios: list[Any], month: dt.date) -> Sample:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hts.activities.quotas import selectors as quotas

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        data = quotas.matrix(studios, month)
        seconds = time.perf_counter() - started
    sample = Sample(seconds, len(queries.captured_queries))
    sample.rows = len(data["rows"])
    sample.shortfalls = sum(1 for row in data["rows"] if row["shortfalls"])
    return sample


def _by_table(queries: list[str]) -> dict[str, int]:
    """`SELECT … FROM "org_region" …` → `SELECT org_region`, counted, in order of first appearance."""
    found: dict[str, int] = {}
    for sql in queries:
        verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
        table = re.search(r'(?:FROM|UPDATE|INTO)\s+"(\w+)"', sql)
        key = f"{verb} {table.group(1)}" if table else sql[:60]
        found[key] = found.get(key, 0) + 1
    return found


def _mb(kilobytes: int) -> str:
    return f"{kilobytes / 1024:,.0f} MB"  # ru_maxrss is in KB on Linux


def _line(n: int, s: Sample, page: bool) -> str:
    head = f"  #{n}  {s.seconds:6.3f} s  {s.queries:3d} queries"
    if page:
        return f"{head}  HTTP {s.status}  {s.size / 1024:,.0f} KB  {s.rows} rows, {s.shortfalls} with shortfalls"
    return f"{head}  {s.rows} rows, {s.shortfalls} with shortfalls"


def _summary(samples: list[Sample]) -> str:
    times = [s.seconds for s in samples]
    return f"  median {statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the bureau quota matrix (make bench).")
    parser.add_argument("--requests", type=int, default=5, help="page requests to time (default 5)")
    parser.add_argument("--matrix-runs", type=int, default=3, help="direct quotas.matrix() calls (default 3)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep the database already generated")
    parser.add_argument("--profile", action="store_true", help="profile one more page request with cProfile")
    args = parser.parse_args(argv)

    configure_environment()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if args.reuse and SUMMARY.exists() and DATABASE.exists():
        generation = None
    else:
        print("Generating the benchmark data (about three minutes)...", flush=True)
        generation = _generate(args.seed)
    summary = json.loads(SUMMARY.read_text(encoding="utf-8"))

    import django

    django.setup()
    from django.test import Client

    from hts.accounts.models import User
    from hts.activities.quotas.views import MATRIX_LIMIT
    from hts.studios.models import Studio

    month = summary["month"]
    counts = summary["counts"]
    semester = summary["semester"]
    report = [
        f"make bench · bureau quota matrix · {dt.datetime.now():%Y-%m-%d %H:%M} {time.strftime('%Z')}",
        f"data: {counts['studios']:,} active studios ({counts['quota rules']} quota rules, Shenzhen template), "
        f"{counts['teachers']:,} teachers, {counts['activities']:,} activities, "
        f"{counts['attendance']:,} attendance rows; {counts['schools']} schools in "
        f"{counts['regions'] - 2} districts + the city; {semester['kind']} semester "
        f"{semester['starts_on']} – {semester['ends_on']}; SQLite {DATABASE.stat().st_size / 2**20:,.0f} MB",
    ]
    if generation is not None:
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary["seconds"].items())
        report.append(
            f"generation: {generation:.1f} s ({parts}); peak RSS {_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)}"
        )
    else:
        report.append("generation: skipped (--reuse)")

    client = Client()
    client.force_login(
        User.objects.get(username=summary["bureau_username"]), backend="hts.accounts.backends.UsernameOrMobileBackend"
    )
    client.get("/home/", secure=True)  # as the unit test: a first request sets up the session

    report.append(
        f"page: GET /activities/quotas/?month={month} as the city's bureau staff "
        f"(the page shows at most MATRIX_LIMIT={MATRIX_LIMIT} studios); query budget {QUERY_BUDGET}"
    )
    pages = [_page(client, month) for _ in range(args.requests)]
    report += [_line(n, s, page=True) for n, s in enumerate(pages, start=1)]
    report.append(_summary(pages))
    over_budget = max(s.queries for s in pages) > QUERY_BUDGET
    not_ok = [s.status for s in pages if s.status != 200]
    if over_budget:
        report.append("  queries of the last request, by table:")
        report += [f"    {n:3d} × {what}" for what, n in _by_table(pages[-1].sql).items()]

    studios = list(
        Studio.objects.select_related("batch", "host", "host_school__region")
        .filter(status__in=[Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD])
        .order_by("batch__start_year", "name")
    )
    month_day = dt.date.fromisoformat(f"{month}-01")
    report.append(f"quotas.matrix() over all {len(studios):,} studios, month {month} (loading the studios not timed)")
    matrices = [_matrix(studios, month_day) for _ in range(args.matrix_runs)]
    report += [_line(n, s, page=False) for n, s in enumerate(matrices, start=1)]
    report.append(_summary(matrices))

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(client.get, "/activities/quotas/", {"month": month}, secure=True)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        out.write("\n")
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        PROFILE.write_text(out.getvalue(), encoding="utf-8")
        report.append(f"profile of one page request: {PROFILE.relative_to(ROOT)}")

    report.append(f"peak RSS of the measuring process: {_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}")
    failures = []
    if not_ok:
        failures.append(f"page status {not_ok}")
    if over_budget:
        failures.append(f"page made {max(s.queries for s in pages)} queries, budget {QUERY_BUDGET}")
    report.append("RESULT: " + ("FAIL: " + "; ".join(failures) if failures else "ok"))

    text = "\n".join(report) + "\n"
    REPORT.write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"(written to {REPORT.relative_to(ROOT)})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
