"""The ranks benchmark at a tiny size, so that it cannot rot: the same generation and measured steps
as `make bench` (bench/corps_ranks.py), on the test database."""

from __future__ import annotations

from django.apps import apps

from bench import corps_ranks
from hts.evaluation.rubrics.builtin import install_builtin


def test_the_ranks_bench_agrees_with_plain_sql_in_its_query_budget(db: object) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    corps_ranks.generate(100, migrate=False)
    lines = corps_ranks.measure()
    report = "\n".join(lines)
    assert "FAILED" not in report, report
    assert "with a rank" in report
