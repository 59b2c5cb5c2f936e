"""`make bench`: the bureau quota matrix over a city-sized data set (bench/run.py), the archive
exports (bench/archives.py), a city's yearly evaluation (bench/evaluation.py), a county's ranks and
allowance rolls (bench/corps_ranks.py), a city's honours call (bench/corps_honours.py) and a city's
class work log proposals (bench/classwork_evidence.py).

The last four share their setup from here: their own SQLite database, regions with their bureaus,
the timing of a step with its query count, and the report.

The benchmark writes only under var/bench/ (a throwaway SQLite database and the report); it never
touches DATABASE_URL or the development database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DATABASE = BENCH_DIR / "bench.sqlite3"
REPORT = BENCH_DIR / "report.txt"

# Production-like settings (DEBUG off) against the benchmark's own database.
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "ALLOWED_HOSTS": "testserver",
    "STATIC_FROM_SOURCE": "1",
    "FAST_PASSWORD_HASHER": "1",
    "SQLITE_PATH": str(DATABASE),
}


def configure_environment() -> None:
    """Point Django at the benchmark database; call before Django reads its settings."""
    os.environ.pop("DATABASE_URL", None)  # never the real database: the benchmark deletes its own
    os.environ.pop("DJANGO_DEBUG", None)  # measure as in production: no query log, no debug toolbar
    os.environ.update(ENVIRONMENT)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")


def arguments(doc: str | None, *, teachers: int) -> argparse.ArgumentParser:
    """The options every data-set bench takes; a bench adds its own."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep the database already generated")
    parser.add_argument("--teachers", type=int, default=teachers)
    return parser


def setup_django(database: Path, *, reuse: bool) -> bool:
    """Sets Django up on the bench's own SQLite database, kept when `reuse` and it exists, else deleted
    for a fresh one; True when the data must be generated."""
    configure_environment()
    os.environ["SQLITE_PATH"] = str(database)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    reuse = reuse and database.exists()
    if not reuse:
        database.unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return not reuse


def generate_timed(what: str, build: Callable[[], object]) -> None:
    print(f"Generating {what} …", flush=True)
    started = time.perf_counter()
    build()
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)


def region(name: str, code: str, kind: str, parent: Any) -> Any:
    """A region and its bureau, written straight (setup, not anyone's action)."""
    from hts.org.models import Bureau, Region

    made = Region(name=name, code=code, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
    made.path = made.compute_path()
    made.save()
    Bureau.objects.create(region=made, name=f"{name}教育局")
    return made


def timed(step: Callable[[], Any]) -> tuple[Any, float, int]:
    """The step's result, seconds and queries (counted by a wrapper: Django's query log keeps only 9,000)."""
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = step()
        took = time.perf_counter() - started
    return result, took, count


def report(lines: list[str], path: Path) -> int:
    """Writes and prints the report; the exit status says whether a check FAILED."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if any("FAILED" in line for line in lines) else 0
