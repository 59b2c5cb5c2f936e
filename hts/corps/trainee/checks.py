"""The rules of 001 二 4 that org asks before a head teacher is assigned a class (registered in
CorpsConfig.ready with `register_assignment_check`).

Decision on 新上岗的中小学教师: the trainee year is asked of a new head teacher only. A teacher with an
earlier head-teacher period (a HeadTeacherService that began on or before the day) is not new to the
post, so their earlier headship stands for the trainee year; the qualification certificate is asked
of everyone the policy covers, since 001 10 takes it away from a head teacher in post.

001 brings the rules in step by step (逐步推行): they bind a headship that begins on or after the day the
region's policy was set. A period that began before is the record of what was (a county's first roster
of its serving head teachers) and goes in as typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hts.corps.certificates.models import Certificate, CertificateKind, CertificateState
from hts.corps.certificates.selectors import with_states
from hts.corps.models import CorpsPolicy
from hts.corps.selectors import policy_for
from hts.corps.trainee.selectors import months_of
from hts.org.models import HeadTeacherService


def _policy_in_force(school: Any, on: dt.date) -> CorpsPolicy | None:
    policy = policy_for(school.region)
    if policy is None or on < timezone.localtime(policy.created_at).date():
        return None
    return policy


def trainee_year_problem(teacher: Any, school: Any, on: dt.date) -> str | None:
    policy = _policy_in_force(school, on)
    if policy is None or not policy.trainee_months:
        return None
    if teacher.pk is not None and HeadTeacherService.objects.filter(teacher=teacher, started_on__lte=on).exists():
        return None
    months = months_of(teacher, on)
    if months >= policy.trainee_months:
        return None
    return _(
        "Trainee year (001 二 4): a new teacher serves at least %(need)s months as trainee head teacher or "
        "head-teacher assistant before heading a class; %(name)s has %(months)s."
    ) % {"need": policy.trainee_months, "name": teacher.name, "months": months}


def qualification_problem(teacher: Any, school: Any, on: dt.date) -> str | None:
    policy = _policy_in_force(school, on)
    if policy is None or not policy.qualification_required:
        return None
    certificates = (
        list(
            Certificate.objects.filter(
                holder=teacher, kind=CertificateKind.QUALIFICATION, issued_on__lte=on
            ).select_related("issuer")
        )
        if teacher.pk is not None
        else []
    )
    live = {CertificateState.VALID, CertificateState.EXPIRING}
    if any(c.current_state in live for c in with_states(certificates, on)):  # type: ignore[attr-defined]
        return None
    return _(
        "Qualification certificate (001 二 4): heading a class needs a valid head-teacher qualification "
        "certificate; %(name)s has none valid on %(date)s."
    ) % {"name": teacher.name, "date": on.isoformat()}
