"""Scores proposed from the head teacher's class work log (issue 15, 4): 001 附件2 items 5, 6, 7, 9, 10,
11, 15 and 16, each read from the log entries of the kinds its rubric item names (``params["kinds"]``)
and held to the region's ClassworkPolicy, never to numbers in code.

Whose log: a subject's classes are the classes they head (``SchoolClass.head_teacher``), and every entry
of those classes in the period counts, whoever typed it. The rubric scores the head teacher's class work:
entries written by the deputy (``recorded_by``) are work done under their headship, and counting by
recorder would credit the deputy instead and miss a head teacher whose deputy keeps the log. A teacher
who heads no class gets no proposal, and the summary says so. With several classes, each class's share is
found apart and the shares are averaged.

Periods: a monthly round reads its month for the monthly rules (items 7, 15) and the semester up to the
month's end for the semester rules (items 5, 6, 9, 10, 11, 16); a semester round reads the semester, each
month of it for the monthly rules; a yearly round each semester of its school year.

Policy: the class's region's ClassworkPolicy (or its nearest ancestor's). No policy, or the item's rule
empty in it: no proposal, the summary saying why. Points: the item's maximum × the share achieved,
rounded down to 0.5.

Queries: each computation reads its records for ALL subjects at once, whatever their number: the
classes (1) and the policies (1) once per call, the pupils' counts (1) and each kind of entry (1) when
first needed. Up to ``ID_LIST_LIMIT`` people are filtered by their ids; a round's whole city is filtered
by a subquery on the round's subjects instead (a list of 40,000 ids exceeds SQLite's variable limit).

Pupils are minors: a rater is not the pupil's head teacher, so the rows name a pupil only masked (张*明).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from hts.classwork.models import ClassworkPolicy, Kind, LeftBehindFile, LogEntry, Pupil, VisitMode
from hts.classwork.rules import cadre_meetings_needed
from hts.org.calendar import lineage_paths, month_bounds
from hts.org.models import SchoolClass, Semester, grade_label

ID_LIST_LIMIT = 500
KIND_VALUES = frozenset(Kind.values)
MONTHLY_NUMBERS = {Kind.THEME_MEETING: "theme_meetings_a_month", Kind.BLACKBOARD: "blackboard_issues_a_month"}


def masked(name: str) -> str:
    """张小明 → 张*明, 张明 → 张*: a pupil's name as a rater may see it."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"


@dataclass(frozen=True)
class Window:
    starts_on: dt.date
    ends_on: dt.date
    semester_start: dt.date
    semester_end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Entry:
    kind: str
    on: dt.date
    title: str
    pupil_id: int | None
    pupil_name: str
    left_behind: bool
    noted: bool
    visit_mode: str


@dataclass
class Part:
    """One class's reading of an item: its share of the item (None: cannot be judged) and why."""

    share: Decimal | None
    text: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def _date(day: dt.date) -> str:
    return day.isoformat()


def _month_label(window: Window) -> str:
    return f"{window.starts_on.year}年{window.starts_on.month}月"


def _row(log: ClassLog, entry: Entry) -> dict[str, Any]:
    title = entry.title
    if entry.pupil_id is not None:
        mode = log.mode_labels.get(entry.visit_mode, "")
        title = "、".join(part for part in (masked(entry.pupil_name), mode, title) if part)
    return {"date": _date(entry.on), "kind": log.kind_labels[entry.kind], "title": title}


class ClassLog:
    """The log of the subjects' classes, read once per call and shared between the items."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.round = ctx.round
        self.teachers = set(ctx.teacher_ids)
        self.classes: dict[int, tuple[int, str, str]] = {}  # class → (teacher, label, region path)
        self.by_teacher: dict[int, list[int]] = defaultdict(list)
        rows = (
            SchoolClass.objects.filter(self._teacher_filter(""))
            .values_list("pk", "head_teacher_id", "grade", "name", "school__region__path")
            .order_by("grade", "name", "pk")
        )
        for pk, teacher_id, grade, name, path in rows:
            if teacher_id in self.teachers:
                self.classes[pk] = (teacher_id, f"{grade_label(grade)}{name}", path)
                self.by_teacher[teacher_id].append(pk)
        self.policies = self._policies()
        self.terms, self.months = self._windows()
        self.label = ctx.period.label
        if self.round.period == "monthly" and self.round.month is not None:
            self.label = f"{ctx.period.label}（至{self.round.month.month}月底）"
        self._entries: dict[str, dict[int, list[Entry]]] = {}
        self._merged: dict[tuple[str, ...], dict[int, list[Entry]]] = {}
        # Translated once per call: a city's rows would otherwise look each label up a million times.
        self.kind_labels = {value: str(label) for value, label in Kind.choices}
        self.mode_labels = {value: str(label) for value, label in VisitMode.choices}
        self._pupils: dict[int, tuple[int, int]] | None = None
        self._files: dict[int, set[int]] | None = None

    def _teacher_filter(self, prefix: str) -> Q:
        if len(self.teachers) <= ID_LIST_LIMIT:
            return Q(**{f"{prefix}head_teacher_id__in": sorted(self.teachers)})
        from hts.evaluation.rounds.models import Subject

        return Q(
            **{f"{prefix}head_teacher_id__in": Subject.objects.filter(round_id=self.round.pk).values("teacher_id")}
        )

    def _policies(self) -> dict[int, ClassworkPolicy | None]:
        paths = {path for _t, _l, path in self.classes.values()}
        lineages = {path: lineage_paths(path) for path in paths}
        wanted = {p for lineage in lineages.values() for p in lineage}
        found = {}
        if wanted:
            found = {
                policy.region.path: policy
                for policy in ClassworkPolicy.objects.filter(region__path__in=sorted(wanted)).select_related("region")
            }
        nearest = {
            path: next((found[p] for p in reversed(lineage) if p in found), None) for path, lineage in lineages.items()
        }
        return {pk: nearest[path] for pk, (_t, _l, path) in self.classes.items()}

    def _windows(self) -> tuple[list[Window], list[Window]]:
        rnd = self.round
        if rnd.period == "yearly" or rnd.semester_id is None:
            semesters = list(Semester.objects.filter(school_year_id=rnd.school_year_id).order_by("starts_on"))
        else:
            semesters = [rnd.semester]
        terms, months = [], []
        for semester in semesters:
            start, end = semester.starts_on, semester.ends_on
            if rnd.period == "monthly" and rnd.month is not None:
                first, last = month_bounds(rnd.month)
                terms.append(Window(start, min(end, last), start, end))
                if first <= end and last >= start:
                    months.append(Window(max(first, start), min(last, end), start, end))
                continue
            terms.append(Window(start, end, start, end))
            month = start.replace(day=1)
            while month <= end:
                first, last = month_bounds(month)
                months.append(Window(max(first, start), min(last, end), start, end))
                month = last + dt.timedelta(days=1)
        return terms, months

    def entries(self, kinds: Iterable[str]) -> dict[int, list[Entry]]:
        """{class: entries of the kinds in the period, by date} (one query for the kinds not yet read)."""
        kinds = list(kinds)
        missing = [k for k in kinds if k not in self._entries]
        if missing:
            for kind in missing:
                self._entries[kind] = defaultdict(list)
            if self.classes and self.terms:
                first = min(t.starts_on for t in self.terms)
                last = max(t.ends_on for t in self.terms)
                rows = (
                    LogEntry.objects.filter(self._teacher_filter("school_class__"), kind__in=missing)
                    .filter(on__range=(first, last))
                    .annotate(noted=ExpressionWrapper(~Q(notes=""), output_field=BooleanField()))
                    .values_list(
                        "school_class_id",
                        "kind",
                        "on",
                        "title",
                        "pupil_id",
                        "pupil__name",
                        "pupil__left_behind",
                        "noted",
                        "visit_mode",
                    )
                    .order_by("on", "id")
                )
                for class_id, kind, on, title, pupil_id, name, left, noted, mode in rows:
                    if class_id in self.classes:
                        entry = Entry(kind, on, title, pupil_id, name or "", bool(left), bool(noted), mode)
                        self._entries[kind][class_id].append(entry)
        key = tuple(sorted(kinds))
        if key in self._merged:
            return self._merged[key]
        merged: dict[int, list[Entry]] = defaultdict(list)
        for kind in kinds:
            for class_id, found in self._entries[kind].items():
                merged[class_id].extend(found)
        if len(kinds) > 1:
            for found in merged.values():
                found.sort(key=lambda e: e.on)
        self._merged[key] = merged
        return merged

    def pupils(self) -> dict[int, tuple[int, int]]:
        """{class: (pupils, left-behind pupils)} (one query)."""
        if self._pupils is None:
            self._pupils = {}
            if self.classes:
                rows = (
                    Pupil.objects.filter(self._teacher_filter("school_class__"))
                    .values("school_class_id")
                    .annotate(n=Count("id"), left=Count("id", filter=Q(left_behind=True)))
                    .values_list("school_class_id", "n", "left")
                )
                self._pupils = {c: (n, left) for c, n, left in rows if c in self.classes}
        return self._pupils

    def files_kept(self) -> dict[int, set[int]]:
        """{class: ids of its left-behind pupils who have a file (留守儿童档案)} (one query). A file kept
        for a pupil no longer flagged does not count: the class's page hides it too."""
        if self._files is None:
            self._files = defaultdict(set)
            if self.classes:
                rows = LeftBehindFile.objects.filter(
                    self._teacher_filter("pupil__school_class__"), pupil__left_behind=True
                ).values_list("pupil__school_class_id", "pupil_id")
                for class_id, pupil_id in rows:
                    if class_id in self.classes:
                        self._files[class_id].add(pupil_id)
        return self._files


def log_of(ctx: Any) -> ClassLog:
    log = ctx.cache.get("classwork")
    if log is None:
        log = ctx.cache["classwork"] = ClassLog(ctx)
    return log


def _in(window: Window, entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if window.holds(e.on)]


def _ratio(done: int, needed: int) -> Decimal:
    return min(Decimal(1), Decimal(done) / Decimal(needed)) if needed else Decimal(1)


def _mean(shares: list[Decimal]) -> Decimal:
    return sum(shares, Decimal(0)) / len(shares)


def _kinds(item: Any, default: list[str]) -> list[str]:
    return [k for k in (item.params or {}).get("kinds", default) if k in KIND_VALUES]


# --- Items, each one class at a time --------------------------------------------------------------

ItemReader = Callable[[ClassLog, Any, int, ClassworkPolicy], Part]


def _monthly(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 7 (每月办一期黑板报): the months whose entries reach the policy's monthly number."""
    kind = (_kinds(item, [Kind.BLACKBOARD]) or [Kind.BLACKBOARD])[0]
    needed = getattr(policy, MONTHLY_NUMBERS.get(kind, ""), None)
    label = log.kind_labels[kind]
    if not needed:
        return Part(None, f"班级工作政策未设每月{label}次数")
    entries = log.entries([kind]).get(class_id, [])
    met, texts = 0, []
    for month in log.months:
        done = len(_in(month, entries))
        met += done >= needed
        texts.append(f"{_month_label(month)}{done}次")
    if not log.months:
        return Part(None, "考评期内无上课月份")
    share = Decimal(met) / Decimal(len(log.months))
    text = f"{label}每月应不少于{needed}次，{len(log.months)}个月中{met}个月达到（{'、'.join(texts)}）"
    return Part(share, text, [_row(log, e) for e in entries if any(m.holds(e.on) for m in log.months)])


def _cadre(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 15 (每两周召开一次班干部工作会): meetings held against one per full `every` days of school."""
    every = policy.cadre_meeting_every_days
    if not every:
        return Part(None, "班级工作政策未设班干部会间隔")
    entries = log.entries(_kinds(item, [Kind.CADRE_MEETING])).get(class_id, [])
    needed = sum(
        cadre_meetings_needed(every, m.starts_on, m.ends_on, m.semester_start, m.semester_end) for m in log.months
    )
    held = [e for e in entries if any(m.holds(e.on) for m in log.months)]
    if not needed:
        return Part(None, "考评期内不足一个间隔，无应开次数")
    text = f"每{every}天应开班干部会一次，应开{needed}次，已开{len(held)}次"
    return Part(_ratio(len(held), needed), text, [_row(log, e) for e in held])


def _safety(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 5 (活动中进行了安全教育或制定了安全预案): 001 sets no number, so the rubric item's
    ``a_semester`` does (the built-in: at least one a semester)."""
    wanted = (item.params or {}).get("a_semester")
    if not wanted:
        return Part(None, "评分细则未设每学期安全教育或预案次数")
    entries = log.entries(_kinds(item, [Kind.SAFETY])).get(class_id, [])
    shares, counted = [], []
    for term in log.terms:
        found = _in(term, entries)
        counted += found
        shares.append(_ratio(len(found), int(wanted)))
    text = f"安全教育或安全预案{len(counted)}次，每学期应不少于{wanted}次"
    return Part(_mean(shares), text, [_row(log, e) for e in counted])


def _plans(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 6 (每学期做到有工作计划和总结): a summary is due only once the period reaches the
    semester's last month, so a monthly round early in the term does not miss it."""
    entries = log.entries(_kinds(item, [Kind.PLAN, Kind.SUMMARY])).get(class_id, [])
    due, have, rows, notes = 0, 0, [], []
    for term in log.terms:
        found = _in(term, entries)
        rows += [_row(log, e) for e in found]
        for required, kind in (
            (policy.semester_plan_required, Kind.PLAN),
            (policy.semester_summary_required, Kind.SUMMARY),
        ):
            if not required:
                continue
            if kind == Kind.SUMMARY and term.ends_on < term.semester_end.replace(day=1):
                notes.append("学期总结尚未到期")
                continue
            due += 1
            present = any(e.kind == kind for e in found)
            have += present
            if not present:
                notes.append(f"缺{log.kind_labels[kind]}")
    if not due:
        if not (policy.semester_plan_required or policy.semester_summary_required):
            return Part(None, "班级工作政策未设学期计划和总结")
        return Part(None, "；".join(notes))
    text = f"应有计划、总结{due}份，已有{have}份" + (f"（{'；'.join(notes)}）" if notes else "")
    return Part(Decimal(have) / Decimal(due), text, rows)


def _incidents(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 9 (妥善处理突发事件): the share of the incidents logged whose handling is written down. The
    log cannot show the checks of 晨检、点名、清堂, so a term with no incident proposes full points and
    says so; the rater corrects with a reason."""
    entries = [e for t in log.terms for e in _in(t, log.entries(_kinds(item, [Kind.INCIDENT])).get(class_id, []))]
    if not entries:
        return Part(Decimal(1), "本期班级工作日志无突发事件记录")
    handled = sum(1 for e in entries if e.noted)
    text = f"记录突发事件{len(entries)}起，写明处理经过{handled}起"
    return Part(Decimal(handled) / Decimal(len(entries)), text, [_row(log, e) for e in entries])


def _visited(term: Window, visits: list[Entry], *, noted: bool = False, left: bool = False) -> set[int]:
    return {
        e.pupil_id
        for e in _in(term, visits)
        if e.kind == Kind.HOME_VISIT
        and e.pupil_id is not None
        and (e.noted or not noted)
        and (e.left_behind or not left)
    }


def _home_school(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 10 (每学期至少召开家长会二次以上和对学生进行一次家访): the parent meetings against the
    policy's number and the pupils visited (at home, by phone or online: 附件1 16) against the list, the
    two shares averaged."""
    meetings_needed, every_pupil = policy.parent_meetings_a_semester, policy.visit_every_pupil
    if not meetings_needed and not every_pupil:
        return Part(None, "班级工作政策未设家长会次数和家访要求")
    entries = log.entries(_kinds(item, [Kind.PARENT_MEETING, Kind.HOME_VISIT])).get(class_id, [])
    pupils = log.pupils().get(class_id, (0, 0))[0]
    shares, texts, rows = [], [], []
    for term in log.terms:
        found = _in(term, entries)
        rows += [_row(log, e) for e in found]
        if meetings_needed:
            held = sum(1 for e in found if e.kind == Kind.PARENT_MEETING)
            shares.append(_ratio(held, meetings_needed))
            texts.append(f"家长会{held}次（应不少于{meetings_needed}次）")
        if every_pupil:
            if pupils:
                visited = len(_visited(term, found))
                shares.append(Decimal(visited) / Decimal(pupils))
                texts.append(f"家访{visited}/{pupils}名学生")
            else:
                texts.append("班级未录入学生名单，家访无从计算")
    if not shares:
        return Part(None, "；".join(texts))
    return Part(_mean(shares), "；".join(texts), rows)


def _left_behind(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 11 (建立留守孩子档案,有计划开展教育活动): the mean of the left-behind pupils visited in the
    period and those with a file (``ClassLog.files_kept``). A class with no left-behind pupil has
    nothing to keep: full points, said so."""
    flagged = log.pupils().get(class_id, (0, 0))[1]
    if not flagged:
        return Part(Decimal(1), "班级无留守儿童")
    visits = log.entries(_kinds(item, [Kind.HOME_VISIT])).get(class_id, [])
    shares, texts, rows = [], [], []
    for term in log.terms:
        visited = _visited(term, visits, left=True)
        rows += [_row(log, e) for e in _in(term, visits) if e.left_behind]
        shares.append(Decimal(len(visited)) / Decimal(flagged))
        texts.append(f"留守儿童{flagged}名，已家访{len(visited)}名")
    kept = len(log.files_kept().get(class_id, set()))
    shares = [(share + Decimal(kept) / Decimal(flagged)) / 2 for share in shares]
    texts.append(f"已建档案{kept}份")
    return Part(_mean(shares), "；".join(texts), rows)


def _pupils_known(log: ClassLog, item: Any, class_id: int, policy: ClassworkPolicy) -> Part:
    """Item 16 (对学生的学习情况、家庭情况…能全面了解和掌握): the pupils whose visit records what was
    learnt, against the class list, held to the policy's "every pupil visited"."""
    if not policy.visit_every_pupil:
        return Part(None, "班级工作政策未设每生家访")
    pupils = log.pupils().get(class_id, (0, 0))[0]
    if not pupils:
        return Part(None, "班级未录入学生名单")
    visits = log.entries(_kinds(item, [Kind.HOME_VISIT])).get(class_id, [])
    shares, texts, rows = [], [], []
    for term in log.terms:
        known = _visited(term, visits, noted=True)
        rows += [_row(log, e) for e in _in(term, visits) if e.noted]
        shares.append(Decimal(len(known)) / Decimal(pupils))
        texts.append(f"{pupils}名学生中{len(known)}名的家访写明了了解到的情况")
    return Part(_mean(shares), "；".join(texts), rows)


READERS: dict[str, ItemReader] = {
    "log_safety": _safety,
    "log_plans": _plans,
    "log_monthly": _monthly,
    "log_incidents": _incidents,
    "log_home_school": _home_school,
    "log_left_behind": _left_behind,
    "log_cadre": _cadre,
    "log_pupils_known": _pupils_known,
}


def compute_item(ctx: Any, item: Any) -> dict[int, Any]:
    """{subject.pk: Proposal} for one log-backed item; a Proposal with points -1 says why there is none."""
    from hts.evaluation.rounds.evidence import Proposal as proposal
    from hts.evaluation.rounds.evidence import half_down

    read = READERS[item.computation]
    log = log_of(ctx)
    result = {}
    for subject in ctx.subjects:
        classes = log.by_teacher.get(subject.teacher_id, [])
        if not classes:
            result[subject.pk] = proposal(Decimal(-1), "未担任班主任（无所带班级），班级工作日志无从计算", [])
            continue
        shares, texts, rows = [], [], []
        for class_id in classes:
            label = log.classes[class_id][1]
            prefix = f"{label}：" if len(classes) > 1 else ""
            policy = log.policies[class_id]
            if policy is None:
                texts.append(f"{prefix}所在地区未设班级工作政策，不提供建议分")
                continue
            part = read(log, item, class_id, policy)
            texts.append(prefix + part.text)
            rows += [{**row, "class": label} if len(classes) > 1 else row for row in part.rows]
            if part.share is not None:
                shares.append(part.share)
        summary = "；".join(texts)
        if not shares:
            result[subject.pk] = proposal(Decimal(-1), summary, rows)
            continue
        points = half_down(item.max_points * _mean(shares))
        result[subject.pk] = proposal(points, f"{log.label}：{summary}", rows)
    return result


def propose(rnd: Any, subjects: list[Any]) -> dict[tuple[int, int], Any]:
    """{(subject.pk, item.pk): Proposal} for the log-backed items of the round's rubric only (the
    benchmark's step; the sheet calls ``evidence.compute``, which dispatches here item by item)."""
    from hts.evaluation.rounds.evidence import _Context
    from hts.evaluation.rubrics.models import RubricItem

    ctx = _Context(rnd, subjects)
    found = {}
    items = RubricItem.objects.filter(version_id=rnd.version_id, scoring="computed", computation__in=list(READERS))
    for item in items.order_by("number"):
        for subject_pk, proposal in compute_item(ctx, item).items():
            if proposal.points >= 0:
                found[(subject_pk, item.pk)] = proposal
    return found
