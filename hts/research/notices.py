"""Whoever must act next on a research project or an achievement is told, and so are the people whose
project or achievement was decided. Titles are written in the platform's language; sent after commit."""

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
from hts.research.models import Achievement, ResearchProject

Project = ResearchProject

# A project's status after a step → (who acts next or is told, title).
_PROJECT_NEXT = {
    Project.Status.APPLIED: ("bureau", gettext_lazy("The research project “%(title)s” awaits your approval")),
    Project.Status.MIDTERM: ("bureau", gettext_lazy("The research project “%(title)s” awaits its conclusion")),
    Project.Status.APPROVED: ("studio", gettext_lazy("The research project “%(title)s” was approved")),
    Project.Status.NOT_APPROVED: ("studio", gettext_lazy("The research project “%(title)s” was not approved")),
    Project.Status.CONCLUDED: ("studio", gettext_lazy("The research project “%(title)s” is concluded")),
    Project.Status.TERMINATED: ("studio", gettext_lazy("The research project “%(title)s” was terminated")),
}


def _send(recipients: list[Any], title: Any, values: dict[str, Any], url: str, key: str, body: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % values
    messages = [Message(recipient=user, title=text, body=body, url=url, dedupe_key=key) for user in recipients]
    if messages:
        transaction.on_commit(lambda: notifications_send(messages))


def _accounts_of(*teacher_ids: int | None) -> list[User]:
    return list(User.objects.filter(teacher_id__in=[pk for pk in teacher_ids if pk], is_active=True))


def project_moved(project: ResearchProject, *, reason: str = "") -> None:
    if project.status not in _PROJECT_NEXT:
        return
    who, title = _PROJECT_NEXT[project.status]
    if who == "bureau":
        region = project.studio.batch.region.path
        recipients = users_who_may("research.approve", project, region_within=region, level="top")
    else:
        recipients = _accounts_of(project.studio.host_id, project.lead_id)
    _send(
        recipients,
        title,
        {"title": project.title},
        reverse("research-project-detail", kwargs={"uid": project.uid}),
        f"research.project.{project.status}.{project.uid}",
        body=reason,
    )


def achievement_moved(achievement: Achievement) -> None:
    url = reverse("research-achievement-detail", kwargs={"uid": achievement.uid})
    if achievement.status == Achievement.Status.PENDING:
        _send(
            users_who_may("achievement.verify", achievement, level="nearest"),
            gettext_lazy("%(name)s's achievement “%(title)s” awaits your verification"),
            {"name": achievement.owner, "title": achievement.title},
            url,
            f"research.achievement.pending.{achievement.uid}",
        )
        return
    titles = {
        Achievement.Status.VERIFIED: gettext_lazy("Your achievement “%(title)s” is verified"),
        Achievement.Status.REJECTED: gettext_lazy("Your achievement “%(title)s” was not verified"),
    }
    if achievement.status in titles:
        _send(
            _accounts_of(achievement.owner_id),
            titles[achievement.status],
            {"title": achievement.title},
            url,
            f"research.achievement.{achievement.status}.{achievement.uid}",
            body=achievement.reject_reason if achievement.status == Achievement.Status.REJECTED else "",
        )
