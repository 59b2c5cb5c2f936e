"""Reads of published results: a person's own evaluations, one result item by item, and the
objections of a round.

Who sees a result: the person themself once the round is published (``evaluation.own``, scoped to
themself), and the round's organisers and those above them (``evaluation.view`` through the Subject
scope lookups). Anyone else gets 404, the same as a missing result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from hts.accounts.permissions import principal_for
from hts.evaluation.publication.models import Correction, Objection
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.rounds.selectors import is_summary
from hts.evaluation.rubrics.models import RubricItem

VISIBLE_TO_SUBJECT = [EvaluationRound.Status.PUBLISHED, EvaluationRound.Status.FINAL]


def _subjects() -> QuerySet[Subject]:
    return Subject.objects.select_related("round", "round__version__rubric", "teacher", "school")


def my_subjects(user: Any) -> QuerySet[Subject]:
    """The signed-in teacher's results in published and final rounds, newest first (one query)."""
    teacher_id = getattr(user, "teacher_id", None)
    if teacher_id is None:
        return Subject.objects.none()
    return (
        _subjects()
        .filter(teacher_id=teacher_id, round__status__in=VISIBLE_TO_SUBJECT)
        .order_by("-round__school_year__starts_on", "-round__month", "-round__id")
    )


def viewer_is_subject(user: Any, subject: Subject) -> bool:
    return getattr(user, "teacher_id", None) == subject.teacher_id


def subject_get(user: Any, uid: Any) -> Subject:
    """The result if this user may see it, else 404. The person sees their own only once published."""
    principal = principal_for(user)
    allowed: Q | None = Q(pk__in=[])
    if principal.can("evaluation.view"):
        allowed = principal.scope_q("evaluation.view", Subject)
    if allowed is not None and principal.can("evaluation.own") and getattr(user, "teacher_id", None):
        allowed |= Q(teacher_id=user.teacher_id, round__status__in=VISIBLE_TO_SUBJECT)
    queryset = _subjects() if allowed is None else _subjects().filter(allowed)
    try:
        return queryset.get(uid=uid)
    except (Subject.DoesNotExist, ValueError):
        raise Http404 from None


def may_organise(user: Any, rnd: EvaluationRound) -> bool:
    principal = principal_for(user)
    if not principal.can("evaluation.organise"):
        return False
    return principal.scoped("evaluation.organise", EvaluationRound.objects.filter(pk=rnd.pk)).exists()


@dataclass
class SheetLine:
    item: RubricItem
    points: Decimal | None
    by_rater: list[Decimal | None]
    corrected: bool = False


@dataclass
class SheetSection:
    title: str
    max_points: Decimal
    lines: list[SheetLine] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((line.points or Decimal("0") for line in self.lines), Decimal("0"))


@dataclass
class ResultSheet:
    subject: Subject
    rater_labels: list[str]
    sections: list[SheetSection]
    corrections: list[Correction]
    objections: list[Objection]

    @property
    def max_total(self) -> Decimal:
        return sum((section.max_points for section in self.sections), Decimal("0"))


def result_sheet(subject: Subject, *, show_rater_names: bool) -> ResultSheet:
    """Item by item: section, item, maximum, combined points and each rater's points. Raters are
    "评委1", "评委2" … to the person evaluated (labels in rater order). Five queries."""
    items = list(RubricItem.objects.filter(version_id=subject.round.version_id).select_related("section"))
    results = {r.item_id: r.points for r in ItemResult.objects.filter(subject=subject)}
    raters = list(Rater.objects.filter(round_id=subject.round_id).select_related("user").order_by("id"))
    scores: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for item_id, rater_id, points in Score.objects.filter(subject=subject).values_list("item_id", "rater_id", "points"):
        scores[item_id][rater_id] = points
    corrections = list(
        Correction.objects.filter(subject=subject).select_related("item", "corrected_by").order_by("created_at")
    )
    objections = list(
        Objection.objects.filter(subject=subject).select_related("item", "decided_by").order_by("created_at")
    )
    corrected_items = {c.item_id for c in corrections}
    sections: dict[int, SheetSection] = {}
    for item in items:
        section = sections.setdefault(
            item.section_id, SheetSection(title=item.section.title, max_points=item.section.max_points)
        )
        section.lines.append(
            SheetLine(
                item=item,
                points=results.get(item.pk),
                by_rater=[scores[item.pk].get(r.pk) for r in raters],
                corrected=item.pk in corrected_items,
            )
        )
    if show_rater_names:
        labels = [r.user.display_name or r.user.get_username() for r in raters]
    else:
        labels = [f"评委{number}" for number in range(1, len(raters) + 1)]
    return ResultSheet(
        subject=subject,
        rater_labels=labels,
        sections=list(sections.values()),
        corrections=corrections,
        objections=objections,
    )


def round_get(user: Any, uid: Any, *, action: str) -> EvaluationRound:
    principal = principal_for(user)
    queryset = principal.scoped(action, EvaluationRound.objects.select_related("version__rubric"))
    try:
        return queryset.get(uid=uid)
    except (EvaluationRound.DoesNotExist, ValueError):
        raise Http404 from None


def round_objections(rnd: EvaluationRound) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(subject__round=rnd)
        .select_related("subject__teacher", "subject__school", "item", "decided_by")
        .order_by("status", "created_at")
    )


def objection_get(user: Any, uid: Any) -> Objection:
    """An objection for the person who raised it, or anyone who may see the result it is about."""
    try:
        objection = Objection.objects.select_related("subject", "item", "decided_by").get(uid=uid)
    except (Objection.DoesNotExist, ValueError):
        raise Http404 from None
    # Same rule as the result itself (404 outside it).
    objection.subject = subject_get(user, objection.subject.uid)
    return objection


def item_maximum(rnd: EvaluationRound, subject: Subject, item: RubricItem) -> Decimal:
    """An item's highest points for the person: in a summary round, times the rounds they were in."""
    if not is_summary(rnd):
        return item.max_points
    return item.max_points * Subject.objects.filter(round__in=rnd.sources.all(), teacher_id=subject.teacher_id).count()
