"""Every write to batches, studios, teams and assessments. Each checks permission, scope and policy,
runs in a transaction, logs its transition and an audit entry, and refuses with the rule it broke."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.permissions import principal_for
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.org.models import HeadTeacherService, Honour, Level, Region, Teacher, service_years
from hts.studios import guards, rules
from hts.studios.models import (
    HOLDS_A_PLACE,
    Batch,
    BatchPolicy,
    Grade,
    Membership,
    ReviewScore,
    ReviewStep,
    Studio,
    StudioAssessment,
    Tier,
)
from hts.studios.policy_templates import BUNDLES, PolicyBundle
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
    batch = Batch(
        region=region,
        name=name,
        tier=tier,
        start_year=start_year,
        cycle_years=cycle_years or bundle.cycle_years,
        created_by=actor,
    )
    batch.full_clean()
    batch.save()
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


def person_facts(teacher: Teacher, *, research_level: str = "") -> rules.PersonFacts:
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
        research_level=research_level,
        hosts_lower_studio=hosts_lower,
    )


def host_standard_for(batch: Batch, teacher: Teacher, research_level: str = "") -> list[rules.RuleResult]:
    return rules.host_standard(batch.policy, person_facts(teacher, research_level=research_level))


def member_standard_for(studio: Studio, teacher: Teacher) -> list[rules.RuleResult]:
    return rules.member_standard(studio.batch.policy, person_facts(teacher))


def _refuse_unmet(results: list[rules.RuleResult]) -> None:
    unmet = [f"{r.label}：{r.detail}" for r in results if not r.met]
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
    results = host_standard_for(batch, teacher, data.get("research_level", ""))
    _refuse_unmet(results)
    # The stored check is part of the official record: in the platform's language, whatever the
    # applicant's screen showed.
    with translation.override(settings.LANGUAGE_CODE):
        record = [r.as_dict() for r in host_standard_for(batch, teacher, data.get("research_level", ""))]
    studio = Studio(
        batch=batch,
        host=teacher,
        host_school=teacher.school,
        applied_by=actor,
        source=source,
        standard_check=record,
        status=Studio.Status.APPLIED,
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
    audit_record(actor=actor, action="studios.studio.applied", target=studio, changes={"host": [None, teacher.name]})
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


def can_review(studio: Studio, step: str) -> tuple[bool, str]:
    """Guard shared by the review page (to show the form) and the services (to refuse)."""
    done = {s.step for s in studio.review_steps.all()}
    if step == ReviewStep.Step.MATERIAL:
        if studio.status != Studio.Status.APPLIED:
            return False, _("The material check is for applications just submitted.")
        return True, ""
    if studio.status != Studio.Status.UNDER_REVIEW:
        return False, _("The application is not under review.")
    if step == ReviewStep.Step.DEFENCE and ReviewStep.Step.DEFENCE in done:
        return False, _("The on-site defence is already recorded.")
    if step == ReviewStep.Step.DECISION and ReviewStep.Step.DEFENCE not in done:
        return False, _("Record the on-site defence first.")
    return True, ""


@transaction.atomic
def studio_material_check(*, actor: Any, studio: Studio, passed: bool, comment: str = "") -> Studio:
    require(actor, "studio.review", studio)
    allowed, reason = can_review(studio, ReviewStep.Step.MATERIAL)
    if not allowed:
        raise TransitionRefused(reason)
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
    return studio


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


# Team ------------------------------------------------------------------------------------------


def _check_team_manager(actor: Any, studio: Studio) -> None:
    """The studio's host manages its team; bureau staff of its region may act too (to override)."""
    if not guards.manages_team(studio, actor):
        raise PermissionDenied(_("Only the studio's host or the bureau may do this."))


@transaction.atomic
def membership_apply(*, actor: Any, studio: Studio, teacher: Teacher, statement: str = "") -> Membership:
    source = _may_act_for(actor, teacher, "studio.join")
    _refuse_unless(guards.can_join(studio, teacher))
    current = Membership.objects.filter(teacher=teacher).exclude(
        status__in=[
            Membership.Status.REFUSED,
            Membership.Status.LEFT,
            Membership.Status.ROTATED_OUT,
            Membership.Status.GRADUATED,
        ]
    )
    if current.filter(studio=studio).exists():
        raise TransitionRefused(_("%(name)s is already in this studio's team or has applied.") % {"name": teacher})
    if studio.batch.policy.single_studio_per_batch and current.filter(studio__batch=studio.batch).exists():
        raise TransitionRefused(
            _("The batch's policy allows one studio per member; %(name)s is already in another studio of this batch.")
            % {"name": teacher}
        )
    _refuse_unmet(member_standard_for(studio, teacher))
    membership = Membership.objects.create(
        studio=studio,
        role=Membership.Role.MEMBER,
        teacher=teacher,
        status=Membership.Status.APPLIED,
        source=source,
        statement=statement,
    )
    log_transition(target=membership, from_state="", to_state=membership.status, actor=actor)
    audit_record(actor=actor, action="studios.membership.applied", target=membership)
    return membership


def _move_membership(
    membership: Membership, *, actor: Any, expected: str | list[str], new: str, reason: str = "", **fields: Any
) -> None:
    previous = membership.status
    if not claim(Membership, pk=membership.pk, expected=expected, new=new, **fields):
        raise TransitionRefused(stale_message())
    # The conditional UPDATE skips simple-history; save once more so the history row records it.
    membership.refresh_from_db()
    membership.save()
    log_transition(target=membership, from_state=previous, to_state=new, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=f"studios.membership.{new}",
        target=membership,
        changes={"status": [previous, new], **({"reason": [None, reason]} if reason else {})},
    )


@transaction.atomic
def membership_admit(*, actor: Any, membership: Membership, override_reason: str = "") -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_admit(membership, actor))
    used = _check_composition(
        actor, studio, composition_counts(studio, adding=membership), override_reason, before=composition_counts(studio)
    )
    _move_membership(
        membership,
        actor=actor,
        expected=Membership.Status.APPLIED,
        new=Membership.Status.ADMITTED,
        reason=used,
        override_reason=used,
    )
    return membership


@transaction.atomic
def membership_evaluate(*, actor: Any, membership: Membership, evaluation: str) -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_evaluate(membership, actor))
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Write the on-site evaluation.")})
    _move_membership(
        membership,
        actor=actor,
        expected=Membership.Status.ADMITTED,
        new=Membership.Status.EVALUATED,
        evaluation=evaluation,
    )
    return membership


@transaction.atomic
def membership_approve(*, actor: Any, membership: Membership, override_reason: str = "") -> Membership:
    """Bureau approval: the member joins; composition is checked again, as the team may have changed."""
    studio = membership.studio
    require(actor, "membership.approve", studio)
    _refuse_unless(guards.can_approve(membership, actor))
    expected = guards.approval_expects(membership)
    used = _check_composition(
        actor, studio, composition_counts(studio, adding=membership), override_reason, before=composition_counts(studio)
    )
    _move_membership(
        membership,
        actor=actor,
        expected=expected,
        new=Membership.Status.ACTIVE,
        reason=used,
        started_on=timezone.localdate(),
        override_reason=used or membership.override_reason,
    )
    return membership


@transaction.atomic
def membership_refuse(*, actor: Any, membership: Membership, reason: str) -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    _move_membership(
        membership,
        actor=actor,
        expected=[
            Membership.Status.APPLIED,
            Membership.Status.ADMITTED,
            Membership.Status.EVALUATED,
            Membership.Status.INVITED,
        ],
        new=Membership.Status.REFUSED,
        reason=reason,
    )
    return membership


@transaction.atomic
def mentor_invite(
    *,
    actor: Any,
    studio: Studio,
    teacher: Teacher | None = None,
    external_name: str = "",
    external_affiliation: str = "",
    override_reason: str = "",
) -> Membership:
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_take_records(studio))
    if teacher is None and not external_name.strip():
        raise ValidationError({"external_name": _("Choose a teacher or write the mentor's name.")})
    if (
        teacher is not None
        and Membership.objects.filter(studio=studio, teacher=teacher)
        .exclude(status__in=[Membership.Status.REFUSED, Membership.Status.LEFT])
        .exists()
    ):
        raise TransitionRefused(_("%(name)s is already in this studio's team.") % {"name": teacher})
    membership = Membership(
        studio=studio,
        role=Membership.Role.MENTOR,
        teacher=teacher,
        external_name=external_name.strip(),
        external_affiliation=external_affiliation.strip(),
        status=Membership.Status.INVITED,
        source=Membership.Source.INVITED,
    )
    used = _check_composition(
        actor, studio, composition_counts(studio, adding=membership), override_reason, before=composition_counts(studio)
    )
    membership.override_reason = used
    membership.full_clean()
    membership.save()
    log_transition(target=membership, from_state="", to_state=membership.status, actor=actor, reason=used)
    audit_record(actor=actor, action="studios.membership.invited", target=membership)
    return membership


@transaction.atomic
def membership_set_liaison(
    *, actor: Any, membership: Membership, is_liaison: bool, override_reason: str = ""
) -> Membership:
    studio = membership.studio
    _check_team_manager(actor, studio)
    _refuse_unless(guards.can_take_records(studio))
    if membership.role != Membership.Role.MEMBER or membership.status != Membership.Status.ACTIVE:
        raise TransitionRefused(_("Only an active member can be the liaison."))
    if is_liaison:
        _check_composition(
            actor,
            studio,
            _counts_with_liaison(studio, membership),
            override_reason,
            before=composition_counts(studio),
        )
    membership.is_liaison = is_liaison
    membership.save(update_fields=["is_liaison", "updated_at"])
    audit_record(
        actor=actor,
        action="studios.membership.liaison",
        target=membership,
        changes={"is_liaison": [not is_liaison, is_liaison]},
    )
    return membership


def _counts_with_liaison(studio: Studio, membership: Membership) -> rules.CompositionCounts:
    counts = composition_counts(studio)
    already = Membership.objects.filter(pk=membership.pk, is_liaison=True).exists()
    return rules.CompositionCounts(**{**counts.__dict__, "liaisons": counts.liaisons + (0 if already else 1)})


END_STATES = {
    "left": Membership.Status.LEFT,
    "rotated_out": Membership.Status.ROTATED_OUT,
    "graduated": Membership.Status.GRADUATED,
}


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, how: str, reason: str = "", title: str = "") -> Membership:
    """A member leaves, is rotated out (不合格 → 流动), or graduates (结业) with a title the policy grants.

    The host records leaving and rotation; graduation, which confers a title, is the bureau's."""
    studio = membership.studio
    if how not in END_STATES:
        raise ValidationError({"how": _("Unknown way of leaving.")})
    if how == "graduated":
        require(actor, "membership.approve", studio)
    else:
        _check_team_manager(actor, studio)
    guard = {"left": guards.can_leave, "rotated_out": guards.can_rotate, "graduated": guards.can_graduate}[how]
    _refuse_unless(guard(membership, actor))
    titles = studio.batch.policy.titles
    if title and title not in titles:
        raise ValidationError(
            {"title": _("The policy grants only: %(titles)s.") % {"titles": "、".join(titles) or _("none")}}
        )
    if how != "graduated" and title:
        raise ValidationError({"title": _("Only a graduating member receives a title.")})
    if how in {"rotated_out", "left"} and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    _move_membership(
        membership,
        actor=actor,
        expected=Membership.Status.ACTIVE,
        new=END_STATES[how],
        reason=reason,
        ended_on=timezone.localdate(),
        graduation_title=title,
        is_liaison=False,
    )
    return membership


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
    if not studio.batch.start_year <= year <= studio.batch.end_year:
        raise ValidationError(
            {
                "year": _("The year must fall within the cycle %(start)d–%(end)d.")
                % {"start": studio.batch.start_year, "end": studio.batch.end_year}
            }
        )
    if kind == StudioAssessment.Kind.FINAL and year != studio.batch.end_year:
        raise ValidationError(
            {
                "year": _("The end-of-cycle assessment is for the cycle's last year, %(end)d.")
                % {"end": studio.batch.end_year}
            }
        )
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
            expected=[Studio.Status.ACTIVE, Studio.Status.YELLOW_CARD],
            new=Studio.Status.COMPLETED,
            reason=comments,
            final_grade=grade,
            host_eligibility=eligibility,
        )
        return assessment
    failed_years = StudioAssessment.objects.filter(
        studio=studio, kind=StudioAssessment.Kind.YEARLY, grade=Grade.FAILED
    ).count()
    new = rules.status_after_yearly(
        policy, failed_this_year=grade == Grade.FAILED, failed_years=failed_years, current=studio.status
    )
    if new != studio.status:
        _move(
            studio,
            actor=actor,
            expected=studio.status,
            new=new,
            reason=_("Yearly assessment %(year)d: %(grade)s") % {"year": year, "grade": assessment.get_grade_display()},
        )
    return assessment
