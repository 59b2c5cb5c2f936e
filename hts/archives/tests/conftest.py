"""A running studio of 福田区 (hosted by world.teacher_user) with a mentor, two members and a liaison."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from hts.archives import services
from hts.archives.models import ArchiveItem, ItemKind, Visibility
from hts.studios.models import Membership
from testkit import World, make_running_studio, make_teacher, make_user


@dataclass
class Team:
    studio: Any
    host: Any
    mentor: Any
    member: Any
    fellow: Any
    liaison: Any


@pytest.fixture
def team(world: World) -> Team:
    studio = make_running_studio(world)
    people = {}
    for key, name, school, role, liaison in (
        ("mentor", "导师周", world.school_a2, "mentor", False),
        ("member", "成员陈", world.school_a, "member", False),
        ("fellow", "成员吴", world.school_a2, "member", False),
        ("liaison", "联络员郑", world.school_a2, "member", True),
    ):
        teacher = make_teacher(school, name)
        Membership.objects.create(studio=studio, role=role, teacher=teacher, status="active", is_liaison=liaison)
        people[key] = make_user(key, teacher=teacher)
    return Team(studio=studio, host=world.teacher_user, **people)


def make_item(
    team: Team, kind: str = ItemKind.LESSON_PLAN, visibility: str = Visibility.STUDIO, **extra: Any
) -> ArchiveItem:
    actor = team.mentor if kind in (ItemKind.TRACKING, ItemKind.APPRAISAL) else team.member
    data = {"kind": kind, "title": extra.pop("title", f"{kind}-{visibility}"), "body": "<p>正文</p>",
            "date": dt.date(2026, 3, 2), "visibility": visibility, "studio": team.studio, **extra}  # fmt: skip
    return services.item_create(actor=actor, owner=team.member.teacher, data=data)
