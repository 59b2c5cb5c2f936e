"""The search benchmark (bench/search.py), tiny: it generates, indexes, and every query answers within
the page's budget."""

from __future__ import annotations

from typing import Any

from bench import search


def test_the_search_benchmark_runs_within_its_query_budget(db: Any) -> None:
    search.generate(teachers=200, items=400)
    counts = search.build_index()
    assert counts["teacher"] == 200 and counts["archive"] == 400
    lines = search.measure(repeat=1)
    text = "\n".join(lines)
    assert "FAILED" not in text, text
    assert "hello-world" in text and "a school's short name" in text
