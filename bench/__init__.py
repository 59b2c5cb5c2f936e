"""`make bench`: the bureau quota matrix over a city-sized data set (bench/run.py), the archive
exports (bench/archives.py) and a city's yearly evaluation (bench/evaluation.py).

The benchmark writes only under var/bench/ (a throwaway SQLite database and the report); it never
touches DATABASE_URL or the development database.
"""

from __future__ import annotations

import os
from pathlib import Path

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
