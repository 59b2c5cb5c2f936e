"""Writes of training: staff open a course, enrol trainees, add its sessions (activities of the school
or bureau), and enter or import the two scores; school staff call head-teacher meetings. Each write
checks permission, runs in one transaction and is audited; a refusal names the rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hts.accounts.access import require
from hts.activities.models import Activity, ActivityKind
from hts.activities.services import activity_create_own
from hts.core.audit import audit_record
from hts.core.services import save_audited
from hts.core.tabular import Table
from hts.corps.selectors import policy_for
from hts.corps.training.models import COUNTY_KINDS, Course, CourseKind, Enrolment
from hts.corps.training.selectors import head_teachers_of
from hts.notifications.services import Message, notifications_send
from hts.org.models import Region, School, Teacher

MANAGE = "corps.training.manage"
# The import template's columns (Chinese, as every workbook of the platform).
IMPORT_HEADERS = ["姓名", "手机号", "理论知识考试", "专业水平测试"]


def _policy_region(school: School | None, region: Region | None) -> Region:
    return school.region if school is not None else region  # type: ignore[return-value]


@transaction.atomic
def course_open(
    *, actor: Any, kind: str, title: str, year: int, school: School | None = None, region: Region | None = None
) -> Course:
    """A county course is the bureau's, a school's yearly course the school's; the pass mark is the
    corps policy's at the time."""
    if kind in COUNTY_KINDS and (region is None or school is not None):
        raise ValidationError(_("A county course is run by the bureau."))
    if kind == CourseKind.SCHOOL and (school is None or region is not None):
        raise ValidationError(_("A school's yearly course is run by the school."))
    require(actor, MANAGE, school or region)
    policy = policy_for(_policy_region(school, region))
    course = save_audited(
        actor=actor,
        instance=Course(
            school=school, region=region, created_by=actor, pass_mark=policy.course_pass_mark if policy else None
        ),
        data={"kind": kind, "title": title.strip(), "year": year},
        action="corps.course.opened",
        fields=["kind", "title", "year", "pass_mark"],
    )
    return course


def _strangers(teachers: Sequence[Teacher], course: Course) -> list[Teacher]:
    """The teachers who are not the organiser's own: one query for a county course, none for a school's."""
    if course.school_id:
        return [t for t in teachers if t.school_id != course.school_id]
    if course.region is None:
        return list(teachers)
    inside = set(
        Teacher.objects.filter(
            pk__in=[t.pk for t in teachers], school__region__path__startswith=course.region.path
        ).values_list("pk", flat=True)
    )
    return [t for t in teachers if t.pk not in inside]


@transaction.atomic
def course_enrol(*, actor: Any, course: Course, teachers: Sequence[Teacher]) -> list[Enrolment]:
    """Enrol trainees (the organiser's own teachers); each is invited to the course's sessions. A bounded
    number of queries however many teachers."""
    require(actor, MANAGE, course)
    if not teachers:
        raise ValidationError(_("Choose at least one teacher."))
    strangers = [t.name for t in _strangers(teachers, course)]
    if strangers:
        raise ValidationError(
            _("Not teachers of %(place)s: %(names)s") % {"place": course.organised_by, "names": "、".join(strangers)}
        )
    already = set(course.enrolments.values_list("teacher_id", flat=True))
    new = [Enrolment(course=course, teacher=t) for t in teachers if t.pk not in already]
    Enrolment.objects.bulk_create(new)
    if new:
        # One insert for every session's new invitees (not one per session).
        through = Activity.invitees.through
        sessions = list(course.sessions.values_list("pk", flat=True))
        through.objects.bulk_create(
            [through(activity_id=session, teacher_id=e.teacher_id) for session in sessions for e in new],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            action="corps.course.enrolled",
            target=course,
            changes={"trainees": [None, "、".join(e.teacher.name for e in new)]},
        )
    return new


@transaction.atomic
def course_session_add(*, actor: Any, course: Course, data: dict[str, Any]) -> Activity:
    """A session of the course: an activity of its school or bureau whose invitees are the trainees, so
    check-in, attendance by hand and hours work as for any activity."""
    require(actor, MANAGE, course)
    policy = policy_for(_policy_region(course.school, course.region))
    session = activity_create_own(
        actor=actor,
        data={**data, "kind": ActivityKind.TRAINING_SESSION},
        school=course.school,
        region=course.region,
        invitees=[e.teacher for e in course.enrolments.select_related("teacher")],
        hours_per_half_day=policy.training_hours_per_half_day if policy else None,
    )
    course.sessions.add(session)
    return session


def _score(text: str) -> Decimal | None:
    if not str(text).strip():
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValueError(_("not a number")) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError(_("must be from 0 to 100"))
    return value


def _set_scores(actor: Any, enrolment: Enrolment, theory: Decimal | None, practice: Decimal | None) -> bool:
    if (enrolment.theory_score, enrolment.practice_score) == (theory, practice):
        return False
    before = [str(enrolment.theory_score or ""), str(enrolment.practice_score or "")]
    enrolment.theory_score, enrolment.practice_score = theory, practice
    enrolment.scored_at, enrolment.scored_by = timezone.now(), actor
    enrolment.save()
    audit_record(
        actor=actor,
        action="corps.course.scored",
        target=enrolment.course,
        target_label=f"{enrolment.course} · {enrolment.teacher.name}",
        changes={"scores": ["/".join(before), f"{theory or ''}/{practice or ''}"]},
    )
    return True


@transaction.atomic
def scores_save(*, actor: Any, course: Course, scores: dict[int, tuple[Decimal | None, Decimal | None]]) -> int:
    """Scores typed on the course page, by enrolment id; returns how many changed."""
    require(actor, MANAGE, course)
    enrolments = {e.pk: e for e in course.enrolments.select_related("teacher").select_for_update()}
    changed = 0
    for pk, (theory, practice) in scores.items():
        if pk not in enrolments:
            raise ValidationError(_("A score is for a trainee of this course."))
        for value in (theory, practice):
            if value is not None and not Decimal(0) <= value <= Decimal(100):
                raise ValidationError(_("A score is from 0 to 100."))
        changed += _set_scores(actor, enrolments[pk], theory, practice)
    return changed


@dataclass(frozen=True)
class CellError:
    """One bad cell of an import: its row number as the spreadsheet shows it, its column's header."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


class ImportRefused(ValidationError):
    """Bad cells of an import: nothing was written; each cell is named by row, column and what is wrong."""

    def __init__(self, errors: list[CellError]) -> None:
        self.cell_errors = errors
        super().__init__([str(e) for e in errors])


def _row_errors(
    index: int, cell: dict[str, str], by_mobile: dict[str, Enrolment], seen: dict[str, int]
) -> tuple[list[CellError], Enrolment | None, list[Decimal | None]]:
    """Every bad cell of one row, the trainee its mobile number finds, and its two scores."""
    errors = []
    mobile = cell["手机号"]
    enrolment = by_mobile.get(mobile)
    if enrolment is None:
        errors.append(
            CellError(index, "手机号", _("%(mobile)s is not a trainee of this course") % {"mobile": mobile or "—"})
        )
    elif mobile in seen:
        errors.append(CellError(index, "手机号", _("the same trainee as row %(row)s") % {"row": seen[mobile]}))
    else:
        seen[mobile] = index
    if enrolment is not None and cell["姓名"] and cell["姓名"] != enrolment.teacher.name:
        errors.append(
            CellError(
                index,
                "姓名",
                _("the name does not match the mobile number (%(name)s)") % {"name": enrolment.teacher.name},
            )
        )
    scores: list[Decimal | None] = []
    for column in ("理论知识考试", "专业水平测试"):
        try:
            scores.append(_score(cell[column]))
        except ValueError as error:
            errors.append(
                CellError(index, column, _("“%(value)s” %(reason)s") % {"value": cell[column], "reason": error})
            )
            scores.append(None)
    return errors, enrolment, scores


@transaction.atomic
def scores_import(*, actor: Any, course: Course, table: Table) -> int:
    """Scores from the downloaded template (姓名, 手机号, the two scores). Every cell is checked first and
    every bad one reported; any bad cell and nothing is written. Rows are matched to trainees by mobile
    number."""
    require(actor, MANAGE, course)
    missing = [h for h in IMPORT_HEADERS if h not in table.headers]
    if missing:
        raise ImportRefused([CellError(1, h, _("this column is missing")) for h in missing])
    at = {h: table.headers.index(h) for h in IMPORT_HEADERS}
    by_mobile = {e.teacher.mobile: e for e in course.enrolments.select_related("teacher").select_for_update()}
    errors: list[CellError] = []
    planned: list[tuple[Enrolment, Decimal | None, Decimal | None]] = []
    seen: dict[str, int] = {}
    for index, cells in enumerate(table.rows, start=2):
        cell = {h: (cells[i] if i < len(cells) else "") for h, i in at.items()}
        if not any(cell.values()):
            continue
        bad, enrolment, (theory, practice) = _row_errors(index, cell, by_mobile, seen)
        errors.extend(bad)
        if not bad and enrolment is not None:
            planned.append((enrolment, theory, practice))
    if errors:
        raise ImportRefused(errors)
    return sum(_set_scores(actor, enrolment, theory, practice) for enrolment, theory, practice in planned)


@transaction.atomic
def meeting_create(*, actor: Any, school: School, data: dict[str, Any]) -> Activity:
    """A head-teacher meeting of the school (例会, 附件1 duty 18): its head teachers of the day are invited
    and told; attendance is by check-in or by hand, as for any activity."""
    require(actor, "activity.organise", school)
    policy = policy_for(school.region)
    invitees = list(head_teachers_of(school))
    meeting = activity_create_own(
        actor=actor,
        data={**data, "kind": ActivityKind.HEAD_TEACHER_MEETING},
        school=school,
        invitees=invitees,
        hours_per_half_day=policy.training_hours_per_half_day if policy else None,
    )
    when = timezone.localtime(meeting.starts_at).strftime("%m-%d %H:%M")
    notifications_send(
        Message(
            recipient=teacher.user,
            title=_("Head-teacher meeting %(when)s: %(title)s") % {"when": when, "title": meeting.title},
            body=meeting.place,
            dedupe_key=f"corps.meeting:{meeting.uid}",
        )
        for teacher in invitees
        if getattr(teacher, "user", None) is not None and teacher.user.is_active
    )
    return meeting


@dataclass(frozen=True)
class Reminded:
    """What a round of reminders did: how many notices went out, and of the head teachers behind, how
    many have no active account to be told on and how many were already told this week."""

    sent: int
    behind: int
    no_account: int
    already: int


def has_account(teacher: Teacher) -> bool:
    user = getattr(teacher, "user", None)
    return user is not None and user.is_active


def head_teachers_behind_notify(*, rows: Iterable[Any], on: dt.date) -> Reminded:
    """Tell each head teacher who is behind on training what is missing: one notice per reason a week,
    however often the daily command runs or staff press the button."""
    year, week_number, _weekday = on.isocalendar()
    week = f"{year}-W{week_number:02d}"
    messages = []
    behind = no_account = 0
    for row in rows:
        behind += 1
        if not has_account(row.teacher):
            no_account += 1
            continue
        user = row.teacher.user
        for reason in row.reasons:
            messages.append(
                Message(
                    recipient=user,
                    title=_("Training due: %(reason)s") % {"reason": reason},
                    dedupe_key=f"corps.training.behind:{row.teacher.pk}:{reason}:{week}"[:200],
                )
            )
    written = notifications_send(messages)
    told = {n.recipient_id for n in written}
    already = len({m.recipient.pk for m in messages} - told)
    return Reminded(sent=len(written), behind=behind, no_account=no_account, already=already)


def reminded_text(reminded: Reminded, policy: Any) -> str:
    """What staff read after pressing the button: the count, and when someone was not told, why."""
    if policy is None or not (policy.school_course_yearly or policy.county_course_every_years):
        return _("No reminder sent: the corps policy here sets no yearly or county training to be behind on.")
    if reminded.behind == 0:
        return _("No reminder sent: nobody here is behind on training.")
    why = []
    if reminded.no_account:
        why.append(
            _("%(count)d of the head teachers behind have no active account to be reminded on.")
            % {"count": reminded.no_account}
        )
    if reminded.already:
        why.append(
            _("%(count)d were already reminded this week (at most one reminder a week for each thing missing).")
            % {"count": reminded.already}
        )
    head = _("%(count)d reminders sent.") % {"count": reminded.sent}
    if reminded.sent == 0:
        head = _("No reminder sent.")
    return " ".join([head, *why])


def remind_behind(on: dt.date | None = None) -> int:
    """The daily step: every head teacher behind on training under each corps policy is reminded (a
    region under a policy of its own is left to that policy)."""
    from hts.corps.models import CorpsPolicy
    from hts.corps.training.selectors import behind
    from hts.org.selectors import serving_now

    on = on or timezone.localdate()
    sent, done = 0, set()
    for policy in CorpsPolicy.objects.select_related("region").order_by("-region__depth"):
        teachers = [
            t
            for t in Teacher.objects.filter(school__region__path__startswith=policy.region.path)
            .filter(serving_now())
            .select_related("user", "school")
            if t.pk not in done
        ]
        done |= {t.pk for t in teachers}
        sent += head_teachers_behind_notify(rows=behind(teachers, policy, on), on=on).sent
    return sent
