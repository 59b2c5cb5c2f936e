"""Reads for round pages, scoped to the user and with bounded queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from hts.accounts.access import can, get_scoped_or_404, require, scoped
from hts.accounts.models import User
from hts.accounts.permissions import principal_for
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.rubrics.models import RubricItem, RubricKind, RubricVersion
from hts.org.models import Region, School, Semester, Teacher
from hts.studios.models import Membership, Studio

ROUND_RELATED = ("version__rubric", "school_year", "semester", "school", "region", "studio")


def round_list(user: Any, *, period: str = "", status: str = "") -> QuerySet[EvaluationRound]:
    # A round an app above runs is listed on that app's pages, not here.
    qs = scoped(user, "evaluation.view", EvaluationRound.objects.filter(owner="").select_related(*ROUND_RELATED))
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


def round_rated_by(user: Any, uid: Any) -> EvaluationRound | None:
    """A round the user is (or was) a rater in, whatever its state: a notification or bookmark leads
    to its sheet after scoring has closed, and the rater is told so rather than shown a 404."""
    rater = Rater.objects.filter(round__uid=uid, user=user).select_related("round").first()
    return rater.round if rater is not None else None


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


# Organisers, people and raters a round may have ------------------------------------------------------

Organiser = School | Region | Studio


@dataclass(frozen=True)
class OrganiserOption:
    key: str  # "school:<pk>", "region:<pk>", "studio:<pk>"
    label: str
    obj: Any


def organisers_for(user: Any) -> list[OrganiserOption]:
    """Who the user may organise a round for: their schools, their bureaus' regions, the studios they host."""
    principal = principal_for(user)
    if not principal.can("evaluation.organise"):
        return []
    options: list[OrganiserOption] = []
    school_ids = principal.school_ids_for("evaluation.organise")
    for school in School.objects.filter(pk__in=school_ids).order_by("name"):
        options.append(OrganiserOption(f"school:{school.pk}", school.name, school))
    paths = principal.region_paths_for("evaluation.organise")
    for region in Region.objects.filter(path__in=paths).order_by("path"):
        options.append(OrganiserOption(f"region:{region.pk}", str(region), region))
    studio_ids = principal.studio_ids_for("evaluation.organise")
    for studio in Studio.objects.filter(pk__in=studio_ids).order_by("name"):
        options.append(OrganiserOption(f"studio:{studio.pk}", studio.name, studio))
    return options


def organiser_region(organiser: Organiser) -> Region:
    if isinstance(organiser, Region):
        return organiser
    if isinstance(organiser, School):
        return organiser.region
    return organiser.host_school.region


def rubric_kind_for(organiser: Organiser) -> str:
    return RubricKind.STUDIO_MEMBER if isinstance(organiser, Studio) else RubricKind.HEAD_TEACHER


def versions_for(organiser: Organiser, kind: str = "") -> Any:
    """Active rubric versions the organiser may use: built-in ones, their region's (or above), their school's;
    of the organiser's own kind unless ``kind`` asks for another (an appointment's speeches)."""
    from hts.org.calendar import lineage_paths

    region = organiser_region(organiser)
    owned = Q(rubric__region__path__in=lineage_paths(region.path))
    if isinstance(organiser, School):
        owned |= Q(rubric__school=organiser)
    elif isinstance(organiser, Studio):
        owned |= Q(rubric__school=organiser.host_school)
    return (
        RubricVersion.objects.filter(
            status=RubricVersion.Status.ACTIVE, rubric__kind=kind or rubric_kind_for(organiser)
        )
        .filter(owned | ~Q(rubric__builtin_code=""))
        .select_related("rubric__region", "rubric__school")
        .order_by("rubric__name", "-number")
    )


def missing_scores(rnd: EvaluationRound) -> list[tuple[str, int]]:
    """(rater name, number of scores missing) for each rater who has not scored every item of every person."""
    expected = rnd.subjects.count() * rnd.version.items.count()
    counted = {
        row["rater"]: row["n"]
        for row in Score.objects.filter(rater__round=rnd, subject__round=rnd).values("rater").annotate(n=Count("id"))
    }
    return [
        (rater.user.display_name, expected - counted.get(rater.pk, 0))
        for rater in rnd.raters.select_related("user")
        if counted.get(rater.pk, 0) < expected
    ]


def period_start(rnd: EvaluationRound) -> dt.date:
    if rnd.month:
        return rnd.month
    if rnd.semester_id:
        return rnd.semester.starts_on  # type: ignore[union-attr]
    return rnd.school_year.starts_on


def teachers_for(rnd: EvaluationRound) -> Any:
    """Teachers the organiser may add to the round by hand."""
    qs = Teacher.objects.select_related("school__region")
    if rnd.studio_id:
        return qs.filter(memberships__studio_id=rnd.studio_id, memberships__status=Membership.Status.ACTIVE).distinct()
    if rnd.school_id:
        return qs.filter(school_id=rnd.school_id)
    return qs.filter(school__region__path__startswith=rnd.region_path)


def self_raters(rnd: EvaluationRound) -> list[str]:
    """Names of the raters who are also evaluated in the round: no one rates themself (one query)."""
    return list(
        rnd.raters.filter(user__teacher_id__in=rnd.subjects.values("teacher_id"))
        .order_by("user__username")
        .values_list("user__teacher__name", flat=True)
    )


def rater_candidates(rnd: EvaluationRound, *, subjects_too: bool = False) -> Any:
    """Users who may rate the round: people of its schools or studio, and staff of its area; never one
    of the people it evaluates (no one rates themself), unless ``subjects_too`` (to name the refusal)."""
    from hts.accounts.models import RoleAssignment

    if rnd.studio_id:
        teacher_q = Q(teacher__memberships__studio_id=rnd.studio_id, teacher__memberships__status="active")
        staff_q = Q(pk__in=[])
    elif rnd.school_id:
        teacher_q = Q(teacher__school_id=rnd.school_id)
        staff_q = Q(pk__in=RoleAssignment.objects.active().filter(school_id=rnd.school_id).values("user_id"))
    else:
        teacher_q = Q(teacher__school__region__path__startswith=rnd.region_path)
        staff_q = Q(
            pk__in=RoleAssignment.objects.active()
            .filter(Q(region__path__startswith=rnd.region_path) | Q(school__region__path__startswith=rnd.region_path))
            .values("user_id")
        )
    users = User.objects.filter(is_active=True).filter(teacher_q | staff_q)
    if not subjects_too:
        users = users.exclude(teacher_id__in=rnd.subjects.values("teacher_id"))
    return users.distinct()


def rubric_maximum(version: RubricVersion) -> Decimal:
    return version.items.aggregate(total=Sum("max_points"))["total"] or Decimal(0)


def subject_maximum(rnd: EvaluationRound, subject: Subject) -> Decimal:
    """The highest total the person could reach: the rubric's, times the source rounds they were in."""
    maximum = rubric_maximum(rnd.version)
    if not is_summary(rnd):
        return maximum
    return maximum * Subject.objects.filter(round__in=rnd.sources.all(), teacher_id=subject.teacher_id).count()


def summary_sources(rnd: EvaluationRound, period: str = EvaluationRound.Period.SEMESTER) -> Any:
    """The published or final monthly rounds of the same organiser as `rnd` in its semester (for a
    semester summary) or its school year (for a yearly one, the same as summing its semesters)."""
    organiser = ("school_id", "region_id", "studio_id")
    same = {name: value for name in organiser if (value := getattr(rnd, name))}
    empty = {f"{name}__isnull": True for name in organiser if name not in same}
    if period == EvaluationRound.Period.YEARLY:
        same["school_year_id"] = rnd.school_year_id
    else:
        same["semester_id"] = rnd.semester_id
    return EvaluationRound.objects.filter(
        period=EvaluationRound.Period.MONTHLY, status__in=PUBLISHED, **same, **empty
    ).order_by("month")


def sheet_progress(rater: Rater) -> tuple[int, int]:
    """(scores given, scores needed) for the rater's whole sheet."""
    rnd = rater.round
    needed = rnd.subjects.count() * rnd.version.items.count()
    given = Score.objects.filter(rater=rater, subject__round=rnd).count()
    return given, needed


def summary_key(source: EvaluationRound, period: str) -> str:
    """The key of the `period` summary that `source` belongs to: its period, its organiser and its
    semester (or school year). Migration 0004 holds a frozen copy of this form."""
    kind, organiser = next(
        (kind, value)
        for kind, value in (("school", source.school_id), ("region", source.region_id), ("studio", source.studio_id))
        if value
    )
    within = source.school_year_id if period == EvaluationRound.Period.YEARLY else source.semester_id
    return f"{period}:{kind}:{organiser}:{within}"


def summary_missing_months(rnd: EvaluationRound) -> list[dt.date]:
    """The months of the summary's semester (or of its school year's semesters) without a source round,
    as first days of months (two queries)."""
    return summaries_missing_months([rnd]).get(rnd.pk, [])


def summaries_missing_months(rounds: Iterable[EvaluationRound]) -> dict[int, list[dt.date]]:
    """For each summary among `rounds` (a page of the list), the months it lacks, as above; two
    queries whatever the number of rounds, none when no round is a summary."""
    wanted = [r for r in rounds if r.period != EvaluationRound.Period.MONTHLY]
    if not wanted:
        return {}
    have: dict[int, set[dt.date]] = defaultdict(set)
    through = EvaluationRound.sources.through.objects.filter(from_evaluationround_id__in=[r.pk for r in wanted])
    for summary_id, month in through.values_list("from_evaluationround_id", "to_evaluationround__month"):
        if month is not None:
            have[summary_id].add(month)
    years = {r.school_year_id for r in wanted if r.semester_id is None and r.pk in have}
    by_year: dict[int, list[Semester]] = defaultdict(list)
    for semester in Semester.objects.filter(school_year_id__in=years).order_by("starts_on"):
        by_year[semester.school_year_id].append(semester)
    missing: dict[int, list[dt.date]] = {}
    for rnd in wanted:
        if rnd.pk not in have:
            continue  # a semester or yearly round scored directly, not a summary
        semesters = [rnd.semester] if rnd.semester is not None else by_year[rnd.school_year_id]
        months: list[dt.date] = []
        for semester in semesters:
            month = semester.starts_on.replace(day=1)
            while month <= semester.ends_on:
                if month not in have[rnd.pk] and month not in months:
                    months.append(month)
                month = (month + dt.timedelta(days=32)).replace(day=1)
        missing[rnd.pk] = months
    return missing


def is_summary(rnd: EvaluationRound) -> bool:
    return rnd.period != EvaluationRound.Period.MONTHLY and rnd.sources.exists()
