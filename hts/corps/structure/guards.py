"""Who may read a mentoring pair: its two teachers and the school staff who manage it."""

from __future__ import annotations

from typing import Any

from hts.accounts.access import can
from hts.corps.structure.models import MentorPair


def can_read_pair(user: Any, pair: MentorPair) -> bool:
    teacher_id = getattr(user, "teacher_id", None)
    if teacher_id is not None and teacher_id in (pair.mentor_id, pair.mentee_id):
        return True
    return can(user, "corps.structure.manage", pair)


def can_record_guidance(user: Any, pair: MentorPair) -> bool:
    """Only the mentor of a pair that has not ended (the service checks the same through `require`)."""
    return pair.ended_on is None and can(user, "corps.guidance.record", pair)
