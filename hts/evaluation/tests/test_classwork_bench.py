"""The class work log benchmark (bench/classwork_evidence.py) at a tiny size, so that it cannot rot: the
same generation and measured step as `make bench`, on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from bench import classwork_evidence
from hts.evaluation.rubrics.builtin import install_builtin


def test_the_class_work_log_bench_agrees_with_the_plain_aggregate(db: Any) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    classwork_evidence.generate(60, migrate=False)
    report = "\n".join(classwork_evidence.measure())
    assert "FAILED" not in report, report
    assert "items 7, 10 and 15 equal to the aggregate: 180 of 180" in report, report
