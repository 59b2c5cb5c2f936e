"""Every write to batches, studios, teams and assessments. Each checks permission, scope and policy,
runs in a transaction, logs its transition and an audit entry, and refuses with the rule it broke."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.permissions import principal_for
from hts.core.audit import audit_record
from hts.core.search.index import search_index_put
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.org.models import Region, Teacher
from hts.studios import closing, guards, notices, rules
from hts.studios.guards import can_review
from hts.studios.models import (
    Batch,
    BatchPolicy,
    Grade,
    Membership,
    ResearchCheck,
    ReviewScore,
    ReviewStep,
    Studio,
    StudioAssessment,
)
from hts.studios.policy_templates import BUNDLES, PolicyBundle
from hts.studios.selectors import composition_counts, host_standard_for, research_rule, studio_host_standard
from hts.studios.template_parts import BATCH, REGION, template_parts

POLICY_FIELDS = [
    f.name
    for f in BatchPolicy._meta.get_fields()
    if f.concrete and f.name not in {"id", "uid", "batch", "created_at", "updated_at", "template"}
]

# Batches ---------------------------------------------------------------------------------------


@transaction.atomic
def batch_create(
    *, actor: Any, region: Region, name: str, tier: str, start_year: int, cycle_years: int | None, template: str
) -> Batch:
    """A batch with every part of its template's policy: studios writes the batch policy, and each app
    that owns another part (quotas, funding, level weights, rubric) creates it through the function it
    registered (template_parts), from the same bundle."""
    require(actor, "batch.manage", region)
    bundle = BUNDLES.get(template)
    if bundle is None:
        raise ValidationError({"template": _("Unknown template.")})
    name = " ".join(name.split())
    taken = ValidationError(
        {"name": _("%(region)s already has a batch named “%(name)s”.") % {"region": region, "name": name}}
    )
    if Batch.objects.filter(region=region, name=name).exists():
        raise taken
    batch = Batch(
        region=region,
        name=name,
        tier=tier,
        start_year=start_year,
        cycle_years=cycle_years or bundle.cycle_years,
        created_by=actor,
    )
    batch.full_clean()
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:  # the same name created at the same moment: the constraint decides
        raise taken from None
    policy = BatchPolicy(batch=batch, template=template, **bundle.batch_values())
    policy.full_clean()
    policy.save()
    for part in template_parts(BATCH).values():
        part(policy=policy, bundle=bundle, actor=actor)
    _region_parts(actor, region, bundle)
    audit_record(actor=actor, action="studios.batch.created", target=batch, changes={"template": [None, template]})
    return batch


def _region_parts(actor: Any, region: Region, bundle: PolicyBundle) -> None:
    for part in template_parts(REGION).values():
        part(region=region, bundle=bundle, actor=actor)


@transaction.atomic
def region_policy_from_template(*, actor: Any, region: Region, template: str) -> None:
    """A region's own policy parts (level weights, rubric) from a template; parts the region already
    has are kept."""
    require(actor, "batch.manage", region)
    bundle = BUNDLES.get(template)
    if bundle is None:
        raise ValidationError({"template": _("Unknown template.")})
    _region_parts(actor, region, bundle)
    audit_record(
        actor=actor,
        action="studios.region_policy.created",
        target=region,
        region_path=region.path,
        changes={"template": [None, template]},
    )


@transaction.atomic
def batch_policy_update(*, actor: Any, batch: Batch, data: dict[str, Any]) -> BatchPolicy:
    require(actor, "batch.manage", batch.region)
    policy = BatchPolicy.objects.select_for_update().get(batch=batch)
    return save_audited(actor=actor, instance=policy, data=data, action="studios.policy.updated", fields=POLICY_FIELDS)


@transaction.atomic
def batch_set_status(*, actor: Any, batch: Batch, status: str) -> Batch:
    require(actor, "batch.manage", batch.region)
    return save_audited(
        actor=actor, instance=batch, data={"status": status}, action="studios.batch.status", fields=["status"]
    )


# Facts about a person ----------------------------------------------------------------------------


def _refuse_unmet(results: list[rules.RuleResult]) -> None:
    """A rule not met refuses; one pending (待核实) does not, the bureau checks it in the selection."""
    unmet = [f"{r.label}：{r.detail}" for r in rules.unmet(results)]
    if unmet:
        raise TransitionRefused(_("The standard is not met: %(rules)s") % {"rules": "；".join(unmet)})


def _may_act_for(actor: Any, teacher: Teacher, action: str) -> str:
    """'self' when the actor is the teacher, 'school' when the actor's school recommends them."""
    principal = principal_for(actor)
    principal.require(action)
    if getattr(actor, "teacher_id", None) == teacher.pk:
        return "self"
    if teacher.school_id in principal.school_ids_for(action):
        return "school"
    raise PermissionDenied(_("You may apply only for yourself, or recommend teachers of your own school."))


# Host applications and review ------------------------------------------------------------------


@transaction.atomic
def studio_apply(*, actor: Any, batch: Batch, teacher: Teacher, data: dict[str, Any]) -> Studio:
    source = _may_act_for(actor, teacher, "studio.apply")
    if batch.status != Batch.Status.OPEN:
        raise TransitionRefused(_("This batch is not open for applications."))
    if not teacher.school.region.path.startswith(batch.region.path):
        raise TransitionRefused(_("%(school)s is outside the batch's region.") % {"school": teacher.school})
    if Studio.objects.filter(batch=batch, host=teacher).exclude(status=Studio.Status.REJECTED).exists():
        raise TransitionRefused(_("%(name)s has already applied to host a studio in this batch.") % {"name": teacher})
    declared = (data.get("research_level", ""), data.get("research_title", ""))
    results = host_standard_for(batch, teacher, *declared)
    _refuse_unmet(results)
    # The stored check is part of the official record: in the platform's language, whatever the
    # applicant's screen showed.
    with translation.override(settings.LANGUAGE_CODE):
        record = [r.as_dict() for r in host_standard_for(batch, teacher, *declared)]
    awaits_check = any(r.pending for r in results)
    studio = Studio(
        batch=batch,
        host=teacher,
        host_school=teacher.school,
        applied_by=actor,
        source=source,
        standard_check=record,
        status=Studio.Status.APPLIED,
        research_check=ResearchCheck.PENDING if awaits_check else "",
        **data,
    )
    studio.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            studio.save()
    except IntegrityError:
        raise TransitionRefused(
            _("%(name)s has already applied to host a studio in this batch.") % {"name": teacher}
        ) from None
    log_transition(target=studio, from_state=Studio.Status.DRAFT, to_state=Studio.Status.APPLIED, actor=actor)
    search_index_put(studio)
    audit_record(actor=actor, action="studios.studio.applied", target=studio, changes={"host": [None, teacher.name]})
    notices.studio_applied(studio)
    if awaits_check:
        notices.research_declared(studio)
    return studio


@transaction.atomic
def studio_theme_update(*, actor: Any, studio: Studio, theme: str) -> Studio:
    """The host rewords the studio's theme: audited, re-indexed for both searches, and the public pages
    that show it renewed (through the portal's listener)."""
    _refuse_unless(guards.can_edit_theme(studio, actor))
    theme = " ".join(theme.split())
    if not theme:
        raise ValidationError({"theme": _("Give the studio's theme.")})
    # Checked before the "unchanged" shortcut: a theme stored longer by an older import is not
    # silently accepted when saved again as it is.
    limit = Studio._meta.get_field("theme").max_length
    if len(theme) > limit:  # type: ignore[operator]
        raise ValidationError({"theme": _("The theme is at most %(limit)d characters.") % {"limit": limit}})
    before = studio.theme
    if theme == before:
        return studio
    studio.theme = theme
    studio.save(update_fields=["theme", "updated_at"])
    audit_record(actor=actor, action="studios.studio.updated", target=studio, changes={"theme": [before, theme]})
    search_index_put(studio)
    closing.studio_shown_changed(studio)
    return studio


def _refuse_unless(answer: guards.Answer) -> None:
    """Raise a guard's refusal (the actor's right was checked before: what remains is the state)."""
    ok, reason = answer
    if not ok:
        raise TransitionRefused(reason)


def _move(studio: Studio, *, actor: Any, expected: str | list[str], new: str, reason: str = "", **fields: Any) -> None:
    previous = studio.status
    if not claim(Studio, pk=studio.pk, expected=expected, new=new, **fields):
        raise TransitionRefused(stale_message())
    studio.status = new
    for name, value in fields.items():
        setattr(studio, name, value)
    log_transition(target=studio, from_state=previous, to_state=new, actor=actor, reason=reason)
    audit_record(actor=actor, action=f"studios.studio.{new}", target=studio, changes={"status": [previous, new]})
    closing.studio_state_changed(studio=studio, actor=actor, previous=previous, reason=reason)
    search_index_put(studio)  # its website is found (or gone) with its state


def _refuse_research_unsettled(studio: Studio) -> None:
    """The host standard's research rule must be met to pass the material check or to approve: a
    declaration still awaiting the bureau's check is refused with what to do, never overridden
    (003 四(三)2(3) sets it as a condition of the host, and 004's steps have the bureau check it)."""
    rule = research_rule(studio)
    if rule is None or rule.met:
        return
    if rule.pending:
        raise TransitionRefused(
            _(
                "The research declared on the application (“%(title)s”) awaits the bureau's check (待核实): "
                "verify it, or record that it is not verified, in the material check first."
            )
            % {"title": studio.research_title or studio.get_research_level_display()}
        )
    _refuse_unmet([rule])


@transaction.atomic
def studio_material_check(*, actor: Any, studio: Studio, passed: bool, comment: str = "") -> Studio:
    require(actor, "studio.review", studio)
    allowed, reason = can_review(studio, ReviewStep.Step.MATERIAL)
    if not allowed:
        raise TransitionRefused(reason)
    if passed:
        _refuse_research_unsettled(studio)
    _move(
        studio,
        actor=actor,
        expected=Studio.Status.APPLIED,
        new=Studio.Status.UNDER_REVIEW if passed else Studio.Status.REJECTED,
        reason=comment,
    )
    ReviewStep.objects.create(
        studio=studio, step=ReviewStep.Step.MATERIAL, outcome="pass" if passed else "fail", comment=comment, by=actor
    )
    notices.studio_decided(studio, step="material", reason=comment)
    return studio


@transaction.atomic
def studio_defence_record(
    *, actor: Any, studio: Studio, passed: bool, score: Decimal | None, comment: str = ""
) -> ReviewStep:
    require(actor, "studio.review", studio)
    allowed, reason = can_review(studio, ReviewStep.Step.DEFENCE)
    if not allowed:
        raise TransitionRefused(reason)
    _check_score(studio, score)
    step = ReviewStep.objects.create(
        studio=studio,
        step=ReviewStep.Step.DEFENCE,
        outcome="pass" if passed else "fail",
        score=score,
        comment=comment,
        by=actor,
    )
    log_transition(
        target=studio,
        from_state=studio.status,
        to_state=studio.status,
        actor=actor,
        reason=_("On-site defence: %(outcome)s") % {"outcome": step.get_outcome_display()},
    )
    audit_record(actor=actor, action="studios.review.defence", target=studio, changes={"outcome": [None, step.outcome]})
    return step


@transaction.atomic
def studio_research_check(*, actor: Any, studio: Studio, verified: bool, note: str = "") -> Studio:
    """The bureau checks the research the applicant declared (certificates, the project's records): it
    is verified, and the host standard's research rule reads ✓, or it is not, and the rule reads ✗.
    Who and when are kept on the application, in its history and in the audit log."""
    require(actor, "studio.review", studio)
    note = note.strip()
    if not verified and not note:
        raise ValidationError({"note": _("Say why the declared research is not verified.")})
    # Only the studio's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of the join.
    locked = Studio.objects.select_related("batch__policy").select_for_update(of=("self",)).get(pk=studio.pk)
    _refuse_unless(guards.can_check_research(locked, actor))
    new = ResearchCheck.VERIFIED if verified else ResearchCheck.REJECTED
    studio.research_check = new
    studio.research_checked_by = actor
    studio.research_checked_at = timezone.now()
    studio.research_check_note = note[:300]
    # The stored check (printed on the application form) follows the bureau's finding.
    with translation.override(settings.LANGUAGE_CODE):
        studio.standard_check = [r.as_dict() for r in studio_host_standard(studio)]
    studio.save(
        update_fields=[
            "research_check",
            "research_checked_by",
            "research_checked_at",
            "research_check_note",
            "standard_check",
            "updated_at",
        ]
    )
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Declared research “%(title)s”: %(state)s") % {
            "title": studio.research_title or studio.get_research_level_display(),
            "state": studio.get_research_check_display(),
        }
    log_transition(
        target=studio,
        from_state=studio.status,
        to_state=studio.status,
        actor=actor,
        reason=f"{reason}（{note}）" if note else reason,
    )
    audit_record(
        actor=actor,
        action=f"studios.research.{new}",
        target=studio,
        changes={"research_check": [ResearchCheck.PENDING, new], "note": [None, note]},
    )
    notices.research_checked(studio)
    return studio


def _check_score(studio: Studio, score: Decimal | None) -> None:
    top = studio.batch.policy.review_score_max
    if score is not None and not (0 <= score <= top):
        raise ValidationError(
            {"score": _("Scores run from 0 to %(top)d; %(score)s is outside the scale.") % {"top": top, "score": score}}
        )


@transaction.atomic
def review_score_submit(*, actor: Any, studio: Studio, score: Decimal, comment: str = "") -> ReviewScore:
    require(actor, "studio.review", studio)
    if studio.status != Studio.Status.UNDER_REVIEW:
        raise TransitionRefused(_("The application is not under review."))
    _check_score(studio, score)
    entry, _created = ReviewScore.objects.update_or_create(
        studio=studio, reviewer=actor, defaults={"score": score, "comment": comment}
    )
    audit_record(actor=actor, action="studios.review.scored", target=studio, changes={"score": [None, str(score)]})
    return entry


@transaction.atomic
def studio_decide(*, actor: Any, studio: Studio, approve: bool, reason: str = "") -> Studio:
    require(actor, "studio.review", studio)
    allowed, why = can_review(studio, ReviewStep.Step.DECISION)
    if not allowed:
        raise TransitionRefused(why)
    policy = studio.batch.policy
    scores = studio.review_scores.count()
    if approve and scores < policy.review_min_reviewers:
        raise TransitionRefused(
            _("Peer review has %(count)d scores; the policy asks for at least %(min)d reviewers.")
            % {"count": scores, "min": policy.review_min_reviewers}
        )
    if approve:
        _refuse_research_unsettled(studio)
    _move(
        studio,
        actor=actor,
        expected=Studio.Status.UNDER_REVIEW,
        new=Studio.Status.APPROVED if approve else Studio.Status.REJECTED,
        reason=reason,
    )
    ReviewStep.objects.create(
        studio=studio, step=ReviewStep.Step.DECISION, outcome="pass" if approve else "fail", comment=reason, by=actor
    )
    if approve:
        Membership.objects.create(
            studio=studio,
            role=Membership.Role.HOST,
            teacher=studio.host,
            status=Membership.Status.ACTIVE,
            source=Membership.Source.SELF,
            started_on=timezone.localdate(),
        )
    notices.studio_decided(studio, step="decision", reason=reason)
    return studio


def _check_composition(
    actor: Any,
    studio: Studio,
    counts: rules.CompositionCounts,
    override_reason: str,
    *,
    complete: bool = False,
    before: rules.CompositionCounts | None = None,
) -> str:
    """Refuses when the team breaks the policy, unless bureau staff give a written reason.

    Returns the override reason that was used ("" when none was needed)."""
    problems = rules.composition_problems(studio.batch.policy, counts, complete=complete, before=before)
    if not problems:
        return ""
    if override_reason.strip() and guards.can_override(studio, actor)[0]:
        audit_record(
            actor=actor,
            action="studios.rule.overridden",
            target=studio,
            changes={"rules": problems, "reason": [None, override_reason]},
        )
        return override_reason.strip()
    raise TransitionRefused("；".join(problems))


@transaction.atomic
def studio_activate(*, actor: Any, studio: Studio, override_reason: str = "") -> Studio:
    """授牌: the approved studio starts its cycle; the team must now meet the minimums."""
    require(actor, "studio.review", studio)
    _refuse_unless(guards.can_activate(studio, actor))
    counts = composition_counts(studio)
    # Upper limits were enforced (or overridden) person by person; starting checks the minimums.
    used = _check_composition(actor, studio, counts, override_reason, complete=True, before=counts)
    _move(studio, actor=actor, expected=Studio.Status.APPROVED, new=Studio.Status.ACTIVE, reason=used)
    return studio


# Assessment ------------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *, actor: Any, studio: Studio, kind: str, year: int, grade: str, comments: str = ""
) -> StudioAssessment:
    """Yearly: a failed year brings the yellow card, the second revokes (per the batch policy).
    End of cycle: the studio completes with its final grade and the host's eligibility."""
    require(actor, "studio.assess", studio)
    policy = studio.batch.policy
    _refuse_unless(guards.can_assess(studio, actor))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Unknown grade.")})
    if kind not in StudioAssessment.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of assessment.")})
    ok, reason = guards.can_assess_year(studio, kind, year)
    if not ok:
        raise ValidationError({"year": reason})
    if StudioAssessment.objects.filter(studio=studio, kind=kind, year=year).exists():
        raise TransitionRefused(_("%(year)d has already been assessed.") % {"year": year})
    assessment = StudioAssessment.objects.create(
        studio=studio, kind=kind, year=year, grade=grade, comments=comments, assessed_by=actor
    )
    audit_record(
        actor=actor,
        action=f"studios.assessment.{kind}",
        target=studio,
        changes={"year": [None, year], "grade": [None, grade]},
    )
    if kind == StudioAssessment.Kind.FINAL:
        eligibilities: dict[str, str] = {
            Grade.EXCELLENT: policy.excellent_eligibility,
            Grade.QUALIFIED: policy.qualified_eligibility,
        }
        eligibility = eligibilities.get(grade, "")
        _move(
            studio,
            actor=actor,
            expected=list(guards.ASSESSED_STATES),
            new=Studio.Status.COMPLETED,
            reason=comments,
            final_grade=grade,
            host_eligibility=eligibility,
        )
        return assessment
    failed_years = StudioAssessment.objects.filter(
        studio=studio, kind=StudioAssessment.Kind.YEARLY, grade=Grade.FAILED
    ).count()
    failed_later = StudioAssessment.objects.filter(
        studio=studio, kind=StudioAssessment.Kind.YEARLY, grade=Grade.FAILED, year__gt=year
    ).exists()
    new = rules.status_after_yearly(
        policy,
        failed_this_year=grade == Grade.FAILED,
        failed_years=failed_years,
        current=studio.status,
        failed_later=failed_later,
    )
    if studio.status == Studio.Status.EXPIRED and new != Studio.Status.REVOKED:
        new = studio.status  # past its cycle a studio awaits its end-of-cycle grade: no card to give or lift
    if new != studio.status:
        _move(
            studio,
            actor=actor,
            expected=studio.status,
            new=new,
            reason=_("Yearly assessment %(year)d: %(grade)s") % {"year": year, "grade": assessment.get_grade_display()},
        )
    return assessment


@transaction.atomic
def studios_expire(*, today: Any = None) -> list[Studio]:
    """The daily step: a running studio whose cycle's last year has ended becomes 期满 (expired),
    awaiting its end-of-cycle assessment; its planned activities are cancelled and its team told.
    Claimed row by row, so two runs at once expire each studio once."""
    today = today or timezone.localdate()
    due = (
        Studio.objects.filter(status__in=[Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD])
        .alias(end_year=F("batch__start_year") + F("batch__cycle_years") - 1)
        .filter(end_year__lt=today.year)
        .select_related("batch", "host_school__region")
        .order_by("pk")
    )
    expired: list[Studio] = []
    for studio in due:
        try:
            with transaction.atomic():
                _move(
                    studio,
                    actor=None,
                    expected=studio.status,
                    new=Studio.Status.EXPIRED,
                    reason=_("The cycle %(start)d–%(end)d has ended.")
                    % {"start": studio.batch.start_year, "end": studio.batch.end_year},
                )
        except TransitionRefused:
            continue  # another run moved it first
        expired.append(studio)
    return expired
