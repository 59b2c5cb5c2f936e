"""The semester's 班主任工作手册 of one class (issue 15 point 5): what it holds, read in a fixed number of
queries whatever the number of entries, with pupils' names masked for a reader who may not see them.

The handbook is a Chinese document whatever the reader's language (as the other official documents):
its headings are Chinese here; the kinds' labels and the dues' sentences are read in Chinese from the
model's choices and rules.py, never a second copy. Each entry appears once, in the part it belongs to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from hts.accounts.access import can
from hts.classwork.models import ClassRef, Kind, LogEntry, Pupil, VisitMode
from hts.classwork.policy import policy_for
from hts.classwork.rules import Due, Logged, month_dues, semester_dues
from hts.classwork.selectors import semesters_of
from hts.core.labels import DOCUMENT_LANGUAGE, document_label
from hts.org.calendar import calendar_region, month_bounds
from hts.org.models import SchoolYear, Semester

# Each kind's part of the handbook; the plan and the summary are their own parts.
LOG_KINDS = (Kind.THEME_MEETING, Kind.BLACKBOARD, Kind.OPEN_WEEK)
MEETING_KINDS = (Kind.PARENT_MEETING, Kind.CADRE_MEETING, Kind.TEACHER_MEETING)
SAFETY_KINDS = (Kind.SAFETY, Kind.INCIDENT)


def mask_name(name: str) -> str:
    """A pupil's name for a reader who may not see it: the first and last characters kept, the rest
    starred (张*明, 欧**明); a two-character name keeps its first (张*); a single character is starred."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"


def names_visible(user: Any, school_class: ClassRef) -> bool:
    """Whether `user` may read the class's pupils by name: the class's head teacher and deputy and its
    school's staff with the right (the class log's own scope). Anyone else a future rule lets export the
    handbook (no one yet) reads masked names."""
    return can(user, "classwork.view", school_class)


def school_year_of(school_class: Any, today: dt.date) -> SchoolYear | None:
    """The school year of the class's calendar holding `today`; in a summer break, the last one begun."""
    source = calendar_region(school_class.school.region)
    if source is None:
        return None
    years = SchoolYear.objects.filter(region=source, starts_on__lte=today).order_by("-starts_on")
    return years.filter(ends_on__gte=today).first() or years.first()


def semester_choices(school_class: Any, today: dt.date) -> list[Semester]:
    """The semesters a handbook may be asked for: those of the class's calendar that have begun, the latest
    first (a closed semester's handbook is the one a school files; one not begun has nothing in it)."""
    return semesters_of(school_class, today)


def default_semester(semesters: list[Semester], shown: Semester | None = None) -> Semester | None:
    """The semester the log page shows, else the latest begun."""
    if shown is not None and shown in semesters:
        return shown
    return semesters[0] if semesters else None


@dataclass(frozen=True)
class Line:
    on: str
    kind: str
    title: str
    notes: str
    follow_up: str


@dataclass(frozen=True)
class Visit:
    pupil: str
    on: str
    how: str
    learnt: str
    follow_up: str


@dataclass(frozen=True)
class Month:
    label: str  # 2026年9月
    lines: list[Line]


@dataclass(frozen=True)
class DueRow:
    period: str  # 9月 or 本学期
    text: str
    met: bool
    running: bool = False  # the month (or semester) is not over yet: short of the rule is not yet missed

    @property
    def state(self) -> str:
        return "完成" if self.met else "进行中" if self.running else "未完成"


@dataclass
class Handbook:
    title: str
    school: str
    class_name: str
    head_teacher: str
    deputy: str
    semester: str
    period: str
    made_on: str
    names_masked: bool
    plan: list[Line] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    meetings: list[Line] = field(default_factory=list)
    safety: list[Line] = field(default_factory=list)
    summary: list[Line] = field(default_factory=list)
    dues: list[DueRow] = field(default_factory=list)
    has_policy: bool = False


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _line(entry: LogEntry) -> Line:
    return Line(
        on=entry.on.isoformat(),
        kind=document_label(Kind.choices, entry.kind),
        title=entry.title,
        notes=entry.notes,
        follow_up=entry.follow_up,
    )


def _months(semester: Semester, last_day: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months of the semester up to `last_day`, each clipped to the semester."""
    months = []
    first = semester.starts_on.replace(day=1)
    while first <= last_day:
        start, end = month_bounds(first)
        months.append((max(start, semester.starts_on), min(end, semester.ends_on)))
        first = end + dt.timedelta(days=1)
    return months


def _dues(school_class: Any, semester: Semester, entries: list[LogEntry], pupils: list[int], today: dt.date) -> Any:
    """The rules' rows with the policy's numbers: each month's (up to today) and the semester's."""
    policy = policy_for(school_class.school.region)
    if policy is None:
        return False, []
    logged = [Logged(kind=e.kind, on=e.on, pupil_id=e.pupil_id) for e in entries]
    rows: list[DueRow] = []
    last_day = min(today, semester.ends_on)
    with translation.override(DOCUMENT_LANGUAGE):
        for start, end in _months(semester, last_day):
            month: list[Due] = month_dues(
                policy, logged, today=start, semester_start=semester.starts_on, semester_end=semester.ends_on
            )
            # The rules speak of "this month"; the handbook names the month (its rows are the past ones too).
            rows += [DueRow(f"{start.month}月", due.text.removeprefix("本月"), due.met, today < end) for due in month]
        rows += [
            DueRow("本学期", due.text.removeprefix("本学期"), due.met, today < semester.ends_on)
            for due in semester_dues(policy, logged, pupil_ids=pupils)
        ]
    return True, rows


def handbook_of(school_class: ClassRef, semester: Semester, *, show_names: bool, today: dt.date) -> Handbook:
    """Everything the handbook prints, in five queries (policy, pupils, entries with their pupils, and
    the calendar's none: `semester` comes loaded) on top of the class loaded with its school, region,
    head teacher and deputy."""
    entries = list(
        LogEntry.objects.filter(school_class=school_class, semester=semester)
        .select_related("pupil")
        .order_by("on", "id")
    )
    pupil_ids = list(Pupil.objects.filter(school_class=school_class).values_list("pk", flat=True))
    has_policy, dues = _dues(school_class, semester, entries, pupil_ids, today)
    by_kind: dict[str, list[LogEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    months = []
    for start, end in _months(semester, semester.ends_on):
        lines = [_line(e) for e in entries if e.kind in LOG_KINDS and start <= e.on <= end]
        if lines:
            months.append(Month(label=f"{start.year}年{start.month}月", lines=lines))
    visits = [
        Visit(
            pupil=(e.pupil.name if show_names else mask_name(e.pupil.name)) if e.pupil else "",
            on=e.on.isoformat(),
            how=document_label(VisitMode.choices, e.visit_mode),
            learnt=e.notes,
            follow_up=e.follow_up,
        )
        for e in by_kind.get(Kind.HOME_VISIT, [])
    ]
    deputy = school_class.deputy
    return Handbook(
        title="班主任工作手册",
        school=school_class.school.name,
        class_name=str(school_class),
        head_teacher=school_class.head_teacher.name if school_class.head_teacher else "",
        deputy=deputy.name if deputy else "",
        semester=f"{semester.school_year} {document_label(Semester.Kind.choices, semester.kind)}",
        period=f"{_day(semester.starts_on)}至{_day(semester.ends_on)}",
        made_on=_day(today),
        names_masked=not show_names,
        plan=[_line(e) for e in by_kind.get(Kind.PLAN, [])],
        months=months,
        visits=visits,
        meetings=[_line(e) for e in entries if e.kind in MEETING_KINDS],
        safety=[_line(e) for e in entries if e.kind in SAFETY_KINDS],
        summary=[_line(e) for e in by_kind.get(Kind.SUMMARY, [])],
        dues=dues,
        has_policy=has_policy,
    )


def filename(handbook: Handbook, extension: str) -> str:
    return f"{handbook.school}{handbook.class_name}班主任工作手册（{handbook.semester}）.{extension}"
