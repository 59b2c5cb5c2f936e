"""Reads of democratic rating: the results per person, shown only past the fewest responses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q

from hts.evaluation.democratic.models import DemocraticRating, RatingResponse, RatingToken
from hts.evaluation.rounds.models import Subject


@dataclass
class SubjectResult:
    subject: Subject
    count: int
    mean: Decimal | None  # None below the rating's threshold
    issued: int
    used: int
    comments: list[str]


def rating_results(rating: DemocraticRating) -> list[SubjectResult]:
    """Per person: responses and their mean (only at or above min_responses), tokens issued and used.
    Four queries: the people, the response aggregate, the comments, the token aggregate."""
    subjects = list(rating.round.subjects.select_related("teacher").order_by("teacher__name", "id"))
    answers = {
        row["subject"]: row
        for row in RatingResponse.objects.filter(rating=rating)
        .values("subject")
        .annotate(count=Count("id"), mean=Avg("mark"))
    }
    tokens = {
        row["subject"]: row
        for row in RatingToken.objects.filter(rating=rating)
        .values("subject")
        .annotate(issued=Count("id"), used=Count("id", filter=Q(used=True)))
    }
    comments: dict[int, list[str]] = {}
    # Ordered by the random key: the order says nothing about who answered when.
    for subject_id, comment in (
        RatingResponse.objects.filter(rating=rating)
        .exclude(comment="")
        .order_by("id")
        .values_list("subject", "comment")
    ):
        comments.setdefault(subject_id, []).append(comment)
    results = []
    for subject in subjects:
        answer = answers.get(subject.pk, {"count": 0, "mean": None})
        token_row = tokens.get(subject.pk, {"issued": 0, "used": 0})
        count = answer["count"]
        mean = (
            Decimal(str(answer["mean"])).quantize(Decimal("0.01"))
            if count >= rating.min_responses and answer["mean"] is not None
            else None
        )
        results.append(
            SubjectResult(
                subject=subject,
                count=count,
                mean=mean,
                issued=token_row["issued"],
                used=token_row["used"],
                comments=comments.get(subject.pk, []) if mean is not None else [],
            )
        )
    return results
