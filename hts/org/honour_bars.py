"""Rules from above org that bar an honour (001 10: 学年度考评不合格 … 当年不得评优晋级).

org sits below the domain apps, so it cannot ask them; an app whose results bar honours registers a
bar at start-up (evaluation does, in EvaluationConfig.ready). A bar takes the teacher and the day of
the honour and returns the reason to show (already translated), or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

HonourBar = Callable[[Any, dt.date], str | None]

_BARS: list[HonourBar] = []


def register_honour_bar(bar: HonourBar) -> None:
    if bar not in _BARS:
        _BARS.append(bar)


def honour_bar_reason(teacher: Any, on: dt.date) -> str | None:
    """The first registered reason why `teacher` may get no honour on `on`; None when none bars it."""
    for bar in _BARS:
        reason = bar(teacher, on)
        if reason is not None:
            return reason
    return None
