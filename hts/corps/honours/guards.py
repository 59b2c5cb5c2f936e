"""Who may see what of a call beyond the scope lookups: its panel, its public notice, a certificate."""

from __future__ import annotations

from typing import Any

from hts.accounts.access import can
from hts.accounts.permissions import principal_for
from hts.corps.honours.models import HonourCall, Nomination
from hts.org.models import School

ORGANISE, NOMINATE = "corps.honours.organise", "corps.honours.nominate"


def _school_ids(user: Any) -> set[int]:
    ids = {grant.school_id for grant in principal_for(user).grants if grant.school_id}
    teacher = getattr(user, "teacher", None)
    if teacher is not None:
        ids.add(teacher.school_id)
    return ids


def can_see_notice(user: Any, call: HonourCall) -> bool:
    """The 公示 is for the people the call reaches: its organiser, and the teachers and staff of its schools."""
    if call.status not in (HonourCall.Status.PUBLICITY, HonourCall.Status.FINAL):
        return False
    if can(user, ORGANISE, call):
        return True
    schools = _school_ids(user)
    if call.school_id:
        return call.school_id in schools
    return School.objects.filter(pk__in=schools, region__path__startswith=call.organiser_path).exists()


def can_read_nomination(user: Any, nomination: Nomination) -> bool:
    if getattr(user, "teacher_id", None) == nomination.teacher_id:
        return True
    return can(user, NOMINATE, nomination) or can(user, ORGANISE, nomination.call)
