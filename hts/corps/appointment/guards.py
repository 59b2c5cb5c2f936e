"""Guards of the appointment steps: ``can_<verb>(rnd, user) -> (ok, reason)``, asked by the page to
show or explain a button and by the service to refuse."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import can
from hts.corps.appointment.models import Application, AppointmentRound, Letter, Objection

Status = AppointmentRound.Status
MANAGE = "corps.appointment.manage"
APPLY = "corps.appointment.apply"


def _in_status(rnd: AppointmentRound, *statuses: str) -> tuple[bool, str]:
    if rnd.status not in statuses:
        return False, _("The appointment round is at the step “%(status)s”.") % {"status": rnd.get_status_display()}
    return True, ""


def can_manage(rnd: AppointmentRound, user: Any) -> bool:
    return can(user, MANAGE, rnd)


def can_edit_posts(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    return _in_status(rnd, Status.POSTS)


def can_publish_posts(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    ok, reason = _in_status(rnd, Status.POSTS)
    if ok and not rnd.posts.exists():
        return False, _("Add at least one post (a class of the coming year) first.")
    return ok, reason


def can_apply(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    teacher_id = getattr(user, "teacher_id", None)
    if teacher_id is None or not can(user, APPLY, rnd):
        return False, _("Only a teacher of the school may apply.")
    ok, reason = _in_status(rnd, Status.APPLYING)
    if not ok:
        return ok, reason
    if rnd.applications.filter(teacher_id=teacher_id).exists():
        return False, _("You have already applied in this round.")
    return True, ""


def can_close_applications(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    ok, reason = _in_status(rnd, Status.APPLYING)
    if ok and not rnd.applications.exists():
        return False, _("No one has applied yet.")
    return ok, reason


def can_start_speeches(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    ok, reason = _in_status(rnd, Status.CHECKING)
    if ok and not rnd.applications.filter(status=Application.Status.QUALIFIED).exists():
        return False, _("No applicant passed the qualification check.")
    return ok, reason


def can_close_scoring(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    return _in_status(rnd, Status.SPEECH)


def can_adjust(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    return _in_status(rnd, Status.ASSIGNING)


def can_publish_list(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    ok, reason = _in_status(rnd, Status.ASSIGNING)
    if ok and not rnd.assignments.exists():
        return False, _("The list is empty: assign at least one post.")
    return ok, reason


def can_object(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    if getattr(user, "teacher_id", None) is None or not can(user, APPLY, rnd):
        return False, _("Only a teacher of the school may object to its list.")
    ok, reason = _in_status(rnd, Status.PUBLICITY)
    if ok and rnd.objections_until is not None and timezone.localdate() > rnd.objections_until:
        return False, _("The objection period ended on %(date)s.") % {"date": rnd.objections_until.isoformat()}
    return ok, reason


def can_decide(objection: Objection, user: Any) -> tuple[bool, str]:
    if objection.status != Objection.Status.OPEN:
        return False, _("This objection has already been decided.")
    return True, ""


def can_issue_letters(rnd: AppointmentRound, user: Any) -> tuple[bool, str]:
    ok, reason = _in_status(rnd, Status.PUBLICITY)
    if not ok:
        return ok, reason
    if rnd.objections_until is not None and timezone.localdate() <= rnd.objections_until:
        return False, _("The objection period runs until %(date)s; letters are issued after it.") % {
            "date": rnd.objections_until.isoformat()
        }
    if rnd.objections.filter(status=Objection.Status.OPEN).exists():
        return False, _("Decide every objection before issuing the letters.")
    return True, ""


def can_accept(letter: Letter, user: Any) -> tuple[bool, str]:
    if getattr(user, "teacher_id", None) != letter.application.teacher_id:
        return False, _("Only the person appointed accepts their letter.")
    if letter.accepted_at is not None:
        return False, _("This appointment has already been accepted.")
    return True, ""


def can_read_application(application: Application, user: Any) -> bool:
    if getattr(user, "teacher_id", None) == application.teacher_id:
        return True
    return can(user, MANAGE, application.round)
