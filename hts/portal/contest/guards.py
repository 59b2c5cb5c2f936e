"""Who may do what in an essay contest beyond the permission matrix: `can_<verb>(…) -> (ok, reason)`,
asked by the services to refuse and by the pages to show or explain a button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from hts.org.models import HeadTeacherService, Teacher
from hts.portal.contest.models import Contest, Entry, Judge

Verdict = tuple[bool, str]
OK: Verdict = (True, "")


def in_reach(contest: Contest, teacher: Teacher) -> bool:
    """A bureau's call reaches the schools of its region's subtree; a school's, its own teachers."""
    if contest.school_id:
        return teacher.school_id == contest.school_id
    return teacher.school.region.path.startswith(contest.organiser_path)


def is_head_teacher(teacher: Teacher, on: dt.date) -> bool:
    return HeadTeacherService.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), teacher=teacher, started_on__lte=on
    ).exists()


def is_judge(contest: Contest, user: Any) -> bool:
    return Judge.objects.filter(contest=contest, user_id=user.pk).exists()


def can_enter(contest: Contest, user: Any, today: dt.date, *, entry: Entry | None = None) -> Verdict:
    """Whether `user` may submit an essay (or change `entry`) today."""
    teacher = getattr(user, "teacher", None)
    if teacher is None:
        return False, _("Only a head teacher with a teacher record may enter the contest.")
    if entry is not None and entry.author_id != teacher.pk:
        return False, _("This essay is not yours.")
    if contest.status != Contest.Status.OPEN or today < contest.opens_on:
        return False, _("The contest is not taking essays.")
    if today > contest.closes_on:
        return False, _("The deadline for essays was %(date)s; essays can no longer be submitted or changed.") % {
            "date": contest.closes_on.isoformat()
        }
    if is_judge(contest, user):
        return False, _("You are a judge of this contest, so you cannot enter an essay in it.")
    if entry is None:
        if not in_reach(contest, teacher):
            return False, _("This contest is for the head teachers of %(organiser)s.") % {
                "organiser": contest.organiser_name
            }
        if not is_head_teacher(teacher, today):
            return False, _("Only head teachers may enter the contest.")
        count = Entry.objects.filter(contest=contest, author=teacher).count()
        if count >= contest.entries_per_author:
            return False, _("Each author may enter at most %(n)s essays; you have entered %(count)s.") % {
                "n": contest.entries_per_author,
                "count": count,
            }
    return OK


def can_score(contest: Contest, judge: Judge | None) -> Verdict:
    if judge is None:
        return False, _("You are not a judge of this contest.")
    if contest.status == Contest.Status.DRAFT or contest.status == Contest.Status.OPEN:
        return False, _("Judging has not opened yet: essays are scored after the submission deadline.")
    if contest.status != Contest.Status.JUDGING:
        return False, _("Judging is over; the scores can no longer be changed.")
    return OK


def can_add_judge(contest: Contest, user: Any) -> Verdict:
    if contest.status not in (Contest.Status.DRAFT, Contest.Status.OPEN):
        return False, _("Judges are named before judging opens.")
    teacher = getattr(user, "teacher", None)
    if teacher is None:
        return False, _("A judge must be a teacher with an account.")
    if Entry.objects.filter(contest=contest, author=teacher).exists():
        return False, _("%(name)s has entered an essay in this contest and cannot judge it.") % {"name": teacher.name}
    return OK


def can_object(contest: Contest, user: Any, today: dt.date) -> Verdict:
    if contest.status != Contest.Status.PUBLICITY or contest.objections_until is None:
        return False, _("The results are not in public notice.")
    if today > contest.objections_until:
        return False, _("The public notice ended on %(date)s.") % {"date": contest.objections_until.isoformat()}
    teacher = getattr(user, "teacher", None)
    if teacher is None or not in_reach(contest, teacher):
        return False, _("Objections are raised by the teachers the contest was open to.")
    return OK


def can_see_names(contest: Contest) -> bool:
    """Who wrote which essay stays hidden from everyone on the contest's pages until the results."""
    return contest.status in (Contest.Status.PUBLICITY, Contest.Status.FINAL)
