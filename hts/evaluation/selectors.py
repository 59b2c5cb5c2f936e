"""Reads for round pages, scoped to the user and with bounded queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hts.accounts.access import can, get_scoped_or_404, require, scoped
from hts.accounts.permissions import principal_for
from hts.evaluation.models import EvaluationRound, ItemResult, Rater, RubricItem, Score, Subject

ROUND_RELATED = ("version__rubric", "school_year", "semester", "school", "region", "studio")


def round_list(user: Any, *, period: str = "", status: str = "") -> QuerySet[EvaluationRound]:
    qs = scoped(user, "evaluation.view", EvaluationRound.objects.select_related(*ROUND_RELATED))
    if period in EvaluationRound.Period.values:
        qs = qs.filter(period=period)
    if status in EvaluationRound.Status.values:
        qs = qs.filter(status=status)
    return qs.annotate(subject_count=Count("subjects", distinct=True)).order_by(
        "-school_year__starts_on", "-semester__starts_on", "-month", "-id"
    )


def round_get(user: Any, uid: Any, action: str = "evaluation.view") -> EvaluationRound:
    return get_scoped_or_404(user, action, EvaluationRound.objects.select_related(*ROUND_RELATED), uid=uid)


def round_summary_sources(user: Any) -> list[dict[str, Any]]:
    """What the list page offers to sum (001 10): for each organiser and semester with published
    monthly rounds, its semester summary if there is none yet, and its school year's summary if
    there is none yet. Each offer is {"source": a monthly round, "semester": bool, "yearly": bool}.

    Queries: the summaries that exist, and the latest 200 published monthly rounds."""
    principal = principal_for(user)
    if not principal.can("evaluation.organise"):
        return []
    scoped = principal.scoped("evaluation.organise", EvaluationRound.objects.all())
    done: set[tuple[Any, ...]] = set()
    for period, school, region, studio, semester, year in scoped.filter(
        period__in=[EvaluationRound.Period.SEMESTER, EvaluationRound.Period.YEARLY], sources__isnull=False
    ).values_list("period", "school_id", "region_id", "studio_id", "semester_id", "school_year_id"):
        done.add((period, school, region, studio, semester if period == EvaluationRound.Period.SEMESTER else year))
    monthly = scoped.filter(
        period=EvaluationRound.Period.MONTHLY,
        status__in=[EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL],
    ).select_related("school_year", "semester", "school", "region", "studio")
    offers: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    yearly_offered: set[tuple[Any, ...]] = set()
    for rnd in monthly.order_by("-month")[:200]:
        organiser = (rnd.school_id, rnd.region_id, rnd.studio_id)
        if (*organiser, rnd.semester_id) in seen:
            continue
        seen.add((*organiser, rnd.semester_id))
        semester = ("semester", *organiser, rnd.semester_id) not in done
        yearly = ("yearly", *organiser, rnd.school_year_id) not in done and (
            *organiser,
            rnd.school_year_id,
        ) not in yearly_offered
        if yearly:
            yearly_offered.add((*organiser, rnd.school_year_id))
        if semester or yearly:
            offers.append({"source": rnd, "semester": semester, "yearly": yearly})
    return offers


def raters_with_progress(rnd: EvaluationRound) -> list[dict[str, Any]]:
    """Each rater with the number of scores given out of those needed (two queries)."""
    needed = rnd.subjects.count() * rnd.version.items.count()
    raters = rnd.raters.select_related("user").annotate(given=Count("scores", filter=Q(scores__subject__round=rnd)))
    return [{"rater": r, "given": r.given, "needed": needed} for r in raters]


def round_subjects(rnd: EvaluationRound) -> QuerySet[Subject]:
    return rnd.subjects.select_related("teacher", "school").order_by("rank_in_district", "teacher__name", "id")


def rater_for(user: Any, rnd: EvaluationRound) -> Rater | None:
    return Rater.objects.filter(round=rnd, user=user).first()


def sheet_round_get(user: Any, uid: Any) -> tuple[EvaluationRound, Rater]:
    """A round the user rates, while it is open; 404 for everyone else (same as a missing round)."""
    require(user, "evaluation.rate")
    rater = (
        Rater.objects.filter(round__uid=uid, user=user, round__status=EvaluationRound.Status.OPEN)
        .select_related(*(f"round__{name}" for name in ROUND_RELATED))
        .first()
    )
    if rater is None:
        raise Http404
    return rater.round, rater


def my_sheets(user: Any) -> list[Rater]:
    """The open rounds the user rates, with their progress."""
    return list(
        Rater.objects.filter(user=user, round__status=EvaluationRound.Status.OPEN)
        .select_related("round__version__rubric")
        .order_by("-round__created_at")
    )


@dataclass
class SheetRow:
    item: RubricItem
    score: Score | None
    proposal: Any


def sheet_subjects(rnd: EvaluationRound, rater: Rater) -> list[dict[str, Any]]:
    """Every person of the round with how many items this rater has scored (two queries)."""
    items = rnd.version.items.count()
    given = dict(
        Score.objects.filter(rater=rater, subject__round=rnd)
        .values("subject")
        .annotate(n=Count("id"))
        .values_list("subject", "n")
    )
    return [
        {"subject": s, "given": given.get(s.pk, 0), "needed": items}
        for s in rnd.subjects.select_related("teacher", "school").order_by("teacher__name", "id")
    ]


def sheet_items(rnd: EvaluationRound) -> list[RubricItem]:
    return list(rnd.version.items.select_related("section").order_by("number"))


def scores_of(rater: Rater, subject: Subject) -> dict[int, Score]:
    return {s.item_id: s for s in Score.objects.filter(rater=rater, subject=subject)}


# Published results --------------------------------------------------------------------------------------

PUBLISHED = (EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL)


def published_result(user: Any, uid: Any) -> dict[str, Any]:
    """The published ranking of a round: the organiser's view (every school, by district), or a person's
    own view (their school's table only: names, totals and ranks). 404 for anyone else.

    Queries: the round, the scope check, the viewer's own subject; the view pages the ranking rows."""
    rnd = EvaluationRound.objects.select_related(*ROUND_RELATED).filter(uid=uid, status__in=PUBLISHED).first()
    if rnd is None:
        raise Http404
    if can(user, "evaluation.view", rnd):
        rows = round_subjects(rnd)
        return {"round": rnd, "rows": rows, "own": None, "full": True}
    teacher_id = getattr(user, "teacher_id", None)
    own = (
        Subject.objects.filter(round=rnd, teacher_id=teacher_id).select_related("school").first()
        if teacher_id
        else None
    )
    if own is None:
        raise Http404
    rows = (
        rnd.subjects.filter(school_id=own.school_id)
        .select_related("teacher")
        .order_by("rank_in_school", "teacher__name", "id")
    )
    return {"round": rnd, "rows": rows, "own": own, "full": False}


def score_sheet_rows(rnd: EvaluationRound) -> list[list[Any]]:
    """Every rater × person × item of the round, for the Excel export (one query)."""
    return [
        [rater, teacher, school, number, text[:60], points, proposed, reason]
        for rater, teacher, school, number, text, points, proposed, reason in Score.objects.filter(
            subject__round=rnd, rater__round=rnd
        )
        .order_by("rater__id", "subject__teacher__name", "subject_id", "item__number")
        .values_list(
            "rater__user__full_name",
            "subject__teacher__name",
            "subject__school__name",
            "item__number",
            "item__text",
            "points",
            "proposed",
            "reason",
        )
    ]


def item_results_of(rnd: EvaluationRound) -> dict[int, dict[int, Decimal]]:
    grid: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for subject_id, number, points in ItemResult.objects.filter(subject__round=rnd).values_list(
        "subject_id", "item__number", "points"
    ):
        grid[subject_id][number] = points
    return grid
