"""Reads for research and achievement pages, scoped to what the user may see, with bounded queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hts.accounts.access import get_scoped_or_404, scoped
from hts.core.workflow import transitions_of
from hts.research.models import Achievement, ResearchProject
from hts.research.weights import weighted_score
from hts.studios.research_records import ResearchRecord


def project_list(user: Any, *, studio: Any = None, level: str = "", status: str = "") -> QuerySet[ResearchProject]:
    qs = scoped(user, "research.view", ResearchProject.objects.select_related("studio__host_school", "lead"))
    if studio is not None:
        qs = qs.filter(studio=studio)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def project_get(user: Any, uid: Any, action: str = "research.view") -> ResearchProject:
    return get_scoped_or_404(
        user,
        action,
        ResearchProject.objects.select_related("studio__host_school__region", "studio__batch", "lead__school"),
        uid=uid,
    )


def project_detail(project: ResearchProject) -> dict[str, Any]:
    return {
        "members": list(project.members.select_related("school").order_by("name")),
        "documents": list(project.documents.select_related("uploaded_by").order_by("created_at", "id")),
        "transitions": labelled_transitions(project, ResearchProject.Status.choices),
    }


def labelled_transitions(target: Any, choices: Any) -> list[Any]:
    """The target's transition log (one query), each entry with its states' labels for the page."""
    labels = dict(choices)
    entries = list(transitions_of(target))
    for entry in entries:
        entry.from_label = labels.get(entry.from_state, entry.from_state)
        entry.to_label = labels.get(entry.to_state, entry.to_state)
    return entries


def _achievements() -> QuerySet[Achievement]:
    return Achievement.objects.select_related("owner__school__region")


def achievements_of(teacher_id: int) -> QuerySet[Achievement]:
    return _achievements().filter(owner_id=teacher_id).order_by("-achieved_on", "-id")


def achievement_totals(achievements: list[Achievement]) -> dict[str, Any]:
    verified = [a for a in achievements if a.counts]
    return {"count": len(verified), "score": weighted_score(verified) if verified else Decimal("0")}


def achievement_get(user: Any, uid: Any, action: str = "achievement.view") -> Achievement:
    # A teacher may reach one person's achievement through several studio memberships: distinct.
    qs = scoped(user, action, _achievements()).distinct()
    from django.shortcuts import get_object_or_404

    return get_object_or_404(qs, uid=uid)


def verification_queue(user: Any, *, status: str = Achievement.Status.PENDING) -> QuerySet[Achievement]:
    qs = scoped(user, "achievement.verify", _achievements().select_related("owner__school"))
    if status:
        qs = qs.filter(status=status)
    return qs.distinct().order_by("achieved_on", "id")


def host_research_records(teacher: Any) -> list[ResearchRecord]:
    """The teacher's research as the host standard reads it (studios' registry): projects led or joined
    (counted once concluded, as evaluation counts them) and projects recorded as achievements (counted
    once verified). Rejected, refused and terminated ones are left out. Two queries."""
    records = []
    projects = (
        ResearchProject.objects.filter(Q(lead=teacher) | Q(members=teacher))
        .filter(
            status__in=[
                ResearchProject.Status.APPROVED,
                ResearchProject.Status.MIDTERM,
                ResearchProject.Status.CONCLUDED,
            ]
        )
        .distinct()
        .order_by("-ends_on", "-id")
    )
    for project in projects:
        role = (
            pgettext("research role", "led") if project.lead_id == teacher.pk else pgettext("research role", "joined")
        )
        records.append(
            ResearchRecord(
                kind=_("Research project (%(role)s, %(status)s)")
                % {"role": role, "status": project.get_status_display()},
                title=project.title,
                level=project.level,
                verified=project.status == ResearchProject.Status.CONCLUDED,
                url=project.get_absolute_url(),
            )
        )
    achievements = Achievement.objects.filter(
        owner=teacher,
        kind=Achievement.Kind.PROJECT,
        status__in=[Achievement.Status.PENDING, Achievement.Status.VERIFIED],
    ).order_by("-achieved_on", "-id")
    for achievement in achievements:
        records.append(
            ResearchRecord(
                kind=_("Achievement (%(status)s)") % {"status": achievement.get_status_display()},
                title=achievement.title,
                level=achievement.level,
                verified=achievement.counts,
                url=achievement.get_absolute_url(),
            )
        )
    return records
