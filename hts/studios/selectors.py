"""Reads for the studio pages, scoped to what the user may see, with bounded queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import get_scoped_or_404, scoped
from hts.accounts.permissions import STUDIO_HOST, STUDIO_LIAISON, STUDIO_MEMBER, STUDIO_MENTOR, Grant, principal_for
from hts.core.workflow import transitions_of
from hts.org.models import HeadTeacherService, Honour, Level, Region, School, Stage, Teacher, service_years
from hts.org.profile_facts import ProfileFact
from hts.studios import rules
from hts.studios.models import (
    HOLDS_A_PLACE,
    PENDING_MEMBER_STATES,
    Batch,
    Membership,
    ResearchCheck,
    ReviewScore,
    Studio,
    StudioAssessment,
    Tier,
)
from hts.studios.research_records import best_verified_level, research_records

RUNNING = [Studio.Status.APPROVED, Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD]


def batch_list(user: Any) -> QuerySet[Batch]:
    return (
        principal_for(user)
        .scoped("batch.view", Batch.objects.select_related("region"))
        .annotate(studio_count=Count("studios"))
        .order_by("-start_year", "name")
    )


def batch_get(user: Any, uid: Any, action: str = "batch.view") -> Batch:
    return get_scoped_or_404(user, action, Batch.objects.select_related("region", "policy"), uid=uid)


def _ancestor_paths(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def applicant_teachers(user: Any, action: str) -> QuerySet[Teacher]:
    """Teachers the user may apply for: themself, and (school staff) the teachers of their school."""
    principal = principal_for(user)
    principal.require(action)
    q = Q(pk=user.teacher_id) if user.teacher_id else Q(pk__in=[])
    schools = principal.school_ids_for(action)
    if schools:
        q |= Q(school_id__in=schools)
    return Teacher.objects.filter(q).select_related("school__region").order_by("school__name", "name")


def join_directory(user: Any) -> QuerySet[Studio]:
    """Running studios of the batches over the applicant's region, less those the user is already in,
    has applied to or is invited to: one cannot join a studio twice."""
    teacher = applicant_teachers(user, "studio.join").first()
    if teacher is None:
        return Studio.objects.none()
    studios = Studio.objects.filter(
        status__in=RUNNING, batch__region__path__in=_ancestor_paths(teacher.school.region.path)
    )
    if user.teacher_id:
        taken = [Membership.Status.ACTIVE, Membership.Status.INVITED, *PENDING_MEMBER_STATES]
        studios = studios.exclude(
            pk__in=Membership.objects.filter(teacher_id=user.teacher_id, status__in=taken).values("studio_id")
        )
    return studios.select_related("batch", "host", "host_school").order_by("name")


def open_batches_for(teacher: Teacher) -> QuerySet[Batch]:
    """Open batches whose region contains the teacher's school (a city batch reaches every district)."""
    return (
        Batch.objects.filter(status=Batch.Status.OPEN, region__path__in=_ancestor_paths(teacher.school.region.path))
        .select_related("region", "policy")
        .order_by("-start_year")
    )


def studio_list(
    user: Any,
    *,
    search: str = "",
    tier: str = "",
    stage: str = "",
    region_uid: str = "",
    status: str = "",
    batch_uid: str = "",
) -> QuerySet[Studio]:
    qs = scoped(user, "studio.view", Studio.objects.select_related("batch", "host", "host_school__region"))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(host__name__icontains=search) | Q(theme__icontains=search))
    if tier in Tier.values:
        qs = qs.filter(batch__tier=tier)
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    if status in Studio.Status.values:
        qs = qs.filter(status=status)
    if batch_uid:
        qs = qs.filter(batch__uid=batch_uid)
    if region_uid:
        region = Region.objects.filter(uid=region_uid).only("path").first()
        if region:
            qs = qs.filter(host_school__region__path__startswith=region.path)
    return qs.order_by("batch__start_year", "name")


def studio_get(user: Any, uid: Any, action: str = "studio.view") -> Studio:
    return get_scoped_or_404(
        user,
        action,
        Studio.objects.select_related("batch__policy", "batch__region", "host", "host_school__region"),
        uid=uid,
    )


def studio_team(studio: Studio) -> QuerySet[Teacher]:
    """The studio's active team (hosts, mentors, members, liaison): activities and research offer it in their forms."""
    ids = Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False).values(
        "teacher_id"
    )
    return Teacher.objects.filter(pk__in=ids).select_related("school").order_by("name")


def studio_workspace(studio: Studio) -> dict[str, Any]:
    memberships = list(
        Membership.objects.filter(studio=studio).select_related("teacher__school").order_by("role", "status", "id")
    )
    team = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    order: dict[str, int] = {Membership.Role.HOST: 0, Membership.Role.MENTOR: 1, Membership.Role.MEMBER: 2}
    team.sort(key=lambda m: (order[m.role], m.person_name))
    transitions = list(transitions_of(studio).select_related("actor"))
    labels = dict(Studio.Status.choices)
    for transition in transitions:
        transition.from_label = labels.get(transition.from_state, transition.from_state)
        transition.to_label = labels.get(transition.to_state, transition.to_state)
    return {
        "team": team,
        "pending": [m for m in memberships if m.status in {"applied", "admitted", "evaluated", "invited"}],
        "former": [m for m in memberships if m.status in {"left", "rotated_out", "graduated", "refused"}],
        "transitions": transitions,
        "review_steps": list(studio.review_steps.select_related("by")),
        "scores": list(ReviewScore.objects.filter(studio=studio).select_related("reviewer")),
        "assessments": list(StudioAssessment.objects.filter(studio=studio).select_related("assessed_by")),
    }


def coverage(user: Any, city: Region) -> dict[str, Any]:
    """003 建设目标: every district and every stage has at least one city-level studio.

    Rows are the city's districts (and the city itself, for city-direct schools); columns the three
    stages; cells count running city-tier studios. One query for the counts."""
    districts = list(Region.objects.filter(parent=city).order_by("code"))
    counts: dict[tuple[int, str], int] = {}
    rows = (
        principal_for(user)
        .scoped("studio.view", Studio.objects.all())
        .filter(batch__tier=Tier.CITY, status__in=RUNNING, host_school__region__path__startswith=city.path)
        .values("host_school__region__path", "stage")
        .annotate(n=Count("id"), yellow=Count("id", filter=Q(status=Studio.Status.YELLOW_CARD)))
    )
    yellow: dict[tuple[int, str], int] = {}
    by_path = {d.path: d for d in districts}
    for row in rows:
        path = row["host_school__region__path"]
        district = next((d for p, d in by_path.items() if path.startswith(p)), None)
        key = (district.pk if district else city.pk, row["stage"])
        counts[key] = counts.get(key, 0) + row["n"]
        yellow[key] = yellow.get(key, 0) + row["yellow"]
    table = []
    for region in [*districts]:
        cells = [(stage, counts.get((region.pk, stage.value), 0)) for stage in Stage]
        # Each cell with how many of its studios are on a yellow card (counted, but at risk).
        marks = [(stage, n, yellow.get((region.pk, stage.value), 0)) for stage, n in cells]
        table.append(
            {"region": region, "cells": cells, "marks": marks, "gaps": [stage for stage, n in cells if n == 0]}
        )
    stage_totals = [(stage, sum(counts.get((r.pk, stage.value), 0) for r in [city, *districts])) for stage in Stage]
    return {
        "city": city,
        "table": table,
        "stage_totals": stage_totals,
        "direct": [(stage, counts.get((city.pk, stage.value), 0)) for stage in Stage],
    }


def cities_for_coverage(user: Any) -> QuerySet[Region]:
    principal = principal_for(user)
    regions = Region.objects.filter(kind=Region.Kind.CITY)
    if principal.is_admin:
        return regions
    q = Q(pk__in=[])
    for path in principal.region_paths:
        q |= Q(path__startswith=path) | Q(path__in=_ancestor_paths(path))
    return regions.filter(q)


def host_school_options(user: Any) -> QuerySet[School]:
    return scoped(user, "school.view", School.objects.all())


def my_studios(teacher: Teacher) -> list[dict[str, Any]]:
    """The studios a teacher hosts, has applied to host, belongs to or has applied to join."""
    rows: dict[int, dict[str, Any]] = {}
    for studio in Studio.objects.filter(host=teacher).select_related("batch"):
        rows[studio.pk] = {
            "studio": studio,
            "role": str(Membership.Role.HOST.label),
            "state": "",  # the studio's own state shows beside its name
            "link": True,  # the applicant follows their own application
        }
    memberships = (
        Membership.objects.filter(teacher=teacher).exclude(role=Membership.Role.HOST).select_related("studio__batch")
    )
    for membership in memberships:
        rows.setdefault(
            membership.studio_id,
            {
                "studio": membership.studio,
                "role": membership.get_role_display(),
                # An active member's state is the studio's (a yellow card shows to the whole team);
                # a pending or ended membership says where it stands.
                "state": "" if membership.status == Membership.Status.ACTIVE else membership.get_status_display(),
                "link": membership.status == Membership.Status.ACTIVE,
            },
        )
    return list(rows.values())


_TEAM_ROLES: dict[str, str] = {
    Membership.Role.HOST: STUDIO_HOST,
    Membership.Role.MENTOR: STUDIO_MENTOR,
    Membership.Role.MEMBER: STUDIO_MEMBER,
}


def studio_grants(user: Any) -> list[Grant]:
    """The matrix grants of the user's active studio memberships, scoped to each studio (one query)."""
    teacher_id = getattr(user, "teacher_id", None)
    if not teacher_id:
        return []
    grants = []
    for role, studio_id, is_liaison in Membership.objects.filter(
        teacher_id=teacher_id, status=Membership.Status.ACTIVE
    ).values_list("role", "studio_id", "is_liaison"):
        grants.append(Grant(role=_TEAM_ROLES[role], studio_id=studio_id))
        if is_liaison:
            grants.append(Grant(role=STUDIO_LIAISON, studio_id=studio_id))
    return grants


def person_facts(
    teacher: Teacher,
    *,
    declared_level: str = "",
    declared_title: str = "",
    research_check: str = "",
    with_research: bool = True,
) -> rules.PersonFacts:
    today = timezone.localdate()
    periods = list(HeadTeacherService.objects.filter(teacher=teacher).values_list("started_on", "ended_on"))
    serving = any(start <= today and (end is None or end >= today) for start, end in periods)
    best: dict[str, str] = {}
    for kind, level in Honour.objects.filter(teacher=teacher).values_list("kind", "level"):
        if not best.get(kind) or Level.rank(level) > Level.rank(best[kind]):
            best[kind] = level
    hosts_lower = Membership.objects.filter(
        teacher=teacher,
        role=Membership.Role.HOST,
        status=Membership.Status.ACTIVE,
        studio__status__in=[Studio.Status.APPROVED, Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD],
        studio__batch__tier__in=[Tier.DISTRICT, Tier.SCHOOL],
    ).exists()
    return rules.PersonFacts(
        service_years=service_years(periods, today=today),
        serving=serving,
        personal_honour_level=best.get(Honour.Kind.PERSONAL, ""),
        class_honour_level=best.get(Honour.Kind.CLASS, ""),
        research_level=best_verified_level(research_records(teacher)) if with_research else "",
        hosts_lower_studio=hosts_lower,
        declared_research_level=declared_level,
        declared_research_title=declared_title,
        research_check=(research_check or ResearchCheck.PENDING) if declared_level else "",
    )


def host_standard_for(
    batch: Batch, teacher: Teacher, declared_level: str = "", declared_title: str = ""
) -> list[rules.RuleResult]:
    """The check an applicant sees before applying: a level typed in is a declaration awaiting the
    bureau's check (待核实), never a record."""
    facts = person_facts(teacher, declared_level=declared_level, declared_title=declared_title)
    return rules.host_standard(batch.policy, facts)


def studio_host_standard(studio: Studio) -> list[rules.RuleResult]:
    """The host standard of an application as it stands now: the host's records, and the declared
    research as far as the bureau has checked it."""
    facts = person_facts(
        studio.host,
        declared_level=studio.research_level,
        declared_title=studio.research_title,
        research_check=studio.research_check,
    )
    return rules.host_standard(studio.batch.policy, facts)


def research_rule(studio: Studio) -> rules.RuleResult | None:
    return next((r for r in studio_host_standard(studio) if r.code == "host.research"), None)


def member_standard_for(studio: Studio, teacher: Teacher) -> list[rules.RuleResult]:
    return rules.member_standard(studio.batch.policy, person_facts(teacher, with_research=False))


def team_counts(studio: Studio, team: list[Membership]) -> rules.CompositionCounts:
    """The team as it stands, for the workspace's header: active memberships only. The composition
    limits count more (an admitted applicant or an invited mentor already holds a place), but a
    header that counted them would name people who are not, or no longer, in the team."""
    return _counts(studio, [m for m in team if m.status == Membership.Status.ACTIVE])


def composition_counts(studio: Studio, *, adding: Membership | None = None) -> rules.CompositionCounts:
    """Who holds a place in the team now, plus `adding` when it is about to take one."""
    members = list(
        Membership.objects.filter(studio=studio)
        .filter(
            Q(role=Membership.Role.MEMBER, status__in=HOLDS_A_PLACE["member"])
            | Q(role=Membership.Role.MENTOR, status__in=HOLDS_A_PLACE["mentor"])
            | Q(role=Membership.Role.HOST, status__in=HOLDS_A_PLACE["host"])
        )
        .select_related("teacher")
    )
    if adding is not None and all(m.pk != adding.pk for m in members):
        members.append(adding)
    return _counts(studio, members)


def _counts(studio: Studio, members: list[Membership]) -> rules.CompositionCounts:
    team_members = [m for m in members if m.role == Membership.Role.MEMBER]
    return rules.CompositionCounts(
        hosts=sum(m.role == Membership.Role.HOST for m in members),
        mentors=sum(m.role == Membership.Role.MENTOR for m in members),
        members=len(team_members),
        liaisons=sum(m.is_liaison for m in team_members),
        members_from_host_school=sum(
            m.teacher is not None and m.teacher.school_id == studio.host_school_id for m in team_members
        ),
    )


def eligible_hosts(user: Any) -> QuerySet[Studio]:
    """Completed studios whose end-of-cycle grade made their host eligible (003 五(一): 期满考核优秀的，
    具备推荐成为广东省名班主任工作室主持人资格；合格的，具备下一批主持人的申报资格), best grade
    first, within the bureau's scope."""
    return (
        scoped(user, "studio.review", Studio.objects.all())
        .filter(status=Studio.Status.COMPLETED)
        .exclude(host_eligibility="")
        .select_related("host", "host_school", "batch")
        .order_by("final_grade", "-batch__start_year", "host__name")  # "excellent" sorts before "qualified"
    )


def host_eligibility_facts(teacher: Teacher) -> list[ProfileFact]:
    """The teacher's profile (org's registry): each completed studio they hosted that made them eligible."""
    studios = (
        Studio.objects.filter(host=teacher, status=Studio.Status.COMPLETED)
        .exclude(host_eligibility="")
        .select_related("batch")
        .order_by("-batch__start_year")
    )
    return [
        ProfileFact(
            label=_("Host eligibility"),
            text=_("%(eligibility)s (%(studio)s, end-of-cycle grade %(grade)s, %(start)d–%(end)d)")
            % {
                "eligibility": studio.host_eligibility,
                "studio": studio.name,
                "grade": studio.get_final_grade_display(),
                "start": studio.batch.start_year,
                "end": studio.batch.end_year,
            },
            tone="success",
            testid="host-eligibility",
        )
        for studio in studios
    ]
