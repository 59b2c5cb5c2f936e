"""What a class's log owes its policy, this month and this semester: pure functions over the entries,
so each rule is tested against hand-built logs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hts.classwork.models import ClassworkPolicy, Kind
from hts.org.calendar import month_bounds


@dataclass(frozen=True)
class Due:
    key: str  # the entry kind the rule counts
    label: str
    done: int
    needed: int
    # The rule's sentence with its numbers: "本月主题班会 0 次，应不少于 1 次".
    text: str
    # Not done yet, but not due yet either (a summary before the semester's last month).
    pending: bool = False

    @property
    def met(self) -> bool:
        return self.done >= self.needed


@dataclass(frozen=True)
class Logged:
    """What a rule reads of an entry."""

    kind: str
    on: dt.date
    pupil_id: int | None = None


def _overlap_days(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> int:
    return max(0, (min(end, last) - max(start, first)).days + 1)


def cadre_meetings_needed(every_days: int, first: dt.date, last: dt.date, start: dt.date, end: dt.date) -> int:
    """One meeting per full `every_days` of the period that lie in the semester (a month of school:
    two, every two weeks)."""
    return _overlap_days(start, end, first, last) // every_days


def month_share(needed: int, first: dt.date, last: dt.date, start: dt.date, end: dt.date) -> int:
    """A monthly number held to the share of the month [first, last] that lies in the semester [start,
    end], rounded half up: a month the semester covers to the day owes the whole number; one it covers
    for at least half its days owes 1 of 1 (001's 每月一次 for a month mostly of school, as a
    semester ending on 20 January); a tail of fewer days owes nothing (a spring semester begun on
    24 February owes no February meeting). The same days-in-the-semester count as the cadre rule."""
    month_days = (last - first).days + 1
    days = _overlap_days(start, end, first, last)
    return (2 * needed * days + month_days) // (2 * month_days)


def month_dues(
    policy: ClassworkPolicy,
    entries: Iterable[Logged],
    *,
    today: dt.date,
    semester_start: dt.date,
    semester_end: dt.date,
) -> list[Due]:
    first, last = month_bounds(today)
    counts: dict[str, int] = {}
    for entry in entries:
        if first <= entry.on <= last:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
    dues = []
    monthly = [
        (Kind.THEME_MEETING, policy.theme_meetings_a_month, _("theme class meetings")),
        (Kind.BLACKBOARD, policy.blackboard_issues_a_month, _("blackboard issues")),
    ]
    for kind, per_month, label in monthly:
        needed = month_share(per_month, first, last, semester_start, semester_end) if per_month else 0
        if needed:
            dues.append(_due(kind, label, counts.get(kind, 0), needed, this_month=True))
    if policy.cadre_meeting_every_days:
        needed = cadre_meetings_needed(policy.cadre_meeting_every_days, first, last, semester_start, semester_end)
        if needed:
            dues.append(
                _due(
                    Kind.CADRE_MEETING,
                    _("class-cadre meetings"),
                    counts.get(Kind.CADRE_MEETING, 0),
                    needed,
                    this_month=True,
                )
            )
    return dues


def semester_dues(
    policy: ClassworkPolicy,
    entries: Iterable[Logged],
    *,
    pupil_ids: Iterable[int],
    today: dt.date | None = None,
    semester_end: dt.date | None = None,
) -> list[Due]:
    """The semester's counts; the summary is due at the semester's end, so before its last month a
    missing one is pending, not missing."""
    entries = list(entries)
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    dues = []
    if policy.parent_meetings_a_semester:
        dues.append(
            _due(
                Kind.PARENT_MEETING,
                _("parent meetings"),
                counts.get(Kind.PARENT_MEETING, 0),
                policy.parent_meetings_a_semester,
            )
        )
    if policy.visit_every_pupil:
        pupils = set(pupil_ids)
        visited = {e.pupil_id for e in entries if e.kind == Kind.HOME_VISIT and e.pupil_id in pupils}
        text = _("This semester: %(done)d of %(needed)d pupils visited at home") % {
            "done": len(visited),
            "needed": len(pupils),
        }
        dues.append(Due(Kind.HOME_VISIT, _("home visits"), len(visited), len(pupils), text))
    for required, kind, done_text, missing_text in (
        (
            policy.semester_plan_required,
            Kind.PLAN,
            _("The semester plan is written."),
            _("The semester plan is missing."),
        ),
        (
            policy.semester_summary_required,
            Kind.SUMMARY,
            _("The semester summary is written."),
            _("The semester summary is missing."),
        ),
    ):
        if not required:
            continue
        done = min(counts.get(kind, 0), 1)
        if not done and kind == Kind.SUMMARY and semester_end is not None and _before_last_month(today, semester_end):
            text = _("The semester summary is due at the semester's end (month %(month)d).") % {
                "month": semester_end.month
            }
            dues.append(Due(kind, str(Kind(kind).label), 0, 1, text, pending=True))
            continue
        dues.append(Due(kind, str(Kind(kind).label), done, 1, done_text if done else missing_text))
    return dues


def _before_last_month(today: dt.date | None, end: dt.date | None) -> bool:
    return today is not None and end is not None and (today.year, today.month) < (end.year, end.month)


def missed_months(
    policy: ClassworkPolicy,
    entries: Iterable[Logged],
    *,
    today: dt.date,
    semester_start: dt.date,
    semester_end: dt.date | None = None,
) -> list[Due]:
    """The semester's past months whose theme meetings or blackboard issues fell short (each month held
    to its share, `month_share`)."""
    end = semester_end or dt.date.max
    entries = list(entries)
    missed = []
    month_start = semester_start.replace(day=1)
    this_month = today.replace(day=1)
    while month_start < this_month:
        first, last = month_bounds(month_start)
        for kind, per_month, label in (
            (Kind.THEME_MEETING, policy.theme_meetings_a_month, _("theme class meetings")),
            (Kind.BLACKBOARD, policy.blackboard_issues_a_month, _("blackboard issues")),
        ):
            needed = month_share(per_month, first, last, semester_start, end) if per_month else 0
            done = sum(1 for e in entries if e.kind == kind and first <= e.on <= last)
            if needed and done < needed:
                text = _("Month %(month)d: %(label)s %(done)d, at least %(needed)d") % {
                    "month": month_start.month,
                    "label": label,
                    "done": done,
                    "needed": needed,
                }
                missed.append(Due(kind, label, done, needed, text))
        month_start = last + dt.timedelta(days=1)
    return missed


def _due(key: str, label: str, done: int, needed: int, *, this_month: bool = False) -> Due:
    if this_month:
        text = _("This month: %(label)s %(done)d, at least %(needed)d")
    else:
        text = _("This semester: %(label)s %(done)d, at least %(needed)d")
    return Due(key, label, done, needed, text % {"label": label, "done": done, "needed": needed})
