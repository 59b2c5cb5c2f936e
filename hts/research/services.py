"""Writes for research projects, achievements and weight policies. Each checks permission and
scope, runs in a transaction and audits; refusals say which rule, in the user's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.core.files import stored_file_accept
from hts.core.search.index import search_index_put
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.org.models import Level, Region
from hts.research import guards, notices
from hts.research.guards import END_STATES, TRANSITIONS, can_transition, can_verify
from hts.research.models import (
    Achievement,
    Evidence,
    ProjectDocument,
    ResearchProject,
    WeightPolicy,
)
from hts.studios.models import Membership, Studio
from hts.studios.policy_templates import PolicyBundle

PROJECT_FIELDS = ["title", "level", "starts_on", "ends_on", "lead", "outputs"]
ACHIEVEMENT_FIELDS = ["kind", "title", "level", "achieved_on", "issuer"]
Status = ResearchProject.Status

# Projects --------------------------------------------------------------------------------------


def _team_ids(studio: Studio) -> set[int]:
    return set(
        Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False).values_list(
            "teacher_id", flat=True
        )
    )


def _check_manager(actor: Any, studio: Studio) -> None:
    require(actor, "research.manage", studio)
    ok, reason = guards.can_take_records(studio)
    if not ok:
        raise TransitionRefused(reason)


def _check_team(studio: Studio, data: dict[str, Any], members: Any) -> None:
    team = _team_ids(studio)
    lead = data.get("lead")
    if lead is not None and lead.pk not in team:
        raise ValidationError({"lead": _("Not on the studio's team: %(names)s") % {"names": lead}})
    outsiders = [str(t) for t in members if t.pk not in team]
    if outsiders:
        raise ValidationError({"members": _("Not on the studio's team: %(names)s") % {"names": "、".join(outsiders)}})


@transaction.atomic
def project_create(*, actor: Any, studio: Studio, data: dict[str, Any]) -> ResearchProject:
    _check_manager(actor, studio)
    data = dict(data)
    members = list(data.pop("members", []))
    _check_team(studio, data, members)
    project = save_audited(
        actor=actor,
        instance=ResearchProject(studio=studio, created_by=actor),
        data=data,
        action="research.project.created",
        fields=PROJECT_FIELDS,
    )
    project.members.set(members)
    search_index_put(project)
    log_transition(target=project, from_state="", to_state=project.status, actor=actor)
    notices.project_moved(project)
    return project


@transaction.atomic
def project_update(*, actor: Any, project: ResearchProject, data: dict[str, Any]) -> ResearchProject:
    _check_manager(actor, project.studio)
    if project.status in END_STATES:
        raise TransitionRefused(
            _("The project is %(status)s and can no longer be edited.") % {"status": project.get_status_display()}
        )
    data = dict(data)
    members = data.pop("members", None)
    _check_team(project.studio, data, members or [])
    project = save_audited(
        actor=actor, instance=project, data=data, action="research.project.updated", fields=PROJECT_FIELDS
    )
    if members is not None:
        project.members.set(members)
    search_index_put(project)
    return project


@transaction.atomic
def project_transition(*, actor: Any, project: ResearchProject, verb: str, reason: str = "") -> ResearchProject:
    """Move the project one stage on (or to an end state); a step backwards is refused."""
    allowed, why = can_transition(project, actor, verb)
    if not allowed:
        if why == _("You do not have permission to do this."):
            raise PermissionDenied(why)
        raise TransitionRefused(why)
    sources, target, _action, needs_reason = TRANSITIONS[verb]
    reason = reason.strip()
    if needs_reason and not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    before = project.status
    extra = {"status_reason": reason[:300]} if needs_reason else {}
    if not claim(ResearchProject, pk=project.pk, expected=list(sources), new=target, **extra):
        raise TransitionRefused(stale_message())
    project.refresh_from_db()
    log_transition(target=project, from_state=before, to_state=target, actor=actor, reason=reason)
    audit_record(actor=actor, action=f"research.project.{verb}", target=project, changes={"status": [before, target]})
    notices.project_moved(project, reason=reason)
    return project


@transaction.atomic
def project_document_add(*, actor: Any, project: ResearchProject, upload: Any, stage: str = "") -> ProjectDocument:
    """A document of the project's current stage (or a named earlier one), checked by content and size."""
    _check_manager(actor, project.studio)
    stage = stage or project.status
    if stage not in Status.values:
        raise ValidationError(_("Unknown step."))
    document = stored_file_accept(ProjectDocument, upload, uploaded_by=actor, project=project, stage=stage)
    audit_record(
        actor=actor,
        action="research.document.added",
        target=project,
        target_label=f"{project} · {document.original_name}",
    )
    return document


# Achievements ----------------------------------------------------------------------------------


def _add_evidence(actor: Any, achievement: Achievement, upload: Any) -> Evidence:
    evidence = stored_file_accept(Evidence, upload, uploaded_by=actor, achievement=achievement)
    audit_record(
        actor=actor,
        action="research.evidence.added",
        target=achievement,
        target_label=f"{achievement} · {evidence.original_name}",
    )
    return evidence


@transaction.atomic
def achievement_record(*, actor: Any, data: dict[str, Any], evidence: Any = None) -> Achievement:
    """A teacher records their own achievement; it waits for the bureau's verification."""
    require(actor, "achievement.record")
    if not actor.teacher_id:
        raise PermissionDenied(_("Only a teacher records achievements, their own."))
    data = dict(data)
    data.pop("evidence", None)
    achievement = save_audited(
        actor=actor,
        instance=Achievement(owner_id=actor.teacher_id, recorded_by=actor),
        data=data,
        action="research.achievement.recorded",
        fields=ACHIEVEMENT_FIELDS,
    )
    if evidence is not None:
        try:
            _add_evidence(actor, achievement, evidence)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    search_index_put(achievement)
    log_transition(target=achievement, from_state="", to_state=achievement.status, actor=actor)
    notices.achievement_moved(achievement)
    return achievement


@transaction.atomic
def achievement_evidence_add(*, actor: Any, achievement: Achievement, upload: Any) -> Evidence:
    require(actor, "achievement.record")
    if achievement.owner_id != actor.teacher_id:
        raise PermissionDenied(_("Only the teacher who recorded an achievement adds its evidence."))
    if achievement.status != Achievement.Status.PENDING:
        raise TransitionRefused(
            _("The achievement is %(status)s; its evidence can no longer change.")
            % {"status": achievement.get_status_display()}
        )
    return _add_evidence(actor, achievement, upload)


def _decide(actor: Any, achievement: Achievement, new: str, reason: str) -> Achievement:
    allowed, why = can_verify(achievement, actor)
    if not allowed:
        if why == _("You do not have permission to do this."):
            raise PermissionDenied(why)
        raise TransitionRefused(why)
    fields: dict[str, Any] = {"verified_by": actor, "verified_at": timezone.now()}
    if new == Achievement.Status.REJECTED:
        fields["reject_reason"] = reason[:300]
    if not claim(Achievement, pk=achievement.pk, expected=Achievement.Status.PENDING, new=new, **fields):
        raise TransitionRefused(stale_message())
    achievement.refresh_from_db()
    log_transition(target=achievement, from_state="pending", to_state=new, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=f"research.achievement.{new}",
        target=achievement,
        changes={"status": ["pending", new]},
    )
    notices.achievement_moved(achievement)
    return achievement


@transaction.atomic
def achievement_verify(*, actor: Any, achievement: Achievement) -> Achievement:
    return _decide(actor, achievement, Achievement.Status.VERIFIED, "")


@transaction.atomic
def achievement_reject(*, actor: Any, achievement: Achievement, reason: str) -> Achievement:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return _decide(actor, achievement, Achievement.Status.REJECTED, reason)


# Weight policy ---------------------------------------------------------------------------------


def weight_policy_from_template(*, region: Region, bundle: PolicyBundle, actor: Any = None) -> WeightPolicy | None:
    """The level-weights part of a template, as `region`'s own weights (registered in ResearchConfig.ready;
    the caller has checked the actor). A template that sets no weights creates none, and a region that
    already has its own keeps them."""
    weights = bundle.weight_values()
    if weights is None or WeightPolicy.objects.filter(region=region).exists():
        return None
    policy = WeightPolicy(region=region, updated_by=actor if getattr(actor, "is_authenticated", False) else None)
    for level in Level.values:
        setattr(policy, level, weights[level])
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor,
        action="research.weights.from_template",
        target=policy,
        changes={"template": [None, bundle.code], **{level: [None, str(weights[level])] for level in Level.values}},
    )
    return policy


@transaction.atomic
def weight_policy_save(*, actor: Any, region: Region, data: dict[str, Any]) -> WeightPolicy:
    """Set `region`'s own level weights (its subregions inherit them); validated and kept in history."""
    require(actor, "weights.manage", region)
    policy = WeightPolicy.objects.filter(region=region).first() or WeightPolicy(region=region)
    policy.updated_by = actor
    return save_audited(
        actor=actor,
        instance=policy,
        data={level: data[level] for level in Level.values if level in data},
        action="research.weights.saved",
        fields=Level.values,
    )
