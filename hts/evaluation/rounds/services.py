"""Writes for evaluation rounds: creating a round with its people and raters, opening it, scoring,
closing it (combining the raters) and publishing it with rankings.

Every write checks the action and the round's scope, runs in a transaction, audits with a dotted name
and logs workflow transitions. Each transition has a guard ``can_<verb>(rnd, user) -> (bool, reason)``
that the pages use to show the button and the service uses to refuse (guards.py); the reads the
pages and these services share are in selectors.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.models import User
from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.evaluation import notices
from hts.evaluation.rounds import combine
from hts.evaluation.rounds.evidence import proposals_for
from hts.evaluation.rounds.guards import (
    can_close,
    can_edit,
    can_open,
    can_organise,
    can_publish,
    can_score,
    can_score_subject,
)
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.rounds.selectors import (
    Organiser,
    is_summary,
    organiser_region,
    organisers_for,
    period_start,
    rater_candidates,
    rubric_maximum,
    sheet_progress,
    subject_maximum,
    teachers_for,
    versions_for,
)
from hts.evaluation.rubrics.models import RubricItem
from hts.org.models import HeadTeacherService, Teacher
from hts.studios.models import Membership

Status = EvaluationRound.Status


def _refuse_unless(guard: tuple[bool, str], *, permission: bool = False) -> None:
    ok, reason = guard
    if not ok:
        raise (PermissionDenied(reason) if permission else TransitionRefused(reason))


# Creating a round -----------------------------------------------------------------------------------------

ROUND_FIELDS = [
    "title", "period", "school_year", "semester", "month", "version", "combination", "objection_days",
    "excellent_from", "pass_from",
]  # fmt: skip


@transaction.atomic
def round_create(
    *, actor: Any, organiser: Organiser, data: Mapping[str, Any], owner: str = "", kind: str = ""
) -> EvaluationRound:
    """``owner`` names the app above that runs the round through its own pages (evaluation's lists
    leave it out and do not publish it); ``kind`` the kind of rubric it scores on, if not the
    organiser's own."""
    keys = {option.key for option in organisers_for(actor)}
    key = f"{type(organiser).__name__.lower()}:{organiser.pk}"
    if key not in keys:
        raise PermissionDenied(_("You may not organise rounds for %(name)s.") % {"name": organiser})
    errors: dict[str, str] = {}
    version = data["version"]
    if not versions_for(organiser, kind).filter(pk=version.pk).exists():
        errors["version"] = _("This rubric is not available to %(name)s.") % {"name": organiser}
    period = data["period"]
    semester = data.get("semester")
    month = data.get("month")
    year = data["school_year"]
    if period in (EvaluationRound.Period.MONTHLY, EvaluationRound.Period.SEMESTER) and semester is None:
        errors["semester"] = _("Choose the semester.")
    if semester is not None and semester.school_year_id != year.pk:
        errors["semester"] = _("The semester is not in the chosen school year.")
    if period == EvaluationRound.Period.MONTHLY:
        if month is None:
            errors["month"] = _("Choose the month.")
        elif semester is not None and not (
            semester.starts_on.replace(day=1) <= month.replace(day=1) <= semester.ends_on
        ):
            errors["month"] = _("The month is not in the chosen semester.")
    if data["pass_from"] > data["excellent_from"]:
        errors["pass_from"] = _("The pass mark cannot be above the mark for excellent.")
    if errors:
        raise ValidationError(errors)
    rnd = EvaluationRound(
        **{name: data.get(name) for name in ROUND_FIELDS},
        region_path=organiser_region(organiser).path,
        owner=owner,
        created_by=actor,
    )
    if period != EvaluationRound.Period.MONTHLY:
        rnd.month = None
    elif month is not None:
        rnd.month = month.replace(day=1)
    if period == EvaluationRound.Period.YEARLY:
        rnd.semester = None
    setattr(rnd, {"school": "school", "region": "region", "studio": "studio"}[key.split(":")[0]], organiser)
    rnd.full_clean()
    rnd.save()
    audit_record(actor=actor, action="evaluation.round.created", target=rnd, changes={"title": [None, rnd.title]})
    log_transition(target=rnd, from_state="", to_state=rnd.status, actor=actor)
    return rnd


def _new_subject(rnd: EvaluationRound, teacher: Teacher, membership: Membership | None = None) -> Subject:
    return Subject(
        round=rnd,
        teacher=teacher,
        membership=membership,
        school=teacher.school,
        district_path=teacher.school.region.path,
    )


@transaction.atomic
def subjects_fill(*, actor: Any, rnd: EvaluationRound) -> int:
    """Adds everyone the organiser evaluates: a school's (or a bureau's schools') current head teachers,
    or a studio's active members. Returns how many were added."""
    _refuse_unless(can_edit(rnd, actor))
    existing = set(rnd.subjects.values_list("teacher_id", flat=True))
    new: list[Subject] = []
    if rnd.studio_id:
        for membership in Membership.objects.filter(
            studio_id=rnd.studio_id, role=Membership.Role.MEMBER, status=Membership.Status.ACTIVE, teacher__isnull=False
        ).select_related("teacher__school__region"):
            if membership.teacher_id is not None and membership.teacher_id not in existing:
                existing.add(membership.teacher_id)
                new.append(_new_subject(rnd, membership.teacher, membership))  # type: ignore[arg-type]
    else:
        services = HeadTeacherService.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=period_start(rnd))
        ).select_related("teacher__school__region")
        if rnd.school_id:
            services = services.filter(school_id=rnd.school_id)
        else:
            services = services.filter(school__region__path__startswith=rnd.region_path)
        for service in services.order_by("teacher__name", "teacher_id"):
            if service.teacher_id not in existing:
                existing.add(service.teacher_id)
                new.append(_new_subject(rnd, service.teacher))
    Subject.objects.bulk_create(new)
    if new:
        audit_record(actor=actor, action="evaluation.round.subjects_filled", target=rnd, changes={"added": len(new)})
    return len(new)


def _find_one(qs: Any, query: str, field: str) -> Any:
    query = query.strip()
    matches = list(qs[:6]) if query else []
    if not matches:
        raise ValidationError({field: _("No one matches “%(query)s”.") % {"query": query}})
    if len(matches) > 1:
        names = "、".join(str(m) for m in matches[:5])
        raise ValidationError(
            {
                field: _("Several people match “%(query)s”: %(names)s. Be more precise.")
                % {"query": query, "names": names}
            }
        )
    return matches[0]


@transaction.atomic
def subject_add(*, actor: Any, rnd: EvaluationRound, query: str) -> Subject:
    """Adds one teacher, found by exact name or mobile among those the round may evaluate."""
    _refuse_unless(can_edit(rnd, actor))
    teacher = _find_one(teachers_for(rnd).filter(Q(name=query.strip()) | Q(mobile=query.strip())), query, "teacher")
    if rnd.subjects.filter(teacher=teacher).exists():
        raise ValidationError({"teacher": _("%(name)s is already in the round.") % {"name": teacher}})
    if rnd.raters.filter(user__teacher=teacher).exists():
        raise ValidationError(
            {
                "teacher": _("%(name)s rates this round and cannot be evaluated in it: no one rates themself.")
                % {"name": teacher}
            }
        )
    membership = None
    if rnd.studio_id:
        membership = Membership.objects.filter(
            studio_id=rnd.studio_id, teacher=teacher, status=Membership.Status.ACTIVE
        ).first()
    subject = _new_subject(rnd, teacher, membership)
    subject.save()
    audit_record(actor=actor, action="evaluation.subject.added", target=rnd, changes={"teacher": [None, teacher.name]})
    return subject


@transaction.atomic
def subject_remove(*, actor: Any, subject: Subject) -> None:
    rnd = subject.round
    _refuse_unless(can_edit(rnd, actor))
    name = subject.teacher.name
    subject.delete()
    audit_record(actor=actor, action="evaluation.subject.removed", target=rnd, changes={"teacher": [name, None]})


@transaction.atomic
def rater_add(*, actor: Any, rnd: EvaluationRound, query: str) -> Rater:
    """Adds one rater, found by exact username or full name within the round's area."""
    _refuse_unless(can_edit(rnd, actor))
    q = query.strip()
    user = _find_one(rater_candidates(rnd, subjects_too=True).filter(Q(username=q) | Q(full_name=q)), query, "user")
    if user.teacher_id is not None and rnd.subjects.filter(teacher_id=user.teacher_id).exists():
        raise ValidationError(
            {
                "user": _("%(name)s is evaluated in this round and cannot rate it: no one rates themself.")
                % {"name": user.display_name}
            }
        )
    if rnd.raters.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s is already a rater.") % {"name": user.display_name}})
    rater = Rater.objects.create(round=rnd, user=user)
    audit_record(actor=actor, action="evaluation.rater.added", target=rnd, changes={"rater": [None, user.username]})
    return rater


@transaction.atomic
def rater_remove(*, actor: Any, rater: Rater) -> None:
    rnd = rater.round
    _refuse_unless(can_edit(rnd, actor))
    username = rater.user.username
    rater.delete()
    audit_record(actor=actor, action="evaluation.rater.removed", target=rnd, changes={"rater": [username, None]})


# Transitions ----------------------------------------------------------------------------------------------


def _transition(rnd: EvaluationRound, actor: Any, expected: str, new: str, **fields: Any) -> None:
    """Moves the round with one conditional UPDATE; of two concurrent requests only one wins."""
    if not claim(EvaluationRound, pk=rnd.pk, expected=expected, new=new, updated_at=timezone.now(), **fields):
        raise TransitionRefused(stale_message())
    old = rnd.status
    rnd.status = new
    for name, value in fields.items():
        setattr(rnd, name, value)
    log_transition(target=rnd, from_state=old, to_state=new, actor=actor)
    audit_record(actor=actor, action=f"evaluation.round.{_VERBS[new]}", target=rnd, changes={"status": [old, new]})


_VERBS: dict[str, str] = {
    Status.OPEN: "opened",
    Status.CLOSED: "closed",
    Status.PUBLISHED: "published",
    Status.FINAL: "finalised",
}


@transaction.atomic
def round_open(*, actor: Any, rnd: EvaluationRound) -> EvaluationRound:
    _refuse_unless(can_organise(rnd, actor), permission=True)
    _refuse_unless(can_open(rnd, actor))
    _transition(rnd, actor, Status.DRAFT, Status.OPEN)
    notices.round_opened(rnd)
    return rnd


@transaction.atomic
def round_close(*, actor: Any, rnd: EvaluationRound) -> EvaluationRound:
    """Combines the raters' scores (or sums the sources of a summary round) into item results,
    totals and grades. A round closed twice concurrently: the second is refused."""
    _refuse_unless(can_organise(rnd, actor), permission=True)
    summary = is_summary(rnd)
    _refuse_unless(can_close(rnd, actor))
    _transition(rnd, actor, Status.DRAFT if summary else Status.OPEN, Status.CLOSED)
    if summary:
        _sum_sources(rnd)
    else:
        _combine_scores(rnd)
    return rnd


def _combine_scores(rnd: EvaluationRound) -> None:
    by_cell: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for subject_id, item_id, points in Score.objects.filter(subject__round=rnd, rater__round=rnd).values_list(
        "subject_id", "item_id", "points"
    ):
        by_cell[(subject_id, item_id)].append(points)
    results = [
        ItemResult(
            subject_id=subject_id,
            item_id=item_id,
            points=combine.combine(rnd.combination, points),
            raters=len(points),
        )
        for (subject_id, item_id), points in by_cell.items()
    ]
    _write_results(rnd, results, maximum_per_subject=None)


def _sum_sources(rnd: EvaluationRound) -> None:
    """001 10: monthly results sum into the semester, semesters into the year. Each person's items are
    summed over the source rounds they were in; their maximum is the rubric's times that number.

    Set-based, because a city's yearly round sums 12 months × 40,000 people × 23 items (make bench):
    one INSERT … SELECT … GROUP BY writes the item results, one UPDATE the totals, and the grades are
    set per group of people with the same number of source rounds."""
    from django.db import connection

    ItemResult.objects.filter(subject__round=rnd).delete()
    item_results = connection.ops.quote_name(ItemResult._meta.db_table)
    subjects = connection.ops.quote_name(Subject._meta.db_table)
    sources = connection.ops.quote_name(EvaluationRound.sources.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {item_results} (subject_id, item_id, points, raters)"  # noqa: S608 (table names from the models)
            f" SELECT summary.id, source_result.item_id, SUM(source_result.points), COUNT(*)"
            f" FROM {item_results} source_result"
            f" JOIN {subjects} source ON source.id = source_result.subject_id"
            f" JOIN {subjects} summary ON summary.teacher_id = source.teacher_id AND summary.round_id = %s"
            f" WHERE source.round_id IN (SELECT to_evaluationround_id FROM {sources} WHERE from_evaluationround_id = %s)"
            f" GROUP BY summary.id, source_result.item_id",
            [rnd.pk, rnd.pk],
        )
    totals = ItemResult.objects.filter(subject=models.OuterRef("pk")).values("subject").annotate(total=Sum("points"))
    Subject.objects.filter(round=rnd).update(total=Coalesce(models.Subquery(totals.values("total")), Decimal(0)))
    rounds_in = (
        Subject.objects.filter(round__in=rnd.sources.all(), teacher=models.OuterRef("teacher"))
        .values("teacher")
        .annotate(n=Count("round", distinct=True))
        .values("n")
    )
    maximum = rubric_maximum(rnd.version)
    by_grade: dict[str, list[int]] = defaultdict(list)
    for pk, total, times in (
        Subject.objects.filter(round=rnd).annotate(times=models.Subquery(rounds_in)).values_list("pk", "total", "times")
    ):
        grade = combine.grade_for(
            total or Decimal(0), maximum * (times or 0), excellent_from=rnd.excellent_from, pass_from=rnd.pass_from
        )
        by_grade[grade].append(pk)
    for grade, pks in by_grade.items():
        for start in range(0, len(pks), 5000):
            Subject.objects.filter(pk__in=pks[start : start + 5000]).update(grade=grade)


def _write_results(
    rnd: EvaluationRound, results: list[ItemResult], *, maximum_per_subject: dict[int, int] | None
) -> None:
    ItemResult.objects.filter(subject__round=rnd).delete()
    ItemResult.objects.bulk_create(results, batch_size=2000)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for result in results:
        totals[result.subject_id] += result.points
    maximum = rubric_maximum(rnd.version)
    subjects = list(rnd.subjects.all())
    for subject in subjects:
        subject.total = totals.get(subject.pk, Decimal(0))
        times = 1 if maximum_per_subject is None else maximum_per_subject.get(subject.pk, 0)
        subject.grade = combine.grade_for(
            subject.total, maximum * times, excellent_from=rnd.excellent_from, pass_from=rnd.pass_from
        )
    Subject.objects.bulk_update(subjects, ["total", "grade"], batch_size=2000)


@transaction.atomic
def round_publish(*, actor: Any, rnd: EvaluationRound) -> EvaluationRound:
    """Ranks within each school and each district (1, 2, 2, 4), starts the objection period and tells
    every person evaluated, after the commit."""
    _refuse_unless(can_organise(rnd, actor), permission=True)
    _refuse_unless(can_publish(rnd, actor))
    today = timezone.localdate()
    _transition(
        rnd,
        actor,
        Status.CLOSED,
        Status.PUBLISHED,
        published_at=timezone.now(),
        objections_until=today + dt.timedelta(days=rnd.objection_days),
    )
    subjects_rank(rnd)
    _notify_published(rnd, rnd.subjects.values_list("teacher_id", flat=True))
    return rnd


def subjects_rank(rnd: EvaluationRound) -> None:
    """Ranks within each school and each district, highest total first, ties sharing a place (1, 2, 2, 4).

    Two UPDATEs with a RANK() window (SQLite ≥ 3.33 and PostgreSQL), because a city's round ranks
    40,000 people (make bench); corrections rank the round again the same way."""
    from django.db import connection

    table = connection.ops.quote_name(Subject._meta.db_table)
    with connection.cursor() as cursor:
        for field, partition in (("rank_in_school", "school_id"), ("rank_in_district", "district_path")):
            cursor.execute(
                f"UPDATE {table} SET {field} = ranked.place FROM ("  # noqa: S608 (names from the model, not input)
                f" SELECT id, RANK() OVER (PARTITION BY {partition} ORDER BY COALESCE(total, 0) DESC) AS place"
                f" FROM {table} WHERE round_id = %s) AS ranked WHERE {table}.id = ranked.id",
                [rnd.pk],
            )


def subject_grade_refresh(rnd: EvaluationRound, subject: Subject) -> None:
    subject.grade = combine.grade_for(
        subject.total or Decimal(0),
        subject_maximum(rnd, subject),
        excellent_from=rnd.excellent_from,
        pass_from=rnd.pass_from,
    )
    subject.save(update_fields=["grade", "updated_at"])


def _notify_published(rnd: EvaluationRound, teacher_ids: Iterable[int]) -> None:
    from hts.notifications.services import Message, notifications_send

    title = _("Results of “%(title)s” are published; objections until %(date)s.") % {
        "title": rnd.title,
        "date": rnd.objections_until,
    }
    url = reverse("evaluation-round-result", kwargs={"uid": rnd.uid})
    users = list(User.objects.filter(teacher_id__in=list(teacher_ids), is_active=True))
    messages = [
        Message(recipient=user, title=title, url=url, dedupe_key=f"evaluation.published.{rnd.uid}") for user in users
    ]
    transaction.on_commit(lambda: notifications_send(messages))


# Scoring --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    points: Decimal | None
    reason: str = ""


def field_name(item: RubricItem) -> str:
    return f"item_{item.pk}"


@transaction.atomic
def scores_save(*, actor: Any, rater: Rater, subject: Subject, entries: Mapping[int, Entry]) -> int:
    """Writes one rater's points for one person (blank entries are left unscored). A score above the
    item's maximum or negative is refused; one that differs from the proposal needs a reason. Every
    change is kept in the score history. Returns the number of scores changed."""
    rnd = subject.round
    if rater.user_id != actor.pk:
        raise PermissionDenied(_("You are not a rater of this round."))
    _refuse_unless(can_score(rnd, rater))
    _refuse_unless(can_score_subject(rater, subject), permission=True)
    _hold_open_round(rnd)
    items = list(rnd.version.items.all())
    proposals = proposals_for(rnd, [subject])
    existing = {s.item_id: s for s in Score.objects.filter(rater=rater, subject=subject)}
    errors: dict[str, list[str]] = defaultdict(list)
    writes: list[Score] = []
    for item in items:
        entry = entries.get(item.pk)
        if entry is None or entry.points is None:
            continue
        name = field_name(item)
        if entry.points < 0:
            errors[name].append(_("A score cannot be negative."))
            continue
        if entry.points > item.max_points:
            errors[name].append(_("At most %(max)s points for this item.") % {"max": combine.to_cent(item.max_points)})
            continue
        proposal = proposals.get((subject.pk, item.pk))
        reason = entry.reason.strip()
        if proposal is not None and entry.points != proposal.points and not reason:
            errors[f"reason_{item.pk}"].append(
                _("The records propose %(points)s: give a reason for a different score.") % {"points": proposal.points}
            )
            continue
        score = existing.get(item.pk) or Score(rater=rater, subject=subject, item=item)
        if score.pk and score.points == entry.points and score.reason == reason:
            continue
        score.points = entry.points
        score.reason = reason if proposal is None or entry.points != proposal.points else ""
        if proposal is not None:
            score.proposed = proposal.points
            score.evidence = proposal.as_evidence()
        writes.append(score)
    if errors:
        raise ValidationError(dict(errors))
    for score in writes:
        score.save()  # one by one: each change goes into the history
    if writes:
        audit_record(
            actor=actor,
            action="evaluation.scores.saved",
            target=subject,
            target_label=f"{subject.teacher.name} · {rnd.title}",
            changes={"scores": len(writes)},
        )
    return len(writes)


def _hold_open_round(rnd: EvaluationRound) -> None:
    """Takes the round's row for the rest of the transaction, or refuses once it has left 'open'.

    Closing moves the round with a conditional UPDATE and then reads every score. A score saved
    by a rater who loaded the sheet before the close must land either before that UPDATE (and be
    counted) or not at all: this no-op UPDATE waits on PostgreSQL's row lock (SQLite serialises the
    writing transactions anyway) and then matches only a round that is still open."""
    if not EvaluationRound.objects.filter(pk=rnd.pk, status=Status.OPEN).update(status=F("status")):
        raise TransitionRefused(_("The round is being closed; scores can no longer be changed."))


@transaction.atomic
def sheet_submit(*, actor: Any, rater: Rater) -> Rater:
    rnd = rater.round
    if rater.user_id != actor.pk:
        raise PermissionDenied(_("You are not a rater of this round."))
    _refuse_unless(can_score(rnd, rater))
    _hold_open_round(rnd)
    given, needed = sheet_progress(rater)
    if given < needed:
        raise TransitionRefused(
            _("%(missing)s of %(needed)s scores are still missing.") % {"missing": needed - given, "needed": needed}
        )
    rater.submitted_at = timezone.now()
    rater.save(update_fields=["submitted_at"])
    audit_record(actor=actor, action="evaluation.sheet.submitted", target=rnd)
    return rater
