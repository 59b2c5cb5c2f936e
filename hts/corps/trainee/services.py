"""Writes of trainee and assistant posts: each checks permission, validates, keeps the class's deputy
in step with its open assistant post, notifies the teacher and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.core.audit import audit_record
from hts.corps.trainee.models import TraineeKind, TraineePost
from hts.notifications.models import Notification
from hts.notifications.services import notification_send
from hts.org.models import SchoolClass, Teacher

MANAGE = "corps.trainee.manage"


def _set_deputy(school_class: SchoolClass, teacher: Teacher | None) -> None:
    """The class's deputy is today's assistant (org's field, written here so the two never differ)."""
    SchoolClass.objects.filter(pk=school_class.pk).update(deputy=teacher, updated_at=timezone.now())
    school_class.deputy = teacher


def _validate(post: TraineePost, today: dt.date) -> None:
    errors: dict[str, str] = {}
    school_class = post.school_class
    if post.teacher.school_id != school_class.school_id:
        errors["teacher"] = _("%(name)s is not a teacher of %(school)s.") % {
            "name": post.teacher.name,
            "school": school_class.school.name,
        }
    elif post.teacher_id == school_class.head_teacher_id:
        errors["teacher"] = _("%(name)s heads this class: a trainee or assistant is someone else.") % {
            "name": post.teacher.name
        }
    if post.started_on > today:
        errors["started_on"] = _("A post is recorded once it has begun.")
    if post.ended_on is not None and post.ended_on < post.started_on:
        errors["ended_on"] = _("The end date cannot be before the start date.")
    elif post.ended_on is not None and post.ended_on > today:
        errors["ended_on"] = _("Leave the end date empty while the post runs; end it on the day it ends.")
    if errors:
        raise ValidationError(errors)
    far = dt.date.max
    clash = TraineePost.objects.filter(
        teacher=post.teacher,
        school_class=school_class,
        started_on__lte=post.ended_on or far,
    ).exclude(ended_on__lt=post.started_on)
    if clash.exists():
        raise ValidationError(
            {"started_on": _("%(name)s already has a post on this class in these dates.") % {"name": post.teacher.name}}
        )
    if post.kind == TraineeKind.ASSISTANT and post.ended_on is None:
        current = TraineePost.objects.filter(
            school_class=school_class, kind=TraineeKind.ASSISTANT, ended_on__isnull=True
        ).select_related("teacher")
        other = current.first()
        if other is not None:
            raise ValidationError(
                _("%(name)s is this class's assistant (its deputy): end that post first.")
                % {"name": other.teacher.name}
            )


@transaction.atomic
def post_add(
    *,
    actor: Any,
    school_class: SchoolClass,
    teacher: Teacher,
    kind: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
) -> TraineePost:
    """Record a post; an open assistant post makes the teacher the class's deputy. A past post (with
    its end date) is history and leaves the deputy alone."""
    require(actor, MANAGE, school_class)
    SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()
    school_class.refresh_from_db(fields=["head_teacher", "deputy"])
    post = TraineePost(
        school_class=school_class,
        teacher=teacher,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        recorded_by=actor,
    )
    post.full_clean(exclude=["recorded_by", "ended_by"], validate_constraints=False)
    _validate(post, timezone.localdate())
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError as error:  # another assistant recorded at the same moment
        raise ValidationError(_("This class already has an open assistant post: end that post first.")) from error
    changes: dict[str, list[Any]] = {
        "teacher": [None, teacher.name],
        "kind": [None, kind],
        "started_on": [None, started_on.isoformat()],
        "ended_on": [None, ended_on.isoformat() if ended_on else None],
    }
    if kind == TraineeKind.ASSISTANT and ended_on is None and school_class.deputy_id != teacher.pk:
        changes["deputy"] = [str(school_class.deputy or ""), teacher.name]
        _set_deputy(school_class, teacher)
    audit_record(actor=actor, action="corps.trainee.added", target=post, changes=changes)
    _notify(post)
    return post


def _notify(post: TraineePost) -> None:
    user = getattr(post.teacher, "user", None)
    if user is None or post.ended_on is not None:
        return
    notification_send(
        recipient=user,
        kind=Notification.Kind.GENERAL,
        title=_("You are %(post)s of %(class)s from %(date)s.")
        % {"post": post.get_kind_display(), "class": post.school_class, "date": post.started_on.isoformat()},
        dedupe_key=f"corps.trainee.post:{post.pk}",
        url=reverse("org-teacher-detail", kwargs={"uid": post.teacher.uid}),
    )


@transaction.atomic
def post_end(*, actor: Any, post: TraineePost, ended_on: dt.date) -> TraineePost:
    """End a post; ending the open assistant post clears the class's deputy."""
    require(actor, MANAGE, post)
    post = TraineePost.objects.select_for_update().select_related("school_class", "teacher").get(pk=post.pk)
    if post.ended_on is not None:
        raise ValidationError(_("This post has already ended."))
    if ended_on < post.started_on:
        raise ValidationError({"ended_on": _("The end date cannot be before the start date.")})
    if ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": _("Leave the end date empty while the post runs; end it on the day it ends.")}
        )
    return _end(actor, post, ended_on)


def _end(actor: Any, post: TraineePost, ended_on: dt.date) -> TraineePost:
    post.ended_on, post.ended_by = ended_on, actor
    post.save(update_fields=["ended_on", "ended_by", "updated_at"])
    changes: dict[str, list[Any]] = {"ended_on": [None, ended_on.isoformat()]}
    school_class = post.school_class
    if post.kind == TraineeKind.ASSISTANT and school_class.deputy_id == post.teacher_id:
        changes["deputy"] = [post.teacher.name, None]
        _set_deputy(school_class, None)
    audit_record(actor=actor, action="corps.trainee.ended", target=post, changes=changes)
    return post


def deputy_changed(actor: Any, school_class: SchoolClass, before: Any, after: Any, on: dt.date) -> None:
    """The class form changed the deputy (registered with org): the open assistant post ends and the
    new deputy's begins today, so the posts and the deputy tell the same story. The class form's own
    permission stands for both."""
    current = (
        TraineePost.objects.select_for_update()
        .filter(school_class=school_class, kind=TraineeKind.ASSISTANT, ended_on__isnull=True)
        .select_related("teacher")
        .first()
    )
    if current is not None and current.teacher_id != getattr(after, "pk", None):
        current.school_class = school_class
        _end(actor, current, max(on - dt.timedelta(days=1), current.started_on))
    if after is None or (current is not None and current.teacher_id == after.pk):
        return
    post = TraineePost.objects.create(
        school_class=school_class, teacher=after, kind=TraineeKind.ASSISTANT, started_on=on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="corps.trainee.added",
        target=post,
        changes={"teacher": [None, after.name], "kind": [None, TraineeKind.ASSISTANT], "started_on": [None, str(on)]},
    )
    _notify(post)
