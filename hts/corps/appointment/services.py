"""Writes of competitive appointment (001 二 6). Each step is a guarded transition of the round (one
conditional UPDATE: of two requests at once one wins, the other is told), logged in the workflow
log and the audit, and tells whoever must act next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.accounts.models import User
from hts.accounts.selectors import users_who_may
from hts.core.audit import audit_record
from hts.core.workflow import TransitionRefused, claim, log_transition, stale_message
from hts.corps.appointment import guards, selectors
from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Letter, Objection, Post
from hts.corps.objections import services as objections
from hts.evaluation.democratic.models import DemocraticRating
from hts.evaluation.democratic.selectors import rating_results
from hts.evaluation.democratic.services import democratic_rating_create
from hts.evaluation.rounds import services as rounds
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.evaluation.rounds.selectors import rubric_maximum
from hts.evaluation.rubrics.models import RubricKind, RubricVersion
from hts.notifications.services import Message, notifications_send
from hts.org.models import School, SchoolClass, Teacher

Status = AppointmentRound.Status
MANAGE = guards.MANAGE
HUNDRED = Decimal("100")


def _refuse_unless(guard: tuple[bool, str]) -> None:
    ok, reason = guard
    if not ok:
        raise TransitionRefused(reason)


def _step(rnd: AppointmentRound, actor: Any, new: str, reason: str = "", **fields: Any) -> None:
    old = rnd.status
    if not claim(AppointmentRound, pk=rnd.pk, expected=old, new=new, updated_at=timezone.now(), **fields):
        raise TransitionRefused(stale_message())
    rnd.status = new
    for name, value in fields.items():
        setattr(rnd, name, value)
    log_transition(target=rnd, from_state=old, to_state=new, actor=actor, reason=reason)
    audit_record(actor=actor, action="corps.appointment.step", target=rnd, changes={"status": [old, new]})


def _round_url(rnd: AppointmentRound) -> str:
    return reverse("corps-appointment-round", kwargs={"uid": rnd.uid})


def _mine_url() -> str:
    return reverse("corps-appointment-mine")


def _staff_of(school: School) -> list[User]:
    """The school's own staff who run its rounds (a bureau above is not told of each step)."""
    return users_who_may("corps.appointment.manage", school, region_within=None)


def _notify(users: Iterable[User], rnd: AppointmentRound, key: str, title: str, url: str) -> None:
    notifications_send(
        Message(recipient=user, title=title, url=url, dedupe_key=f"corps.appointment:{rnd.uid}:{key}") for user in users
    )


def _users_of(teacher_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(teacher_id__in=list(teacher_ids), is_active=True))


# 1. 公布岗位 --------------------------------------------------------------------------------------------

ROUND_FIELDS = ("title", "term_from", "term_to", "speech_weight", "rating_weight", "objection_days")


@transaction.atomic
def round_create(*, actor: Any, school: School, data: Mapping[str, Any]) -> AppointmentRound:
    require(actor, MANAGE, school)
    if data["term_to"] <= data["term_from"]:
        raise ValidationError({"term_to": _("The term must end after it starts.")})
    if data["speech_weight"] + data["rating_weight"] != HUNDRED:
        raise ValidationError({"rating_weight": _("The two weights must add up to 100.")})
    rnd = AppointmentRound(school=school, created_by=actor, **{name: data[name] for name in ROUND_FIELDS})
    rnd.full_clean()
    # The speech round is set in the school year the term starts in: refused now rather than at step 4,
    # where a round would be stuck.
    if selectors.school_year_of(rnd) is None:
        raise ValidationError({"term_from": selectors.no_school_year_message(rnd)})
    rnd.save()
    log_transition(target=rnd, from_state="", to_state=rnd.status, actor=actor)
    audit_record(actor=actor, action="corps.appointment.created", target=rnd, changes={"title": [None, rnd.title]})
    return rnd


@transaction.atomic
def posts_add(*, actor: Any, rnd: AppointmentRound, classes: Iterable[SchoolClass]) -> int:
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_edit_posts(rnd, actor))
    classes = list(classes)
    for school_class in classes:
        if school_class.school_id != rnd.school_id:
            raise ValidationError(_("%(cls)s is not a class of this school.") % {"cls": school_class})
    taken = set(rnd.posts.values_list("school_class_id", flat=True))
    new = [Post(round=rnd, school_class=c) for c in classes if c.pk not in taken]
    Post.objects.bulk_create(new)
    audit_record(
        actor=actor, action="corps.appointment.posts", target=rnd, changes={"posts": [None, [str(p) for p in new]]}
    )
    return len(new)


@transaction.atomic
def post_remove(*, actor: Any, post: Post) -> None:
    require(actor, MANAGE, post.round)
    _refuse_unless(guards.can_edit_posts(post.round, actor))
    audit_record(actor=actor, action="corps.appointment.posts", target=post.round, changes={"posts": [str(post), None]})
    post.delete()


@transaction.atomic
def posts_publish(*, actor: Any, rnd: AppointmentRound) -> AppointmentRound:
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_publish_posts(rnd, actor))
    _step(rnd, actor, Status.APPLYING)
    teachers = Teacher.objects.filter(school_id=rnd.school_id).values_list("pk", flat=True)
    _notify(
        _users_of(teachers),
        rnd,
        "posts",
        _("Head-teacher posts are open for applications: %(title)s") % {"title": rnd.title},
        _mine_url(),
    )
    return rnd


# 2. 个人申报 --------------------------------------------------------------------------------------------

APPLICATION_FIELDS = ("teaching_years", "subject_taught", "reasons", "plans", "record")


@transaction.atomic
def application_submit(*, actor: Any, rnd: AppointmentRound, data: Mapping[str, Any]) -> Application:
    _refuse_unless(guards.can_apply(rnd, actor))
    grades = [int(g) for g in data["preferred_grades"]]
    offered = set(rnd.posts.values_list("school_class__grade", flat=True))
    if not grades or len(set(grades)) != len(grades) or not set(grades) <= offered:
        raise ValidationError(
            {"preferred_grades": _("Choose one or more different grades among the posts, first choice first.")}
        )
    application = Application(
        round=rnd, teacher_id=actor.teacher_id, preferred_grades=grades, **{n: data[n] for n in APPLICATION_FIELDS}
    )
    application.full_clean(exclude=["teacher"])
    application.save()
    audit_record(actor=actor, action="corps.appointment.applied", target=application)
    _notify(
        _staff_of(rnd.school),
        rnd,
        f"applied:{application.pk}",
        _("%(name)s applied for a head-teacher post") % {"name": application.teacher.name},
        _round_url(rnd),
    )
    return application


@transaction.atomic
def applications_close(*, actor: Any, rnd: AppointmentRound) -> AppointmentRound:
    """Ends the applications and runs the named qualification checks on each applicant."""
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_close_applications(rnd, actor))
    _step(rnd, actor, Status.CHECKING)
    policy = selectors.round_policy(rnd)
    for application in rnd.applications.select_related("teacher"):
        checks = selectors.qualification_checks(application.teacher, rnd, policy)
        application.checks = [check.as_dict() for check in checks]
        application.status = (
            Application.Status.QUALIFIED if all(c.ok for c in checks) else Application.Status.NOT_QUALIFIED
        )
        application.save(update_fields=["checks", "status", "updated_at"])
    _notify(
        _users_of(rnd.applications.values_list("teacher_id", flat=True)),
        rnd,
        "checked",
        _("The qualification check of your application is done: %(title)s") % {"title": rnd.title},
        _mine_url(),
    )
    return rnd


# 3–5. 资格审查 → 竞聘演讲 and 民主测评 on one evaluation round -------------------------------------------------


@transaction.atomic
def speeches_start(
    *, actor: Any, rnd: AppointmentRound, version: RubricVersion, panel: Iterable[User], min_responses: int
) -> EvaluationRound:
    """Opens the speech scoring: an evaluation round of the school over the qualified applicants, the
    panel as its raters (they score on evaluation's sheet), and a democratic rating by colleagues on it
    (its one-time links are issued on evaluation's rating page)."""
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_start_speeches(rnd, actor))
    year = selectors.school_year_of(rnd)
    if year is None:
        raise ValidationError(selectors.no_school_year_message(rnd))
    speech = rounds.round_create(
        actor=actor,
        organiser=rnd.school,
        data={
            "title": _("Appointment speeches: %(title)s") % {"title": rnd.title},
            "period": EvaluationRound.Period.YEARLY,
            "school_year": year,
            "version": version,
            "combination": EvaluationRound.Combination.MEAN,
            "objection_days": rnd.objection_days,
            "excellent_from": Decimal("90"),
            "pass_from": Decimal("0"),
        },
        owner=selectors.OWNER,
        kind=RubricKind.SPEECH,
    )
    qualified = list(rnd.applications.filter(status=Application.Status.QUALIFIED).select_related("teacher__school"))
    for application in qualified:
        teacher = application.teacher
        subject = Subject.objects.create(
            round=speech, teacher=teacher, school=teacher.school, district_path=teacher.school.region.path
        )
        application.subject = subject
        application.save(update_fields=["subject", "updated_at"])
    for user in panel:
        rounds.rater_add(actor=actor, rnd=speech, query=user.username)
    rating = democratic_rating_create(
        actor=actor,
        rnd=speech,
        data={
            "audience": DemocraticRating.Audience.COLLEAGUES,
            "question": _("Would this teacher lead a class well as its head teacher?"),
            "scale": 5,
            "min_responses": min_responses,
            "item": None,
            "closes_on": None,
        },
    )
    rounds.round_open(actor=actor, rnd=speech)
    _step(rnd, actor, Status.SPEECH, speech_round=speech, rating=rating)
    return speech


@transaction.atomic
def speech_schedule(*, actor: Any, application: Application, at: dt.datetime, place: str) -> Application:
    rnd = application.round
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_close_scoring(rnd, actor))
    if application.status != Application.Status.QUALIFIED:
        raise ValidationError(_("Only a qualified applicant gives a speech."))
    if at < timezone.now():
        raise ValidationError({"at": _("A speech is scheduled for a time still to come.")})
    application.speech_at, application.speech_place = at, place
    application.save(update_fields=["speech_at", "speech_place", "updated_at"])
    audit_record(
        actor=actor,
        action="corps.appointment.speech_scheduled",
        target=application,
        changes={"speech_at": [None, at.isoformat()], "speech_place": [None, place]},
    )
    _notify(
        _users_of([application.teacher_id]),
        rnd,
        f"speech:{application.pk}:{at.isoformat()}:{place}",
        _("Your appointment speech: %(when)s, %(place)s")
        % {"when": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"), "place": place},
        _mine_url(),
    )
    return application


def _percent(value: Decimal | None, maximum: Decimal) -> Decimal | None:
    if value is None or not maximum:
        return None
    return (Decimal(value) * HUNDRED / maximum).quantize(Decimal("0.01"))


@transaction.atomic
def scoring_close(*, actor: Any, rnd: AppointmentRound) -> AppointmentRound:
    """Closes the speech round (the panel's scores combined by evaluation), reads the rating and
    proposes the balanced assignment."""
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_close_scoring(rnd, actor))
    speech = rnd.speech_round
    if speech is None:  # a round moved to the speeches always has one; a hand-edited row may not
        raise TransitionRefused(_("The speeches were never opened."))
    if speech.status == EvaluationRound.Status.OPEN:
        rounds.round_close(actor=actor, rnd=speech)
    maximum = rubric_maximum(speech.version)
    totals = dict(Subject.objects.filter(round=speech).values_list("pk", "total"))
    means = {result.subject.pk: result.mean for result in rating_results(rnd.rating)} if rnd.rating else {}
    scale = Decimal(rnd.rating.scale) if rnd.rating else Decimal(1)
    for application in rnd.applications.filter(subject__isnull=False):
        subject_id = application.subject_id or 0
        application.speech_score = _percent(totals.get(subject_id), maximum)
        application.rating_score = _percent(means.get(subject_id), scale)
        application.combined = selectors.combine(application.speech_score, application.rating_score, rnd)
        application.save(update_fields=["speech_score", "rating_score", "combined", "updated_at"])
    _step(rnd, actor, Status.ASSIGNING)
    assignments_propose(actor=actor, rnd=rnd)
    return rnd


# 6. 合理搭配 --------------------------------------------------------------------------------------------


def assignments_propose(*, actor: Any, rnd: AppointmentRound) -> int:
    """Replaces the assignment with the platform's proposal (each row says why)."""
    _refuse_unless(guards.can_adjust(rnd, actor))
    rnd.assignments.all().delete()
    posts = selectors.round_posts(rnd)
    applications = list(rnd.applications.select_related("teacher").prefetch_related("teacher__service_records"))
    rows = [
        Assignment(round=rnd, post=p.post, application=p.application, reason=_("Proposed: %(why)s") % {"why": p.reason})
        for p in selectors.propose(rnd, posts, applications)
    ]
    Assignment.objects.bulk_create(rows)
    audit_record(actor=actor, action="corps.appointment.proposed", target=rnd, changes={"assigned": len(rows)})
    return len(rows)


@transaction.atomic
def assignment_set(
    *, actor: Any, rnd: AppointmentRound, post: Post, application: Application | None, reason: str
) -> None:
    """Staff put an applicant on a post (or leave it empty), with a reason kept in its history. Someone
    already on another post changes places with whoever held this one."""
    require(actor, MANAGE, rnd)
    AppointmentRound.objects.select_for_update().filter(pk=rnd.pk).first()
    rnd.refresh_from_db(fields=["status"])
    _refuse_unless(guards.can_adjust(rnd, actor))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    if post.round_id != rnd.pk or (application is not None and application.round_id != rnd.pk):
        raise ValidationError(_("The post and the applicant must belong to this round."))
    if application is not None and application.status != Application.Status.QUALIFIED:
        raise ValidationError(_("%(name)s did not pass the qualification check.") % {"name": application.teacher.name})
    current = Assignment.objects.filter(post=post).select_related("application__teacher").first()
    before = current.application.teacher.name if current else None
    elsewhere = (
        Assignment.objects.filter(round=rnd, application=application).exclude(post=post).first()
        if application
        else None
    )
    if current is not None:
        current.delete()
    if elsewhere is not None:
        if current is not None:
            elsewhere.application = current.application
            elsewhere.reason, elsewhere.changed_by = reason, actor
            elsewhere.save()
        else:
            elsewhere.delete()
    if application is not None:
        Assignment.objects.create(round=rnd, post=post, application=application, reason=reason, changed_by=actor)
    audit_record(
        actor=actor,
        action="corps.appointment.adjusted",
        target=rnd,
        changes={str(post): [before, application.teacher.name if application else None], "reason": reason},
    )


# 7. 公布名单 (公示) and objections ------------------------------------------------------------------------


@transaction.atomic
def list_publish(*, actor: Any, rnd: AppointmentRound) -> AppointmentRound:
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_publish_list(rnd, actor))
    until = timezone.localdate() + dt.timedelta(days=rnd.objection_days)
    _step(rnd, actor, Status.PUBLICITY, objections_until=until)
    teachers = Teacher.objects.filter(school_id=rnd.school_id).values_list("pk", flat=True)
    _notify(
        _users_of(teachers),
        rnd,
        f"list:{until.isoformat()}",
        _("The list of head-teacher appointments is published; objections until %(date)s") % {"date": until},
        _mine_url(),
    )
    return rnd


@transaction.atomic
def objection_file(*, actor: Any, rnd: AppointmentRound, text: str) -> Objection:
    _refuse_unless(guards.can_object(rnd, actor))
    if not text.strip():
        raise ValidationError({"text": _("Write the objection.")})
    objection = Objection.objects.create(round=rnd, raised_by=actor, text=text.strip())
    audit_record(actor=actor, action="corps.appointment.objection_filed", target=objection)
    _notify(
        _staff_of(rnd.school),
        rnd,
        f"objection:{objection.pk}",
        _("An objection to the appointment list needs your decision"),
        _round_url(rnd),
    )
    return objection


@transaction.atomic
def objection_decide(*, actor: Any, objection: Objection, upheld: bool, decision: str) -> Objection:
    """Decides an objection once; an upheld one sends the round back to the assignment for correction
    (in the same transaction: of two staff deciding at once, the second writes nothing)."""
    rnd = objection.round
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_decide(objection, actor))

    def reopen(decided: Objection) -> None:
        if upheld:
            rnd.refresh_from_db(fields=["status"])
            _step(rnd, actor, Status.ASSIGNING, reason=decided.decision, objections_until=None)

    return objections.objection_decide(
        actor=actor,
        objection=objection,
        upheld=upheld,
        decision=decision,
        action="corps.appointment.objection_decided",
        apply=reopen,
        notice=lambda decided: (
            _("Your objection was decided: %(status)s") % {"status": decided.get_status_display()},
            _mine_url(),
            f"corps.appointment:{rnd.uid}:decided:{decided.pk}",
        ),
    )


# 聘书 --------------------------------------------------------------------------------------------------


def _letter_number(rnd: AppointmentRound, serial: int) -> str:
    return f"{rnd.school.code}-PS-{rnd.term_from.year}-{rnd.pk:03d}-{serial:03d}"


@transaction.atomic
def letters_issue(*, actor: Any, rnd: AppointmentRound, applications: Iterable[Application] | None = None) -> int:
    """Issues the 聘书 in one batch, for the people on the published list only."""
    require(actor, MANAGE, rnd)
    _refuse_unless(guards.can_issue_letters(rnd, actor))
    assigned = {a.application_id: a for a in rnd.assignments.select_related("post__school_class", "application")}
    chosen = list(applications) if applications is not None else [a.application for a in assigned.values()]
    off_list = [a for a in chosen if a.pk not in assigned]
    if off_list:
        raise ValidationError(
            _("%(names)s are not on the published list: a letter is issued only to people on it (001 6 公布名单).")
            % {"names": "、".join(a.teacher.name for a in off_list)}
        )
    rows = [
        Letter(
            round=rnd,
            application=application,
            school_class=assigned[application.pk].post.school_class,
            number=_letter_number(rnd, n),
            issued_by=actor,
        )
        for n, application in enumerate(sorted(chosen, key=lambda a: assigned[a.pk].post.school_class.grade), 1)
    ]
    Letter.objects.bulk_create(rows)
    _step(rnd, actor, Status.LETTERS)
    _notify(
        _users_of(a.teacher_id for a in chosen),
        rnd,
        "letters",
        _("Your head-teacher appointment letter is issued: accept it on your page"),
        _mine_url(),
    )
    return len(rows)


SERVICES: dict[str, Callable[..., Any]] = {
    "publish_posts": posts_publish,
    "close_applications": applications_close,
    "close_scoring": scoring_close,
    "publish_list": list_publish,
    "issue_letters": letters_issue,
}
