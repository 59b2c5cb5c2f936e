"""The honours benchmark (bench/corps_honours.py), tiny: its steps run and agree with the plain SQL."""

from __future__ import annotations

from typing import Any

from bench import corps_honours


def test_the_honours_benchmark_agrees_with_plain_sql(db: Any) -> None:
    corps_honours.generate(teachers=240, schools=6)
    lines = corps_honours.measure()
    report = "\n".join(lines)
    assert "FAILED" not in report, report
    assert "same set: True" in report and "same means: True" in report and "plain ranking: True" in report
