"""Writes for activities and attendance. Each checks permission and scope, runs in a transaction,
and audits; refusals name the rule in the user's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.accounts.access import require
from hts.activities import guards
from hts.activities.checkin import BadToken, check_token
from hts.activities.models import Activity, Attendance
from hts.activities.selectors import checkin_window, may_attend
from hts.core.audit import audit_record
from hts.core.search.index import search_index_put
from hts.core.services import save_audited
from hts.core.workflow import TransitionRefused
from hts.org.models import Region, School, Teacher
from hts.studios.models import Membership, Studio

ACTIVITY_FIELDS = [
    "kind", "title", "mode", "starts_at", "ends_at", "place", "link", "agenda", "minutes",
    "publicity_url", "invited_only", "credit_half_days",
]  # fmt: skip

# Check-in opens this long before the start and closes at the end; arriving this long after the
# start counts as late. Operational settings, not policy numbers.
LATE_AFTER = dt.timedelta(minutes=10)


def _check_manager(actor: Any, studio: Studio) -> None:
    require(actor, "activity.manage", studio)
    ok, reason = guards.can_take_records(studio)
    if not ok:
        raise TransitionRefused(reason)


def _check_organiser(actor: Any, activity: Activity) -> None:
    """The studio's team under the studio's rules; a school's or bureau's own activity: its staff."""
    if activity.studio is not None:
        _check_manager(actor, activity.studio)
    else:
        require(actor, "activity.organise", activity.school if activity.school_id else activity.region)


def _validate_times(data: dict[str, Any], studio: Studio | None) -> None:
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if studio is None:
        return
    for field in ("starts_at", "ends_at"):
        if data.get(field):
            ok, reason = guards.can_take_records(studio, day=timezone.localtime(data[field]).date())
            if not ok:
                raise ValidationError({field: reason})


def _team_ids(studio: Studio) -> set[int]:
    return set(
        Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False).values_list(
            "teacher_id", flat=True
        )
    )


def _set_presenters(actor: Any, activity: Activity, presenters: Any) -> None:
    """Who gave the activity: members of the studio's active team only (their guidance hours count)."""
    chosen = {teacher.pk: teacher for teacher in presenters}
    team = _team_ids(activity.studio) if activity.studio is not None else set(chosen)
    outsiders = [str(teacher) for pk, teacher in chosen.items() if pk not in team]
    if outsiders:
        raise ValidationError(
            {"presenters": _("Not on the studio's team: %(names)s") % {"names": "、".join(outsiders)}}
        )
    before = sorted(str(t) for t in activity.presenters.all())
    activity.presenters.set(chosen.values())
    after = sorted(str(t) for t in chosen.values())
    if before != after:
        audit_record(
            actor=actor,
            action="activities.activity.presenters",
            target=activity,
            changes={"presenters": ["、".join(before), "、".join(after)]},
        )


def outside_mentors(studio: Studio) -> Any:
    """The studio's active mentors from outside the schools (no teacher record), who may give its activities."""
    return Membership.objects.filter(
        studio=studio, role=Membership.Role.MENTOR, status=Membership.Status.ACTIVE, teacher__isnull=True
    ).order_by("external_name")


def _set_guiding_mentors(actor: Any, activity: Activity, mentors: Any) -> None:
    chosen = {membership.pk: membership for membership in mentors}
    if not activity.studio_id and not chosen:
        return
    allowed = (
        set(outside_mentors(activity.studio).values_list("pk", flat=True)) if activity.studio is not None else set()
    )
    strangers = [m.external_name or str(m) for pk, m in chosen.items() if pk not in allowed]
    if strangers:
        raise ValidationError(
            {"guiding_mentors": _("Not on the studio's team: %(names)s") % {"names": "、".join(strangers)}}
        )
    before = sorted(m.external_name for m in activity.guiding_mentors.all())
    activity.guiding_mentors.set(chosen.values())
    after = sorted(m.external_name for m in chosen.values())
    if before != after:
        audit_record(
            actor=actor,
            action="activities.activity.presenters",
            target=activity,
            changes={"guiding_mentors": ["、".join(before), "、".join(after)]},
        )


@transaction.atomic
def activity_create(*, actor: Any, studio: Studio, data: dict[str, Any]) -> Activity:
    _check_manager(actor, studio)
    _validate_times(data, studio)
    data = dict(data)
    presenters = data.pop("presenters", [])
    guiding = data.pop("guiding_mentors", [])
    activity = save_audited(
        actor=actor,
        instance=Activity(studio=studio, organiser=actor),
        data=data,
        action="activities.activity.created",
        fields=ACTIVITY_FIELDS,
    )
    _set_presenters(actor, activity, presenters)
    _set_guiding_mentors(actor, activity, guiding)
    search_index_put(activity)
    return activity


@transaction.atomic
def activity_create_own(
    *,
    actor: Any,
    data: dict[str, Any],
    school: School | None = None,
    region: Region | None = None,
    invitees: Any = (),
    hours_per_half_day: Decimal | None = None,
) -> Activity:
    """A school's or a bureau's own activity (a head-teacher meeting, a training session): its staff
    organise it, `invitees` are who is expected, and each half-day credits `hours_per_half_day` (the
    calling app reads it from its policy; None: no hours)."""
    if (school is None) == (region is None):
        raise ValidationError(_("An activity is organised by one school or one bureau."))
    require(actor, "activity.organise", school or region)
    _validate_times(data, None)
    data = dict(data)
    presenters = data.pop("presenters", [])
    data.pop("guiding_mentors", None)
    activity = save_audited(
        actor=actor,
        instance=Activity(school=school, region=region, organiser=actor, own_hours_per_half_day=hours_per_half_day),
        data=data,
        action="activities.activity.created",
        fields=ACTIVITY_FIELDS,
    )
    activity.invitees.set(list(invitees))
    _set_presenters(actor, activity, presenters)
    search_index_put(activity)
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, data: dict[str, Any]) -> Activity:
    _check_organiser(actor, activity)
    _validate_times(data, activity.studio if activity.studio_id else None)
    data = dict(data)
    presenters = data.pop("presenters", None)
    guiding = data.pop("guiding_mentors", None)
    activity = save_audited(
        actor=actor, instance=activity, data=data, action="activities.activity.updated", fields=ACTIVITY_FIELDS
    )
    if presenters is not None:
        _set_presenters(actor, activity, presenters)
    if guiding is not None:
        _set_guiding_mentors(actor, activity, guiding)
    search_index_put(activity)
    return activity


TOKEN_MESSAGES = {
    "forged": gettext_lazy("This check-in code is not valid."),
    "other_activity": gettext_lazy("This check-in code belongs to another activity."),
    "expired": gettext_lazy("This check-in code has expired: scan the code on the organiser's screen again."),
}


def verify_code(activity: Activity, token: str, *, now: float | None = None) -> None:
    """Refuses a bad code, or a scan outside the activity's check-in window."""
    try:
        check_token(token, str(activity.uid), now=now)
    except BadToken as error:
        raise TransitionRefused(str(TOKEN_MESSAGES[str(error)])) from None
    ok, reason = guards.can_check_in(activity)
    if not ok:
        raise TransitionRefused(reason)
    moment = timezone.now() if now is None else dt.datetime.fromtimestamp(now, tz=dt.UTC)
    opens, closes = checkin_window(activity)
    if not opens <= moment <= closes:
        raise TransitionRefused(
            _("Check-in is open from %(opens)s to %(closes)s.")
            % {
                "opens": timezone.localtime(opens).strftime("%m-%d %H:%M"),
                "closes": timezone.localtime(closes).strftime("%H:%M"),
            }
        )


@transaction.atomic
def checkin(*, actor: Any, activity: Activity, at: dt.datetime | None = None) -> Attendance:
    """The signed-in attendee checks in. The code was verified by `verify_code` when it was scanned
    (possibly before they signed in), so a slow sign-in does not lose the scan."""
    teacher = getattr(actor, "teacher", None)
    if teacher is None:
        raise TransitionRefused(_("Only a teacher's account can check in."))
    ok, reason = guards.can_check_in(activity)
    if not ok:
        raise TransitionRefused(reason)
    if not may_attend(activity, teacher):
        raise TransitionRefused(
            _("This activity is for the studio's team; you are not on its list.")
            if activity.studio_id
            else _("This activity is for those invited; you are not on its list.")
        )
    at = at or timezone.now()
    opens, closes = checkin_window(activity)
    if not opens <= at <= closes:
        raise TransitionRefused(_("The check-in window of this activity has closed."))
    status = Attendance.Status.LATE if at > activity.starts_at + LATE_AFTER else Attendance.Status.PRESENT
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                activity=activity,
                teacher=teacher,
                status=status,
                method=Attendance.Method.QR,
                checked_in_at=at,
                recorded_by=actor,
            )
    except IntegrityError:
        existing = Attendance.objects.get(activity=activity, teacher=teacher)
        raise TransitionRefused(
            _("You have already checked in (%(time)s).")
            % {"time": timezone.localtime(existing.checked_in_at).strftime("%H:%M") if existing.checked_in_at else "—"}
        ) from None
    audit_record(
        actor=actor, action="activities.attendance.checked_in", target=activity, target_label=f"{activity} · {teacher}"
    )
    return attendance


@transaction.atomic
def attendance_mark(*, actor: Any, activity: Activity, teacher: Teacher, status: str, reason: str) -> Attendance:
    """The organiser records attendance by hand (a phone without signal, a late arrival, leave)."""
    _check_organiser(actor, activity)
    ok, refusal = guards.can_check_in(activity)
    if not ok:
        raise TransitionRefused(refusal)
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Unknown attendance status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for marking by hand.")})
    if not may_attend(activity, teacher):
        raise ValidationError({"teacher": _("%(name)s is not on this activity's list.") % {"name": teacher}})
    attendance, _created = Attendance.objects.update_or_create(
        activity=activity,
        teacher=teacher,
        defaults={
            "status": status,
            "method": Attendance.Method.MANUAL,
            "reason": reason.strip(),
            "recorded_by": actor,
            "checked_in_at": timezone.now() if status in {"present", "late"} else None,
        },
    )
    audit_record(
        actor=actor,
        action="activities.attendance.marked",
        target=activity,
        target_label=f"{activity} · {teacher}",
        changes={"status": [None, status], "reason": [None, reason.strip()]},
    )
    return attendance


@transaction.atomic
def attachment_add(*, actor: Any, activity: Activity, upload: Any) -> Any:
    """A photo or document for the activity, checked by its content and size before it is stored."""
    from hts.activities.models import ActivityAttachment
    from hts.core.files import stored_file_accept

    _check_organiser(actor, activity)
    attachment = stored_file_accept(ActivityAttachment, upload, uploaded_by=actor, activity=activity)
    audit_record(
        actor=actor,
        action="activities.attachment.added",
        target=activity,
        target_label=f"{activity} · {attachment.original_name}",
    )
    return attachment


def activities_cancel_planned(*, studio: Studio, actor: Any, reason: str) -> int:
    """The studio closed (registered with studios' closing steps): every activity not yet begun is
    cancelled, so nobody checks in to it and nothing is credited. Returns how many."""
    now = timezone.now()
    planned = Activity.objects.filter(studio=studio, starts_at__gt=now, cancelled_at__isnull=True)
    why = reason or _("%(name)s is %(status)s.") % {"name": studio, "status": studio.get_status_display()}
    count = planned.update(cancelled_at=now, cancel_reason=why[:300])
    if count:
        audit_record(
            actor=actor,
            action="activities.activity.cancelled",
            target=studio,
            changes={"cancelled": [None, count], "reason": [None, why]},
        )
    return count


def activity_publicity_link(*, actor: Any, activity: Activity, url: str) -> Activity:
    """Records `url` (its page on the studio's website) as the activity's publicity post, unless one is
    recorded already (a WeChat article the organiser typed stays): the monthly publicity quota counts it.
    The caller (the website's publish step) has checked the actor's right."""
    if activity.publicity_url:
        return activity
    with transaction.atomic():
        activity.publicity_url = url
        activity.save(update_fields=["publicity_url", "updated_at"])
        audit_record(actor=actor, action="activities.activity.publicised", target=activity, changes={"url": url})
    return activity


def activity_publicity_unlink(*, actor: Any, activity: Activity, url: str) -> Activity:
    """Forgets `url` as the publicity post when it is the one recorded (its page was withdrawn)."""
    if activity.publicity_url != url:
        return activity
    with transaction.atomic():
        activity.publicity_url = ""
        activity.save(update_fields=["publicity_url", "updated_at"])
        audit_record(actor=actor, action="activities.activity.unpublicised", target=activity, changes={"url": url})
    return activity
