"""A head teacher's allowance for one month when the rank changes within it (001 三 9).

Neither 001 nor the corps policy says how a month with two ranks is paid, so each day of the month
is paid at the rank held that day: amount = Σ rate × days at the rank / days of the month, summed
exactly in Decimal and rounded once to the fen, half up (a whole month at one rank is its rate to
the fen). Days without a rank earn nothing, as a month without one does. The note says from which
day which rank held, and the sum, so the finance office can check it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from hts.corps.ranks.models import RankAssignment

FEN = Decimal("0.01")


def _day(day: dt.date) -> dict[str, int]:
    return {"month": day.month, "day": day.day}


def month_pay(
    assignments: Sequence[RankAssignment], rates: dict[int, Decimal], first: dt.date, last: dt.date
) -> tuple[Decimal, str] | None:
    """(amount, note) for a month in which the ranks held change; None when one rank (or none) holds
    the whole month, paid as before at the rank's rate."""
    parts: list[tuple[RankAssignment, int]] = []
    for assignment in sorted(assignments, key=lambda a: a.started_on):
        start = max(assignment.started_on, first)
        end = min(assignment.ended_on or last, last)
        if start <= end:
            parts.append((assignment, (end - start).days + 1))
    month_days = (last - first).days + 1
    if (len(parts) == 1 and parts[0][1] == month_days) or not parts:
        return None
    exact = sum(
        (rates.get(a.rank_id, Decimal("0")) * days / month_days for a, days in parts),
        Decimal("0"),
    )
    changes = []
    previous: RankAssignment | None = None
    for assignment, _days in parts:
        if assignment.started_on > first:
            if previous is not None and previous.ended_on == assignment.started_on - dt.timedelta(days=1):
                changes.append(
                    _("from %(month)d/%(day)d %(old)s→%(new)s")
                    % {**_day(assignment.started_on), "old": previous.rank.name, "new": assignment.rank.name}
                )
            else:
                changes.append(
                    _("from %(month)d/%(day)d %(new)s") % {**_day(assignment.started_on), "new": assignment.rank.name}
                )
        if assignment.ended_on is not None and assignment.ended_on < last and not _followed(assignment, parts):
            changes.append(
                _("%(old)s until %(month)d/%(day)d") % {**_day(assignment.ended_on), "old": assignment.rank.name}
            )
        previous = assignment
    sums = "＋".join(f"{rates.get(a.rank_id, Decimal('0')).quantize(FEN)}×{days}/{month_days}" for a, days in parts)
    missing = [a.rank.name for a, _days in parts if a.rank_id not in rates]
    note = "；".join(changes) + "；" + _("paid by days: %(sums)s") % {"sums": sums}
    if missing:
        note += "；" + _("no allowance set for %(ranks)s") % {"ranks": "、".join(dict.fromkeys(missing))}
    return exact.quantize(FEN, rounding=ROUND_HALF_UP), note


def _followed(assignment: RankAssignment, parts: list[tuple[RankAssignment, int]]) -> bool:
    after = assignment.ended_on + dt.timedelta(days=1) if assignment.ended_on else None
    return any(other.started_on == after for other, _days in parts)
