"""Democratic rating (民主测评): the organiser adds a rating to a round and issues one-time tokens;
anyone holding a token rates once, without signing in.

Anonymity: only a token's sha256 hash is kept, and a response is written with no link to the token
that allowed it (RatingResponse has no token field, no time and a random key). Results are shown per
person only once ``min_responses`` have come in (selectors in this module)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.evaluation.democratic.guards import rating_is_open
from hts.evaluation.democratic.models import DemocraticRating, RatingResponse, RatingToken
from hts.evaluation.rounds.models import EvaluationRound, Subject

RATING_FIELDS = ("audience", "question", "scale", "min_responses", "item", "closes_on")
# Tokens issued per person at once: enough for a class of pupils, small enough to print.
MOST_TOKENS_AT_ONCE = 100


class TokenRefused(Exception):
    """A token that cannot be used; ``status`` is the HTTP answer (404 unknown, 410 used or closed)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def democratic_rating_create(*, actor: Any, rnd: EvaluationRound, data: dict[str, Any]) -> DemocraticRating:
    require(actor, "evaluation.organise", rnd)
    if rnd.status not in (EvaluationRound.Status.DRAFT, EvaluationRound.Status.OPEN):
        raise ValidationError(_("A democratic rating can be added only while the round is a draft or open."))
    item = data.get("item")
    if item is not None and item.version_id != rnd.version_id:
        raise ValidationError({"item": _("The item must belong to the round's rubric.")})
    if DemocraticRating.objects.filter(round=rnd, audience=data.get("audience")).exists():
        raise ValidationError({"audience": _("This round already has a rating by this audience.")})
    rating = DemocraticRating(round=rnd)
    return save_audited(
        actor=actor,
        instance=rating,
        data={name: data.get(name) for name in RATING_FIELDS},
        action="evaluation.democratic.created",
        fields=RATING_FIELDS,
    )


@dataclass
class IssuedToken:
    subject: Subject
    token: str


@transaction.atomic
def rating_tokens_issue(*, actor: Any, rating: DemocraticRating, per_subject: int) -> list[IssuedToken]:
    """N new one-time tokens for each person of the round. The plain tokens are returned once, to
    be printed; only their hashes are stored."""
    require(actor, "evaluation.organise", rating.round)
    if not 1 <= per_subject <= MOST_TOKENS_AT_ONCE:
        raise ValidationError(
            {"per_subject": _("Issue between 1 and %(most)d tokens per person.") % {"most": MOST_TOKENS_AT_ONCE}}
        )
    if rating.round.status not in (EvaluationRound.Status.DRAFT, EvaluationRound.Status.OPEN):
        raise ValidationError(_("Tokens can be issued only while the round is a draft or open."))
    issued: list[IssuedToken] = []
    rows: list[RatingToken] = []
    for subject in rating.round.subjects.select_related("teacher").order_by("teacher__name", "id"):
        for _n in range(per_subject):
            token = secrets.token_urlsafe(18)
            rows.append(RatingToken(rating=rating, subject=subject, token_hash=token_hash(token)))
            issued.append(IssuedToken(subject=subject, token=token))
    RatingToken.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="evaluation.democratic.tokens_issued",
        target=rating,
        changes={"per_subject": per_subject, "tokens": len(rows)},
    )
    return issued


def token_lookup(token: str) -> RatingToken:
    """The token's row, or TokenRefused with the reason (unknown, used, closed)."""
    row = (
        RatingToken.objects.select_related("rating__round", "subject__teacher")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if row is None:
        raise TokenRefused(_("This rating link is not valid. Check that it was copied completely."), 404)
    if row.used:
        raise TokenRefused(_("This rating link has already been used; each link rates once."), 410)
    if not rating_is_open(row.rating):
        raise TokenRefused(_("This rating is closed; the link can no longer be used."), 410)
    return row


@transaction.atomic
def rating_respond(*, token: str, mark: int, comment: str = "") -> None:
    """Use the token once and record the answer, in one transaction.

    The conditional UPDATE claims the token: of two submissions of one token, even at the same
    moment, exactly one matches a row with used=False; the other is refused and writes nothing."""
    row = token_lookup(token)
    if not 1 <= mark <= row.rating.scale:
        raise ValidationError({"mark": _("Choose a mark from 1 to %(scale)d.") % {"scale": row.rating.scale}})
    if RatingToken.objects.filter(pk=row.pk, used=False).update(used=True) != 1:
        raise TokenRefused(_("This rating link has already been used; each link rates once."), 410)
    # Deliberately no token, no time, no audit entry naming the token: the answer is anonymous.
    RatingResponse.objects.create(rating=row.rating, subject=row.subject, mark=mark, comment=comment.strip())
