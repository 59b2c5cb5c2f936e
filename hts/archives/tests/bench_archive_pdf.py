"""Benchmark (not part of the suite): a 200-item growth archive exported as PDF.

    .venv/bin/pytest hts/archives/tests/bench_archive_pdf.py -q -s -p no:cacheprovider

Prints the wall time, the Python heap peak (tracemalloc) and the process's peak RSS.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
import tracemalloc

from hts.archives.export_jobs import archive_document
from hts.archives.models import OWNER_KINDS, ArchiveItem
from hts.archives.tests.conftest import Team

ITEMS = 200
BODY = "<p>" + "本学期围绕工作室主题开展班级管理实践，记录过程与反思。" * 12 + "</p>"


def test_a_200_item_archive_pdf(team: Team) -> None:
    owner = team.member.teacher
    ArchiveItem.objects.bulk_create(
        ArchiveItem(
            owner_teacher=owner, studio=team.studio, kind=OWNER_KINDS[n % len(OWNER_KINDS)], title=f"第{n + 1}项：成长记录",
            body=BODY * 3, date=dt.date(2024, 9, 1) + dt.timedelta(days=n * 3), visibility="studio", author=team.member,
        )
        for n in range(ITEMS)
    )  # fmt: skip
    started = time.perf_counter()
    pdf = archive_document(team.member, owner.uid)
    elapsed = time.perf_counter() - started
    # Memory measured in a second run: tracemalloc slows Python down several times.
    tracemalloc.start()
    archive_document(team.member, owner.uid)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{ITEMS}-item archive PDF: {elapsed:.1f} s, {len(pdf) / 1024:.0f} KB, "
        f"Python heap peak {peak / 1024 / 1024:.0f} MB, process peak RSS {rss:.0f} MB"
    )
    assert pdf.startswith(b"%PDF-")
