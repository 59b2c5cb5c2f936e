"""What a final result sets in motion (issue 6, 5).

* A studio round's grades become the members' semester grades (002 5(3)). A 不合格 puts the member in
  the host's rotation-out step: the grades page lists them with the studios app's rotate-out action.
* A failing yearly head-teacher result is reported to the bureau (001 10: 学年度考评不合格 … 上报县教育局,
  经核实后取消班主任资格证, 当年不得评优晋级). The bureau confirms it, which marks the qualification
  certificate for revocation (the certificate itself arrives with the corps issue); while reported or
  confirmed, no honour of that school year may be recorded for the teacher (``honours_barred``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from hts.accounts.models import User
from hts.accounts.selectors import users_with_action_over
from hts.core.audit import audit_record
from hts.evaluation.grades.models import MemberGrade, YearlyFailure
from hts.evaluation.rounds.models import EvaluationRound, Subject
from hts.org.calendar import lineage_paths
from hts.org.models import Teacher
from hts.studios.models import Grade, Membership


def _bureau_users(region_path: str) -> list[Any]:
    """Those who confirm failing results over the region: its bureau and every bureau above it."""
    return users_with_action_over("failure.review", lineage_paths(region_path))


def round_consequences_apply(*, rnd: EvaluationRound, actor: Any) -> None:
    """Called by the round's finalise service, inside its transaction."""
    subjects = list(rnd.subjects.select_related("teacher__school__region", "membership__studio"))
    if rnd.studio_id and rnd.semester_id:
        _member_grades(rnd, subjects, actor)
    if rnd.period == EvaluationRound.Period.YEARLY and not rnd.studio_id:
        _yearly_failures(rnd, subjects, actor)


def _member_grades(rnd: EvaluationRound, subjects: list[Subject], actor: Any) -> None:
    from hts.notifications.services import Message, notifications_send

    failed: list[Subject] = []
    for subject in subjects:
        if subject.membership_id is None or not subject.grade:
            continue
        grade, created = MemberGrade.objects.update_or_create(
            membership=subject.membership,
            semester=rnd.semester,
            defaults={"grade": subject.grade, "subject": subject, "decided_by": actor, "comment": rnd.title},
        )
        audit_record(
            actor=actor,
            action="evaluation.grade.recorded",
            target=grade,
            target_label=f"{subject.teacher} · {rnd.semester}",
            changes={"grade": [None if created else "", subject.grade]},
        )
        if subject.grade == Grade.FAILED:
            failed.append(subject)
    if not failed or rnd.studio is None:
        return
    host_users = list(User.objects.filter(teacher_id=rnd.studio.host_id, is_active=True))
    url = reverse("evaluation-grades-studio", kwargs={"uid": rnd.studio.uid})
    names = "、".join(s.teacher.name for s in failed)
    messages = [
        Message(
            recipient=user,
            kind="general",
            title=_("Members graded not qualified: %(names)s") % {"names": names},
            body=_("They are listed in the rotation-out step of the studio's grades page."),
            url=url,
            dedupe_key=f"evaluation.rotation:{rnd.uid}",
        )
        for user in host_users
    ]
    transaction.on_commit(lambda: notifications_send(messages))


def _yearly_failures(rnd: EvaluationRound, subjects: list[Subject], actor: Any) -> None:
    from hts.notifications.services import Message, notifications_send

    messages: list[Message] = []
    for subject in subjects:
        if subject.grade != Grade.FAILED:
            continue
        failure, created = YearlyFailure.objects.get_or_create(
            teacher=subject.teacher, school_year=rnd.school_year, defaults={"subject": subject}
        )
        if not created:
            continue
        audit_record(
            actor=actor,
            action="evaluation.failure.reported",
            target=failure,
            target_label=f"{subject.teacher} · {rnd.school_year}",
        )
        url = reverse("evaluation-failure-list")
        for user in _bureau_users(subject.teacher.school.region.path):
            messages.append(
                Message(
                    recipient=user,
                    kind="general",
                    title=_("Failing yearly result reported: %(name)s (%(school)s)")
                    % {"name": subject.teacher.name, "school": subject.teacher.school.name},
                    body=_("Confirm it to mark the qualification certificate for revocation."),
                    url=url,
                    dedupe_key=f"evaluation.failure:{failure.uid}",
                )
            )
    if messages:
        transaction.on_commit(lambda: notifications_send(messages))


def honours_barred(teacher: Teacher, on: dt.date) -> YearlyFailure | None:
    """The failing yearly result that bars honours for `teacher` on `on` (001 10: 当年不得评优晋级)."""
    return (
        YearlyFailure.objects.filter(
            teacher=teacher,
            school_year__starts_on__lte=on,
            school_year__ends_on__gte=on,
            status__in=[YearlyFailure.Status.REPORTED, YearlyFailure.Status.CONFIRMED],
        )
        .select_related("school_year")
        .first()
    )


def honour_bar(teacher: Teacher, on: dt.date) -> str | None:
    """org's honour bar (registered in EvaluationConfig.ready): why no honour may be recorded on `on`."""
    failure = honours_barred(teacher, on)
    if failure is None:
        return None
    return _("%(name)s failed the yearly evaluation of %(year)s: no honour may be recorded for that year.") % {
        "name": teacher.name,
        "year": failure.school_year.label,
    }


def members_to_rotate(studio_id: int) -> list[MemberGrade]:
    """Active members whose latest semester grade is 不合格: the host's rotation-out step."""
    grades = (
        MemberGrade.objects.filter(
            membership__studio_id=studio_id,
            membership__status=Membership.Status.ACTIVE,
            membership__role=Membership.Role.MEMBER,
        )
        .select_related("membership__teacher", "semester__school_year")
        .order_by("membership_id", "-semester__starts_on")
    )
    latest: dict[int, MemberGrade] = {}
    for grade in grades:
        latest.setdefault(grade.membership_id, grade)
    return [grade for grade in latest.values() if grade.grade == Grade.FAILED]
