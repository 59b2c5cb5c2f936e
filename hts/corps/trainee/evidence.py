"""The mentors' guidance hours for 001 附件2 item 18 (培养和指导了青年教师做好班级管理工作), registered
with evaluation's `register_guidance_source` in CorpsConfig.ready.

Only the mentor's hours count: item 18 scores the head teacher who trained and guided young ones; the
mentee receiving guidance is not what it asks (001 二 3 counts that as the young one's own training).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from hts.corps.structure.models import GuidanceSession


def mentor_guidance_hours(
    teacher_ids: Sequence[int], starts_on: dt.date, ends_on: dt.date
) -> dict[int, list[dict[str, Any]]]:
    """Each mentor's guidance sessions held in the period (one query)."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    sessions = GuidanceSession.objects.filter(
        pair__mentor_id__in=list(teacher_ids), held_on__range=(starts_on, ends_on)
    ).values_list("pair__mentor_id", "held_on", "topic", "hours", "pair__mentee__name")
    for mentor_id, held_on, topic, hours, mentee in sessions.order_by("held_on", "pk"):
        found[mentor_id].append({"date": str(held_on), "title": topic, "hours": str(hours), "mentee": mentee})
    return found
