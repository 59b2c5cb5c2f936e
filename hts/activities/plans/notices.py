"""Whoever must acknowledge a submitted plan is told (a member's personal plan: the studio's host and
mentors; a studio's plan: the bureau of its batch), and the author when it is acknowledged. Written
in the platform's language and sent after the commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from hts.accounts.models import User
from hts.accounts.selectors import users_who_may
from hts.activities.models import Plan
from hts.notifications.services import Message, notifications_send
from hts.studios.models import Membership


def _send(recipients: list[Any], title: Any, plan: Plan, key: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {"title": plan.title, "studio": plan.studio}
    url = plan.get_absolute_url()
    messages = [Message(recipient=user, title=text, url=url, dedupe_key=key) for user in recipients]
    if messages:
        transaction.on_commit(lambda: notifications_send(messages))


def plan_submitted(plan: Plan) -> None:
    if plan.is_personal:
        guides = Membership.objects.filter(
            studio=plan.studio, role__in=[Membership.Role.HOST, Membership.Role.MENTOR], status=Membership.Status.ACTIVE
        ).exclude(teacher_id=plan.owner_teacher_id)
        recipients = list(
            User.objects.filter(teacher_id__in=guides.values("teacher_id"), is_active=True).exclude(teacher=None)
        )
    else:
        recipients = users_who_may(
            "studio.review", plan.studio, region_within=plan.studio.batch.region.path, level="top"
        )
    _send(
        recipients,
        gettext_lazy("The plan “%(title)s” of %(studio)s awaits your acknowledgement"),
        plan,
        f"activities.plan.submitted.{plan.uid}",
    )


def plan_acknowledged(plan: Plan) -> None:
    author = plan.author
    if author is None or not author.is_active:
        return
    _send(
        [author],
        gettext_lazy("Your plan “%(title)s” of %(studio)s is acknowledged"),
        plan,
        f"activities.plan.acknowledged.{plan.uid}",
    )
