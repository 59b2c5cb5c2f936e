"""Writes for summary rounds (001 10: monthly results sum into the semester and into the school year).

One summary per organiser and period: the key (selectors.summary_key) is unique in the database, so
twenty requests at once make one summary and the other nineteen are told where it is (issue 13, 3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, log_transition
from hts.evaluation.rounds.guards import can_organise
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.evaluation.rounds.selectors import summary_key, summary_sources


class SummaryExists(TransitionRefused):
    """The organiser already has this summary; `existing` is it."""

    def __init__(self, existing: EvaluationRound) -> None:
        self.existing = existing
        super().__init__(_("“%(title)s” already exists.") % {"title": existing.title})


@transaction.atomic
def summary_round_create(
    *, actor: Any, source: EvaluationRound, period: str = EvaluationRound.Period.SEMESTER
) -> EvaluationRound:
    """The semester or yearly summary of `source`'s period (001 10): a draft round without raters whose
    people are everyone in its monthly rounds; closing it sums their results."""
    allowed, reason = can_organise(source, actor)
    if not allowed:
        raise PermissionDenied(reason)
    if period not in (EvaluationRound.Period.SEMESTER, EvaluationRound.Period.YEARLY):
        raise ValidationError({"period": _("A summary covers a semester or a school year.")})
    key = summary_key(source, period)
    existing = EvaluationRound.objects.filter(summary_key=key).first()
    if existing is not None:
        raise SummaryExists(existing)
    yearly = period == EvaluationRound.Period.YEARLY
    sources = list(summary_sources(source, period).select_related("version"))
    if not sources:
        raise TransitionRefused(_("There is no published monthly round in this period."))
    versions = {s.version_id for s in sources}
    if len(versions) > 1:
        raise TransitionRefused(_("The monthly rounds of this period use different rubrics and cannot be summed."))
    semester = None if yearly else source.semester
    if yearly:
        title = _("%(year)s yearly summary") % {"year": source.school_year}
    else:
        title = _("%(semester)s summary") % {"semester": f"{source.school_year} {semester.get_kind_display()}"}  # type: ignore[union-attr]
    try:
        # A savepoint: when a concurrent request inserted the key first, this one reads theirs.
        with transaction.atomic():
            rnd = EvaluationRound.objects.create(
                title=title,
                period=period,
                school_year=source.school_year,
                semester=semester,
                school=source.school,
                region=source.region,
                studio=source.studio,
                region_path=source.region_path,
                version=sources[0].version,
                combination=source.combination,
                objection_days=source.objection_days,
                excellent_from=source.excellent_from,
                pass_from=source.pass_from,
                created_by=actor,
                summary_key=key,
            )
    except IntegrityError:
        raise SummaryExists(EvaluationRound.objects.get(summary_key=key)) from None
    rnd.sources.set(sources)
    # One row per person, from their latest source round (where they were last: school, district).
    # Read round by round in month order: a city's year is 12 × 40,000 rows (make bench), and one
    # query ordered across rounds would sort them all.
    latest: dict[int, tuple[Any, ...]] = {}
    for source_round in sorted(sources, key=lambda r: (r.month or dt.date.min, r.pk)):
        for row in (
            Subject.objects.filter(round=source_round)
            .values_list("teacher_id", "membership_id", "school_id", "district_path")
            .iterator(chunk_size=10_000)
        ):
            latest[row[0]] = row
    Subject.objects.bulk_create(
        (
            Subject(round=rnd, teacher_id=teacher, membership_id=membership, school_id=school, district_path=path)
            for teacher, membership, school, path in latest.values()
        ),
        batch_size=2000,
    )
    audit_record(actor=actor, action="evaluation.round.summary_created", target=rnd, changes={"sources": len(sources)})
    log_transition(target=rnd, from_state="", to_state=rnd.status, actor=actor)
    return rnd
