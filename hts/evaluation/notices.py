"""Whoever must act next in an evaluation round is told: each rater when the round opens (their sheet
waits), the organiser when a person objects to their result. Written in the platform's language and
sent after the commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from hts.accounts.models import User
from hts.accounts.selectors import users_who_may
from hts.evaluation.publication.models import Objection
from hts.evaluation.rounds.models import EvaluationRound
from hts.notifications.services import Message, notifications_send


def _send(recipients: list[Any], title: Any, values: dict[str, Any], url: str, key: str, body: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % values
    messages = [Message(recipient=user, title=text, body=body, url=url, dedupe_key=key) for user in recipients]
    if messages:
        transaction.on_commit(lambda: notifications_send(messages))


def organisers_of(rnd: EvaluationRound) -> list[User]:
    """Who organises the round: a studio's host, a school's staff, or the bureau of the round's region."""
    if rnd.studio_id:
        host_id = rnd.studio.host_id if rnd.studio else None
        return list(User.objects.filter(teacher_id=host_id, is_active=True)) if host_id else []
    if rnd.school_id:
        return users_who_may("evaluation.organise", rnd, region_within=None)
    return users_who_may("evaluation.organise", rnd, region_within=rnd.region_path, level="top")


def round_opened(rnd: EvaluationRound) -> None:
    raters = [rater.user for rater in rnd.raters.select_related("user") if rater.user.is_active]
    _send(
        raters,
        gettext_lazy("“%(title)s” is open: your scoring sheets await you"),
        {"title": rnd.title},
        reverse("evaluation-sheet-index", kwargs={"uid": rnd.uid}),
        f"evaluation.round.to_rate.{rnd.uid}",
    )


def objection_raised(objection: Objection) -> None:
    subject = objection.subject
    rnd = subject.round
    _send(
        [user for user in organisers_of(rnd) if user.teacher_id != subject.teacher_id],
        gettext_lazy("%(name)s objects to their result in “%(title)s”: the objection awaits your decision"),
        {"name": subject.teacher, "title": rnd.title},
        reverse("evaluation-objection-detail", kwargs={"uid": objection.uid}),
        f"evaluation.objection.raised.{objection.uid}",
        body=objection.reason,
    )


def observation_created(observation: Any, observers: list[Any]) -> None:
    """Each observer of a lesson or class meeting is told their sheet waits."""
    _send(
        [user for user in observers if user.is_active],
        gettext_lazy("You observe “%(topic)s” of %(name)s: your scoring sheet awaits you"),
        {"topic": observation.topic, "name": observation.teacher},
        reverse("evaluation-observation-sheet", kwargs={"uid": observation.uid}),
        f"evaluation.observation.to_rate.{observation.uid}",
    )
