"""Scores proposed from records (issue 6, 2): for each computed rubric item, the points the records
support and the evidence behind them. The rater confirms or corrects the proposal with a reason.

INTERFACE (used by the scoring sheet): ``proposals_for(rnd, subjects)``.

Period counted: the round's semester for monthly and semester rounds (001 附件2 item 3 asks for notes
"每学期", so a monthly round shows the semester so far), the round's school year for yearly rounds.

Queries: each computation reads its records for ALL the subjects at once (one or two queries per
computation, whatever the number of people), plus one query for the level weights of the round's region.

Parameters (``RubricItem.params``), per computation:

* study_notes: ``kinds`` (archive item kinds), ``chars``, ``village_chars`` (for a village school).
  Full points once the characters reach the threshold, else in proportion, rounded down to 0.5.
* research: ``achievement_kinds``, ``projects`` (count concluded projects led or joined, those of the
  platform and those recorded as verified achievements of kind "project"). Only verified achievements count. The item's points × the level weight of the best result (001 附件2 item 17); an item
  whose ``level_counting`` is per result adds ``per_unit`` (points per unit of weight) per result, capped.
* honours: ``achievement_kinds``; also the teacher's Honour records. Counted as research is.
* training: optional ``kinds`` (activity types). Attended with credit ÷ expected, × maximum.
* activities: ``per_activity`` (default 1) per activity given; optional ``kinds``. Capped.
* plans: ``kinds``: share of the kinds present in the period × maximum.
* democratic: no parameters; the round's democratic ratings whose item is this item.
* log_safety, log_plans, log_monthly, log_incidents, log_home_school, log_left_behind, log_cadre,
  log_pupils_known: ``kinds`` (class work log kinds) and, for log_safety, ``a_semester``; the numbers
  come from the region's ClassworkPolicy (evidence_classwork.py).
* guidance: optional ``hours``: full points once the guidance hours given in the period reach it, else in
  proportion, rounded down to 0.5; without it, full points for any guidance recorded. The hours come from
  the apps registered with ``register_guidance_source`` (corps: the mentor's sessions of 001 二 3's pairs).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from html import unescape
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hts.evaluation.rounds import evidence_classwork
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.evaluation.rubrics.models import Computation, RubricItem
from hts.org.models import Region

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Proposal:
    points: Decimal
    summary: str  # one line shown beside the item, in Chinese
    rows: list[dict[str, Any]] = field(default_factory=list)  # the records counted (JSON-serialisable)

    def as_evidence(self) -> dict[str, Any]:
        return {"proposed": str(self.points), "summary": self.summary, "rows": self.rows}


@dataclass(frozen=True)
class Period:
    starts_on: dt.date
    ends_on: dt.date
    label: str

    def datetimes(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.starts_on, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end


def period_of(rnd: EvaluationRound) -> Period:
    """The semester for monthly and semester rounds, the school year for yearly ones."""
    if rnd.period != EvaluationRound.Period.YEARLY and rnd.semester is not None:
        semester = rnd.semester
        return Period(semester.starts_on, semester.ends_on, str(semester))
    year = rnd.school_year
    return Period(year.starts_on, year.ends_on, year.label)


def half_down(value: Decimal) -> Decimal:
    """Round down to a multiple of 0.5."""
    return (value * 2).quantize(Decimal("1"), rounding=ROUND_DOWN) / 2


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _n(value: Decimal) -> str:
    """A number for a summary: 3.00 → 3, 2.50 → 2.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def text_length(body: str) -> int:
    """Characters of the text, without HTML tags and white space."""
    return len(_SPACE.sub("", unescape(_TAGS.sub("", body or ""))))


# Kinds in rubric params may be given by the archive's value ("reading", as the built-in rubrics do),
# its name ("reading_notes") or a common alias, since staff type them when they edit a copy.
_KIND_ALIASES = {"personal_plan": "dev_plan", "development_plan": "dev_plan"}


def archive_kinds(kinds: Sequence[str]) -> list[str]:
    from hts.archives.models import ItemKind

    by_name = {name.lower(): value for name, value in zip(ItemKind.names, ItemKind.values, strict=True)}
    result = []
    for kind in kinds or []:
        value = kind if kind in ItemKind.values else by_name.get(kind, _KIND_ALIASES.get(kind, kind))
        if value not in result:
            result.append(value)
    return result


class _Context:
    """What one call computes once and shares between items: subjects by teacher, the period, weights."""

    def __init__(self, rnd: EvaluationRound, subjects: Sequence[Subject]) -> None:
        self.round = rnd
        self.subjects = list(subjects)
        self.teacher_ids = [s.teacher_id for s in self.subjects]
        self.period = period_of(rnd)
        self._weights: dict[str, Decimal] | None = None
        self.cache: dict[str, Any] = {}  # what several items read once (evidence_classwork's class log)

    @property
    def weights(self) -> dict[str, Decimal]:
        """Level weights of the organiser's region (its WeightPolicy or its nearest ancestor's; one query)."""
        if self._weights is None:
            from hts.research.weights import weights_for

            self._weights = weights_for(Region(path=self.round.region_path))
        return self._weights


def _level_label(level: str) -> str:
    from hts.org.models import Level

    return str(dict(Level.choices).get(level, level))


def display_cells(row: dict[str, Any]) -> list[str]:
    """A proposal's record as people read it: its type and kind by their names (成果 · 论文), never the
    stored codes the row keeps for counting."""
    from hts.org.models import Honour
    from hts.research.models import Achievement, ResearchProject

    sources = {
        "achievement": Achievement._meta.verbose_name,
        "project": ResearchProject._meta.verbose_name,
        "honour": Honour._meta.verbose_name,
    }
    kinds = {"achievement": dict(Achievement.Kind.choices), "honour": dict(Honour.Kind.choices)}
    source = str(row.get("source", ""))
    cells = []
    for key, value in row.items():
        if key == "source" and source in sources:
            value = sources[source]
        elif key == "kind" and source in kinds:
            value = kinds[source].get(value, value)
        cells.append(str(value))
    return cells


# --- Computations -----------------------------------------------------------------------------------


def _study_notes(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    from hts.archives.models import ArchiveItem
    from hts.org.models import School

    params = item.params or {}
    if not params.get("chars"):
        return {}  # the item sets no length (001 附件2 item 3 sets 5000, 3000 at a village school): scored by hand
    kinds = archive_kinds(params.get("kinds", ["reading"]))
    villages = dict(School.objects.filter(pk__in={s.school_id for s in ctx.subjects}).values_list("pk", "village"))
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    totals: dict[int, int] = defaultdict(int)
    records = ArchiveItem.objects.filter(
        owner_teacher_id__in=ctx.teacher_ids,
        kind__in=kinds,
        date__range=(ctx.period.starts_on, ctx.period.ends_on),
    ).values_list("owner_teacher_id", "title", "date", "body")
    for teacher_id, title, date, body in records.order_by("date", "id"):
        length = text_length(body)
        totals[teacher_id] += length
        rows[teacher_id].append({"title": title, "date": str(date), "chars": length})
    result = {}
    for subject in ctx.subjects:
        village = villages.get(subject.school_id, False)
        needed = int((village and params.get("village_chars")) or params["chars"])
        written = totals[subject.teacher_id]
        if written >= needed:
            points = item.max_points
        else:
            points = half_down(item.max_points * Decimal(written) / Decimal(needed))
        where = "村小" if village else ""
        summary = f"{ctx.period.label}学习笔记共{written}字,{where}要求{needed}字以上"
        result[subject.pk] = Proposal(points, summary, rows[subject.teacher_id])
    return result


def _achievements(ctx: _Context, kinds: Sequence[str]) -> dict[int, list[dict[str, Any]]]:
    """Verified achievements of the kinds in the period, by teacher (one query)."""
    from hts.research.models import Achievement

    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not kinds:
        return found
    records = Achievement.objects.filter(
        owner_id__in=ctx.teacher_ids,
        status=Achievement.Status.VERIFIED,
        kind__in=list(kinds),
        achieved_on__range=(ctx.period.starts_on, ctx.period.ends_on),
    ).values_list("owner_id", "title", "level", "achieved_on", "kind")
    for owner_id, title, level, date, kind in records.order_by("achieved_on", "id"):
        found[owner_id].append(
            {"source": "achievement", "kind": kind, "title": title, "level": level, "date": str(date)}
        )
    return found


def _concluded_projects(ctx: _Context) -> dict[int, list[dict[str, Any]]]:
    """Research projects concluded (结项) in the period that the teacher led or was a member of (two
    queries). The date of conclusion is that of the workflow log's transition, else the project's end."""
    from hts.core.models import WorkflowTransition
    from hts.research.models import ResearchProject

    teachers = set(ctx.teacher_ids)
    projects: dict[int, dict[str, Any]] = {}
    rows = (
        ResearchProject.objects.filter(status=ResearchProject.Status.CONCLUDED)
        .filter(Q(lead_id__in=teachers) | Q(members__id__in=teachers))
        .values_list("pk", "uid", "title", "level", "lead_id", "ends_on", "members__id")
    )
    for pk, uid, title, level, lead_id, ends_on, member_id in rows:
        project = projects.setdefault(
            pk, {"uid": str(uid), "title": title, "level": level, "lead": lead_id, "ends_on": ends_on, "people": set()}
        )
        project["people"] |= {lead_id, member_id} & teachers
    concluded: dict[str, dt.date] = {}
    if projects:
        transitions = WorkflowTransition.objects.filter(
            target_type=ResearchProject._meta.label_lower,
            target_id__in=[p["uid"] for p in projects.values()],
            to_state=ResearchProject.Status.CONCLUDED,
        ).values_list("target_id", "at")
        for target_id, at in transitions.order_by("at"):
            concluded[target_id] = timezone.localtime(at).date()
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for project in projects.values():
        date = concluded.get(project["uid"], project["ends_on"])
        if not ctx.period.starts_on <= date <= ctx.period.ends_on:
            continue
        for teacher_id in sorted(project["people"]):
            role = "主持" if teacher_id == project["lead"] else "参与"
            found[teacher_id].append(
                {
                    "source": "project",
                    "kind": role,
                    "title": project["title"],
                    "level": project["level"],
                    "date": str(date),
                }
            )
    return found


def _honours(ctx: _Context) -> dict[int, list[dict[str, Any]]]:
    from hts.org.models import Honour

    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    records = Honour.objects.filter(
        teacher_id__in=ctx.teacher_ids, awarded_on__range=(ctx.period.starts_on, ctx.period.ends_on)
    ).values_list("teacher_id", "title", "level", "awarded_on", "kind")
    for teacher_id, title, level, date, kind in records.order_by("awarded_on", "id"):
        found[teacher_id].append({"source": "honour", "kind": kind, "title": title, "level": level, "date": str(date)})
    return found


def _weighted(ctx: _Context, item: RubricItem, found: list[dict[str, Any]], what: str) -> Proposal:
    """001 附件2 items 17 and 23: the item's points × the level weight of the best result (a county-level
    paper: 0.8 × 6 = 4.8). A rubric item set to count per result adds ``per_unit`` × weight per result."""
    rows = []
    weights = []
    for row in found:
        weight = ctx.weights.get(row["level"], Decimal("0"))
        weights.append(weight)
        rows.append({**row, "level": _level_label(row["level"]), "weight": str(weight)})
    if item.level_counting == RubricItem.LevelCounting.PER_RESULT:
        per_unit = Decimal(str((item.params or {}).get("per_unit", "1")))
        total = Decimal("0")
        for row, weight in zip(rows, weights, strict=True):
            row["points"] = _n(weight * per_unit)
            total += weight * per_unit
        points = cents(min(total, item.max_points))
        capped = ",已达上限" if total > item.max_points else ""
        summary = f"{ctx.period.label}{what}{len(rows)}项,按级别权重计{_n(total)}分{capped}"
        return Proposal(points, summary, rows)
    best = max(weights, default=Decimal("0"))
    points = cents(item.max_points * best)
    for row, weight in zip(rows, weights, strict=True):
        row["points"] = _n(cents(item.max_points * weight))
    if not rows:
        summary = f"{ctx.period.label}{what}0项"
    else:
        best_row = rows[weights.index(best)]
        summary = (
            f"{ctx.period.label}{what}{len(rows)}项,按最高级别({best_row['level']},权重{_n(best)})"
            f"计{_n(item.max_points)}×{_n(best)}={_n(points)}分"
        )
    return Proposal(points, summary, rows)


def _research(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    params = item.params or {}
    kinds = list(params.get("achievement_kinds", []))
    if params.get("projects") and "project" not in kinds:
        kinds.append("project")  # a concluded project recorded as an achievement, once verified
    found = _achievements(ctx, kinds)
    if params.get("projects"):
        for teacher_id, rows in _concluded_projects(ctx).items():
            found[teacher_id].extend(rows)
    return {s.pk: _weighted(ctx, item, found.get(s.teacher_id, []), "已核实的科研成果与结项课题") for s in ctx.subjects}


def _honours_item(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    params = item.params or {}
    found = _achievements(ctx, params.get("achievement_kinds", []))
    for teacher_id, rows in _honours(ctx).items():
        found[teacher_id].extend(rows)
    return {s.pk: _weighted(ctx, item, found.get(s.teacher_id, []), "已核实的表彰奖励") for s in ctx.subjects}


def _training(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    """Expected: the activities in the period of the studios the teacher is an active member of, those
    they were invited to, and any activity where their attendance was recorded. Attended: attendance
    that earns credit."""
    from hts.activities.models import Activity, Attendance
    from hts.studios.models import Membership

    kinds = (item.params or {}).get("kinds") or []
    start, end = ctx.period.datetimes()
    activity_filter = Q(starts_at__gte=start, starts_at__lt=end)
    if kinds:
        activity_filter &= Q(kind__in=kinds)
    expected: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    team = Activity.objects.filter(
        activity_filter,
        studio__memberships__teacher_id__in=ctx.teacher_ids,
        studio__memberships__status=Membership.Status.ACTIVE,
    ).values_list("pk", "title", "starts_at", "studio__memberships__teacher_id")
    # A school's or bureau's own activity (a head-teacher meeting, a training session) expects its invited.
    invited = Activity.invitees.through.objects.filter(
        teacher_id__in=ctx.teacher_ids,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
        **({"activity__kind__in": kinds} if kinds else {}),
    ).values_list("activity_id", "activity__title", "activity__starts_at", "teacher_id")
    for pk, title, starts_at, teacher_id in [*team, *invited]:
        expected[teacher_id][pk] = {"title": title, "date": str(timezone.localtime(starts_at).date()), "status": "—"}
    attended: dict[int, int] = defaultdict(int)
    credit = {Attendance.Status.PRESENT, Attendance.Status.LATE}
    records = Attendance.objects.filter(
        teacher_id__in=ctx.teacher_ids,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
        **({"activity__kind__in": kinds} if kinds else {}),
    ).values_list("teacher_id", "activity_id", "activity__title", "activity__starts_at", "status")
    labels = dict(Attendance.Status.choices)
    for teacher_id, activity_id, title, starts_at, status in records:
        date = str(timezone.localtime(starts_at).date())
        expected[teacher_id][activity_id] = {"title": title, "date": date, "status": str(labels[status])}
        if status in credit:
            attended[teacher_id] += 1
    result = {}
    for subject in ctx.subjects:
        rows = sorted(expected[subject.teacher_id].values(), key=lambda r: r["date"])
        due, came = len(rows), attended[subject.teacher_id]
        points = half_down(item.max_points * Decimal(came) / Decimal(due)) if due else Decimal("0")
        summary = f"{ctx.period.label}应参加活动{due}次,实到(计学时){came}次"
        result[subject.pk] = Proposal(points, summary, rows)
    return result


def _activities(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    from hts.activities.models import Activity

    params = item.params or {}
    per_activity = Decimal(str(params.get("per_activity", "1")))
    start, end = ctx.period.datetimes()
    links = Activity.presenters.through.objects.filter(
        teacher_id__in=ctx.teacher_ids, activity__starts_at__gte=start, activity__starts_at__lt=end
    )
    if params.get("kinds"):
        links = links.filter(activity__kind__in=params["kinds"])
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for teacher_id, title, starts_at in links.values_list(
        "teacher_id", "activity__title", "activity__starts_at"
    ).order_by("activity__starts_at"):
        rows[teacher_id].append({"title": title, "date": str(timezone.localtime(starts_at).date())})
    result = {}
    for subject in ctx.subjects:
        given = rows[subject.teacher_id]
        total = per_activity * len(given)
        points = cents(min(total, item.max_points))
        summary = f"{ctx.period.label}主讲或组织活动{len(given)}次,每次{_n(per_activity)}分"
        result[subject.pk] = Proposal(points, summary, given)
    return result


def _plans(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    from hts.archives.models import ArchiveItem, ItemKind

    kinds = archive_kinds((item.params or {}).get("kinds", []))
    labels = dict(ItemKind.choices)
    present: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    records = ArchiveItem.objects.filter(
        owner_teacher_id__in=ctx.teacher_ids,
        kind__in=kinds,
        date__range=(ctx.period.starts_on, ctx.period.ends_on),
    ).values_list("owner_teacher_id", "kind", "title", "date")
    for teacher_id, kind, title, date in records.order_by("date", "id"):
        present[teacher_id][kind].append({"kind": str(labels.get(kind, kind)), "title": title, "date": str(date)})
    result = {}
    for subject in ctx.subjects:
        have = present[subject.teacher_id]
        count = sum(1 for kind in kinds if have.get(kind))
        points = half_down(item.max_points * Decimal(count) / Decimal(len(kinds))) if kinds else Decimal("0")
        missing = "、".join(str(labels.get(k, k)) for k in kinds if not have.get(k))
        summary = f"{ctx.period.label}应有{len(kinds)}类材料，已有{count}类" + (f"（缺：{missing}）" if missing else "")
        rows = [row for kind in kinds for row in have.get(kind, [])]
        result[subject.pk] = Proposal(points, summary, rows)
    return result


def _democratic(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    """The mean mark of the round's ratings for this item, as a share of the rating's scale, × the item's
    maximum; a rating counts for a person only once it has ``min_responses`` responses (anonymity)."""
    from hts.evaluation.democratic.models import DemocraticRating, RatingResponse

    ratings = {r.pk: r for r in DemocraticRating.objects.filter(round=ctx.round, item=item)}
    if not ratings:
        return {}
    sums = (
        RatingResponse.objects.filter(rating_id__in=list(ratings), subject_id__in=[s.pk for s in ctx.subjects])
        .values("rating_id", "subject_id")
        .annotate(n=Count("id"), total=Sum("mark"))
    )
    by_subject: dict[int, list[tuple[DemocraticRating, int, int]]] = defaultdict(list)
    for row in sums:
        by_subject[row["subject_id"]].append((ratings[row["rating_id"]], row["n"], row["total"]))
    result = {}
    for subject in ctx.subjects:
        counted = 0
        share_sum = Decimal("0")
        rows = []
        for rating, n, total in by_subject.get(subject.pk, []):
            shown = n >= rating.min_responses
            rows.append(
                {
                    "audience": str(rating.get_audience_display()),
                    "responses": n,
                    "threshold": rating.min_responses,
                    "mean": _n(cents(Decimal(total) / n)) if shown else "",
                    "scale": rating.scale,
                }
            )
            if shown:
                counted += n
                share_sum += Decimal(total) / Decimal(rating.scale)
        if not counted:
            detail = ";".join(f"{r['audience']}{r['responses']}份" for r in rows) or "0份"
            threshold = min(r.min_responses for r in ratings.values())
            # No proposal: too few responses to show anything without identifying a rater.
            result[subject.pk] = Proposal(Decimal("-1"), f"民主测评回收{detail},不足{threshold}份,不提供建议分", rows)
            continue
        points = cents(item.max_points * share_sum / Decimal(counted))
        result[subject.pk] = Proposal(
            points, f"民主测评有效回收{counted}份,平均得分率{_n(cents(share_sum * 100 / counted))}%", rows
        )
    return result


# Apps above evaluation that record guidance a teacher gave (corps's mentoring pairs) register a source
# at start-up: (teacher ids, first day, last day) -> {teacher id: [rows, each with "hours" and "date"]},
# one or two queries for all the teachers.
GuidanceSource = Callable[[Sequence[int], dt.date, dt.date], dict[int, list[dict[str, Any]]]]
_GUIDANCE_SOURCES: dict[str, GuidanceSource] = {}


def register_guidance_source(name: str, source: GuidanceSource) -> None:
    """Idempotent: the same name again replaces the function (ready() may run twice)."""
    _GUIDANCE_SOURCES[name] = source


def _guidance(ctx: _Context, item: RubricItem) -> dict[int, Proposal]:
    """001 附件2 item 18 (培养和指导了青年教师): the hours of guidance the teacher gave in the period."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for _name, source in sorted(_GUIDANCE_SOURCES.items()):
        for teacher_id, rows in source(ctx.teacher_ids, ctx.period.starts_on, ctx.period.ends_on).items():
            found[teacher_id].extend(rows)
    wanted = (item.params or {}).get("hours")
    result = {}
    for subject in ctx.subjects:
        rows = sorted(found.get(subject.teacher_id, []), key=lambda row: row["date"])
        hours = sum((Decimal(str(row["hours"])) for row in rows), Decimal("0"))
        if wanted:
            points = min(item.max_points, half_down(item.max_points * hours / Decimal(str(wanted))))
            need = f",要求{_n(Decimal(str(wanted)))}学时"
        else:
            points = item.max_points if hours > 0 else Decimal("0")
            need = ""
        summary = f"{ctx.period.label}指导青年教师{len(rows)}次,共{_n(hours)}学时{need}"
        result[subject.pk] = Proposal(points, summary, rows)
    return result


COMPUTATIONS: dict[str, Callable[[_Context, RubricItem], dict[int, Proposal]]] = {
    Computation.STUDY_NOTES: _study_notes,
    Computation.RESEARCH: _research,
    Computation.HONOURS: _honours_item,
    Computation.TRAINING: _training,
    Computation.ACTIVITIES: _activities,
    Computation.PLANS: _plans,
    Computation.DEMOCRATIC: _democratic,
    Computation.GUIDANCE: _guidance,
    # 001 附件2 items 5, 6, 7, 9, 10, 11, 15 and 16, read from the class work log.
    **{name: evidence_classwork.compute_item for name in evidence_classwork.READERS},
}


def proposals_for(rnd: EvaluationRound, subjects: Sequence[Subject]) -> dict[tuple[int, int], Proposal]:
    """{(subject.pk, item.pk): Proposal} for every computed item of the round's rubric version.

    A democratic item below the anonymity threshold has no proposal (``compute`` also says why)."""
    proposals, _blocked = compute(rnd, subjects)
    return proposals


def compute(
    rnd: EvaluationRound, subjects: Sequence[Subject]
) -> tuple[dict[tuple[int, int], Proposal], dict[tuple[int, int], str]]:
    """The proposals, and {(subject.pk, item.pk): summary} of computed items without one (too few
    democratic-rating responses)."""
    proposals: dict[tuple[int, int], Proposal] = {}
    blocked: dict[tuple[int, int], str] = {}
    if not subjects:
        return proposals, blocked
    ctx = _Context(rnd, subjects)
    items = RubricItem.objects.filter(version_id=rnd.version_id, scoring=RubricItem.Scoring.COMPUTED).order_by("number")
    for item in items:
        compute = COMPUTATIONS.get(item.computation)
        if compute is None:
            continue
        for subject_pk, proposal in compute(ctx, item).items():
            if proposal.points < 0:
                blocked[(subject_pk, item.pk)] = proposal.summary
            else:
                proposals[(subject_pk, item.pk)] = proposal
    return proposals, blocked
