"""Records for the search tests, written through the services (so the index follows them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hts.archives import services as archive_services
from hts.archives.models import ArchiveItem, ItemKind, Visibility
from hts.org import services as org_services
from hts.studios.models import Membership
from testkit import World, make_running_studio, make_teacher, make_user


@dataclass
class SearchTeam:
    studio: Any
    host: Any
    member: Any
    outsider: Any  # a member of another studio


def search_team(world: World) -> SearchTeam:
    studio = make_running_studio(world)
    member_teacher = make_teacher(world.school_a, "陈静")
    Membership.objects.create(studio=studio, role="member", teacher=member_teacher, status="active")
    other = make_running_studio(world, name="启明星工作室")
    outsider_teacher = make_teacher(world.school_a2, "吴刚")
    Membership.objects.create(studio=other, role="member", teacher=outsider_teacher, status="active")
    return SearchTeam(
        studio=studio,
        host=world.teacher_user,
        member=make_user("member", teacher=member_teacher),
        outsider=make_user("outsider", teacher=outsider_teacher),
    )


def new_teacher(world: World, name: str, school: Any = None, mobile: str = "13900000001") -> Any:
    data = {"name": name, "gender": "M", "birth_year": 1980, "mobile": mobile, "school": school or world.school_a}
    return org_services.teacher_create(actor=world.admin, data=data)


def new_item(team: SearchTeam, title: str, body: str, visibility: str = Visibility.STUDIO) -> ArchiveItem:
    data = {"kind": ItemKind.CASE_STUDY, "title": title, "body": body, "date": dt.date(2026, 3, 2),
            "visibility": visibility, "studio": team.studio}  # fmt: skip
    return archive_services.item_create(actor=team.member, owner=team.member.teacher, data=data)


def titles(response: Any, kind: str | None = None) -> list[str]:
    """The result titles on a search page (of one kind's group, when given)."""
    groups = response.context["groups"]
    return [e.title for g in groups if kind is None or g.kind.kind == kind for e in g.page.object_list]
