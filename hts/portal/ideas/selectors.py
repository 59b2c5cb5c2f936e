"""Reads of the suggestion box. The sender's own pages read their rows; the receiver's pages and exports
read only ``inbox`` and ``received``, which name the columns they return: the sender's name and school
only when the suggestion is named, nothing reached from ``sender`` otherwise (see the models' note)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import Http404

from hts.accounts.access import scoped
from hts.accounts.permissions import principal_for
from hts.portal.ideas.models import Suggestion, SuggestionStep

# What a receiver may read of a suggestion (the sender's name only when it is named).
RECEIVED_FIELDS = (
    "pk",
    "uid",
    "kind",
    "title",
    "body",
    "status",
    "anonymous",
    "answer",
    "created_at",
    "decided_at",
    "to_school__name",
    "to_region__bureau__name",
    "sender_name",
    "sender_school",
)


def my_suggestions(user: Any) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(sender=user).select_related("to_school", "to_region__bureau")


def mine_get_or_404(user: Any, uid: Any) -> Suggestion:
    suggestion = my_suggestions(user).filter(uid=uid).first()
    if suggestion is None:
        raise Http404
    return suggestion


def steps_of(suggestion_pk: int) -> QuerySet[SuggestionStep]:
    return SuggestionStep.objects.filter(suggestion_id=suggestion_pk)


def inbox(user: Any, status: str = "") -> QuerySet[Any]:
    """The suggestions sent to the user's school office or bureau, as rows of ``RECEIVED_FIELDS``: waiting
    ones first, then newest."""
    rows = scoped(user, "ideas.answer", Suggestion.objects.all())
    if status:
        rows = rows.filter(status=status)
    named = Q(anonymous=False)
    return (
        rows.annotate(
            sender_name=Case(When(named, then=F("sender__teacher__name")), default=Value(""), output_field=CharField()),
            sender_school=Case(When(named, then=F("origin_school__name")), default=Value(""), output_field=CharField()),
            waiting=Case(When(status__in=["received", "considering"], then=Value(0)), default=Value(1)),
        )
        .order_by("waiting", "-created_at", "-id")
        .values(*RECEIVED_FIELDS)
    )


def received(user: Any, uid: Any) -> dict[str, Any]:
    row = inbox(user).filter(uid=uid).first()
    if row is None:
        raise Http404
    return row


def waiting_count(user: Any) -> int:
    return int(scoped(user, "ideas.answer", Suggestion.objects.filter(status__in=["received", "considering"])).count())


@dataclass
class CountRow:
    school: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def in_order(self) -> list[int]:
        return [self.counts.get(status, 0) for status in Suggestion.Status.values]


def counts_by_school(user: Any) -> list[CountRow]:
    """The bureau's table: suggestions from each school of its region by state (one query). Anonymous ones
    sent to a bureau carry no school: they make one row of their own."""
    p = principal_for(user)
    q: Q | None = None
    if not p.is_admin:
        paths = p.region_paths_for("ideas.counts")
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(origin_school__region__path__startswith=path)
            q |= Q(origin_school__isnull=True, to_region__path__startswith=path)
    rows = Suggestion.objects.all() if q is None else Suggestion.objects.filter(q)
    grouped = rows.values("origin_school_id", "origin_school__name", "status").annotate(n=Count("id"))
    table: dict[int | None, CountRow] = {}
    for entry in grouped.order_by("origin_school__name"):
        row = table.setdefault(entry["origin_school_id"], CountRow(entry["origin_school__name"] or "", {}))
        row.counts[entry["status"]] = entry["n"]
    return sorted(table.values(), key=lambda row: (row.school == "", row.school))


def totals(rows: Iterable[CountRow]) -> list[int]:
    sums = [0] * len(Suggestion.Status.values)
    for row in rows:
        for index, value in enumerate(row.in_order()):
            sums[index] += value
    return sums
