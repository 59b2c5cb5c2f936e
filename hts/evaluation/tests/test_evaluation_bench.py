"""The yearly evaluation benchmark (bench/evaluation.py) at a tiny size, so that it cannot rot: the same
generation and measured steps as `make bench`, on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from bench import evaluation
from hts.evaluation.rubrics.builtin import install_builtin


def test_the_evaluation_bench_agrees_with_the_plain_aggregate(db: Any) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    evaluation.generate(100, migrate=False)
    report = "\n".join(evaluation.measure())
    assert "FAILED" not in report, report
    assert "totals equal to the aggregate: 100 of 100; ranked: 100" in report, report
