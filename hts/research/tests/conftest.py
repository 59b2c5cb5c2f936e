from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from hts.studios.models import Membership
from testkit import World, make_running_studio, make_teacher, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Team:
    studio: Any
    host: Any  # world.teacher_user
    member_teacher: Any
    member: Any
    outsider_teacher: Any
    outsider: Any


@pytest.fixture
def team(world: World) -> Team:
    studio = make_running_studio(world)
    member_teacher = make_teacher(world.school_a2, "成员甲")
    Membership.objects.create(studio=studio, role="member", teacher=member_teacher, status="active")
    outsider_teacher = make_teacher(world.school_a, "局外人")
    return Team(
        studio=studio,
        host=world.teacher_user,
        member_teacher=member_teacher,
        member=make_user("member_a", teacher=member_teacher),
        outsider_teacher=outsider_teacher,
        outsider=make_user("outsider_a", teacher=outsider_teacher),
    )
