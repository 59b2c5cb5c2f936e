"""Whoever must act next on a studio's application or a team membership is told (a notification),
and so is the person whose application was decided. Titles are written in the platform's language.

Called by the services after their write; sent after the commit, so a refused write tells no one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from hts.accounts.models import User
from hts.accounts.selectors import users_who_may
from hts.notifications.services import Message, notifications_send
from hts.studios.models import Membership, ResearchCheck, Studio


def _send(recipients: list[Any], title: Any, values: dict[str, Any], url: str, key: str, body: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {name: str(value) for name, value in values.items()}
    messages = [Message(recipient=user, title=text, body=body, url=url, dedupe_key=key) for user in recipients]
    if messages:
        transaction.on_commit(lambda: notifications_send(messages))


def _accounts_of(*teacher_ids: int | None) -> list[User]:
    return list(User.objects.filter(teacher_id__in=[pk for pk in teacher_ids if pk], is_active=True))


def _studio_url(studio: Studio) -> str:
    return reverse("studios-studio-detail", kwargs={"uid": studio.uid})


def studio_applied(studio: Studio) -> None:
    """The batch's bureau reviews the application (material check first)."""
    _send(
        users_who_may("studio.review", studio, region_within=studio.batch.region.path),
        gettext_lazy("%(name)s applied to host a studio: the application awaits your review"),
        {"name": studio.host},
        _studio_url(studio),
        f"studios.studio.to_review.{studio.uid}",
    )


def research_declared(studio: Studio) -> None:
    """The application declares research the host standard needs: the bureau checks it (待核实) in the
    material check, before the application can pass."""
    _send(
        users_who_may("studio.review", studio, region_within=studio.batch.region.path),
        gettext_lazy("%(name)s declared the research “%(title)s” (%(level)s) to host a studio: check it"),
        {"name": studio.host, "title": studio.research_title, "level": studio.get_research_level_display()},
        _studio_url(studio),
        f"studios.studio.research_pending.{studio.uid}",
    )


def research_checked(studio: Studio) -> None:
    """The applicant learns whether the bureau verified the research they declared."""
    titles = {
        ResearchCheck.VERIFIED: gettext_lazy("The research you declared for %(studio)s is verified"),
        ResearchCheck.REJECTED: gettext_lazy("The research you declared for %(studio)s was not verified"),
    }
    if studio.research_check not in titles:
        return
    _send(
        _accounts_of(studio.host_id),
        titles[studio.research_check],
        {"studio": studio},
        _studio_url(studio),
        f"studios.studio.research_{studio.research_check}.{studio.uid}",
        body=studio.research_check_note,
    )


def studio_decided(studio: Studio, *, step: str, reason: str = "") -> None:
    """The applicant learns the outcome of the material check (when it fails) or of the decision."""
    titles = {
        Studio.Status.REJECTED: gettext_lazy("The application to host %(studio)s was not approved"),
        Studio.Status.APPROVED: gettext_lazy("The application to host %(studio)s was approved"),
    }
    if studio.status not in titles:
        return
    _send(
        _accounts_of(studio.host_id),
        titles[studio.status],
        {"studio": studio},
        _studio_url(studio),
        f"studios.studio.{step}.{studio.uid}",
        body=reason,
    )


def membership_waiting(membership: Membership) -> None:
    """A membership moved to a step someone else takes: an application waits for the host to admit it;
    an evaluated member or an invited mentor waits for the bureau's approval."""
    studio = membership.studio
    who = membership.teacher or membership.external_name
    if membership.status == Membership.Status.APPLIED:
        recipients = _accounts_of(studio.host_id)
        title = gettext_lazy("%(name)s applied to join %(studio)s: the application awaits your decision")
    elif membership.status in {Membership.Status.EVALUATED, Membership.Status.INVITED}:
        recipients = users_who_may("membership.approve", studio, region_within=studio.batch.region.path)
        title = gettext_lazy("%(name)s awaits your approval to join %(studio)s")
    else:
        return
    _send(
        recipients,
        title,
        {"name": who, "studio": studio},
        _studio_url(studio),
        f"studios.membership.{membership.status}.{membership.uid}",
    )


def membership_decided(membership: Membership, *, reason: str = "") -> None:
    """The applicant learns they joined the team, or were refused."""
    titles = {
        Membership.Status.ACTIVE: gettext_lazy("You joined the team of %(studio)s"),
        Membership.Status.REFUSED: gettext_lazy("Your application to join %(studio)s was not accepted"),
    }
    if membership.status not in titles:
        return
    _send(
        _accounts_of(membership.teacher_id),
        titles[membership.status],
        {"studio": membership.studio},
        _studio_url(membership.studio),
        f"studios.membership.{membership.status}.{membership.uid}",
        body=reason,
    )
