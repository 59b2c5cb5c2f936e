"""What happens when a studio's state changes for its team: the notices, and the closing steps of
the apps above studios.

A revoked or expired studio closes: each app above studios that keeps something planned under a
studio (activities' planned activities) registers a step in its AppConfig.ready, so studios never
imports it:

    register_closing_step("activities", activities_cancel_planned)

A step is called as fn(studio=Studio, actor=user|None, reason=str) inside the transaction that
closes the studio, and returns how many things it closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from hts.notifications.services import Message, notifications_send
from hts.studios.models import CLOSED_STATES, Membership, Studio

_STEPS: dict[str, Callable[..., int]] = {}
# Told when what a studio shows the public changed (its theme): the portal fills it (studios sits below
# it), to renew its cached public pages.
_SHOWN_CHANGED: dict[str, Callable[[Studio], None]] = {}


def register_shown_changed(name: str, fn: Callable[[Studio], None]) -> None:
    """Idempotent, as register_closing_step."""
    _SHOWN_CHANGED[name] = fn


def studio_shown_changed(studio: Studio) -> None:
    for fn in _SHOWN_CHANGED.values():
        fn(studio)


def register_closing_step(name: str, fn: Callable[..., int]) -> None:
    """Idempotent: registering the same name again replaces the function (ready() may run twice)."""
    _STEPS[name] = fn


def team_users(studio: Studio) -> list[Any]:
    """The accounts of the studio's active team: host, mentors, members (the liaison among them)."""
    teacher_ids = Membership.objects.filter(
        studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False
    ).values_list("teacher_id", flat=True)
    ids = {*teacher_ids, studio.host_id}
    return list(get_user_model().objects.filter(teacher_id__in=ids, is_active=True).order_by("pk"))


def _notify_team(studio: Studio, *, title: str, body: str, key: str) -> None:
    users = team_users(studio)
    url = studio.get_absolute_url()
    messages = [Message(recipient=user, title=title, body=body, url=url, dedupe_key=key) for user in users]
    transaction.on_commit(lambda: notifications_send(messages))


def studio_state_changed(*, studio: Studio, actor: Any, previous: str, reason: str = "") -> dict[str, int]:
    """Run after a studio moved from `previous` to `studio.status`, inside the same transaction:
    a yellow card or a closing is told to the whole team, and closing runs every registered step."""
    new = studio.status
    counts: dict[str, int] = {}
    if new == Studio.Status.YELLOW_CARD:
        _notify_team(
            studio,
            title=_("%(name)s has received a yellow card") % {"name": studio},
            body=_("%(reason)s. Another failed yearly assessment revokes the studio.") % {"reason": reason}
            if reason
            else _("Another failed yearly assessment revokes the studio."),
            key=f"studios.yellow_card:{studio.uid}:{previous}",
        )
    # Revoked, expired, or completed by its end-of-cycle grade straight from running (a grade may be
    # recorded in the cycle's last year, before the daily task marks the studio expired): each closes
    # what is planned, once, on the move from a running state.
    if new in {Studio.Status.REVOKED, Studio.Status.EXPIRED, Studio.Status.COMPLETED} and previous not in CLOSED_STATES:
        for name, step in sorted(_STEPS.items()):
            counts[name] = step(studio=studio, actor=actor, reason=reason)
        cancelled = sum(counts.values())
        if new == Studio.Status.REVOKED:
            title = _("%(name)s has been revoked") % {"name": studio}
        elif new == Studio.Status.COMPLETED:
            title = _("%(name)s has completed its cycle") % {"name": studio}
        else:
            title = _("The cycle of %(name)s has ended") % {"name": studio}
        body = _(
            "It takes no new activities, check-ins, archive items, plans or expenses; its records stay "
            "readable. %(count)d planned activities were cancelled."
        ) % {"count": cancelled}
        if reason:
            body = f"{reason}。{body}"
        _notify_team(studio, title=title, body=body, key=f"studios.closed:{studio.uid}:{new}")
    return counts
