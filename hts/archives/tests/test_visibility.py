"""Visibility of every item kind, at every visibility, for every role, walked through the item page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hts.archives.models import MENTOR_KINDS, ItemKind, Visibility
from hts.archives.selectors import visible_items
from hts.archives.tests.conftest import Team, make_item
from testkit import World, client_for

PERSON_KINDS = [k for k in ItemKind if k != ItemKind.STUDIO_MATERIAL]
SHARED = {Visibility.STUDIO, Visibility.PUBLIC}


def _user(role: str, world: World, team: Team) -> Any:
    return {
        "owner": team.member,
        "fellow_member": team.fellow,
        "liaison": team.liaison,
        "host": team.host,
        "mentor": team.mentor,
        "admin": world.admin,
        "city_staff": world.city_staff,
        "district_staff": world.district_staff,
        "other_district_staff": world.district_b_staff,
        "school_staff": world.school_staff,
        "legal_rep": world.legal_rep,
        "outsider_teacher": world.outsider_teacher_user,
        "anonymous": None,
    }[role]


def expected(role: str, kind: str, visibility: str) -> bool:
    shared = visibility in SHARED
    mentor_kind = kind in MENTOR_KINDS
    if role in ("owner", "admin"):
        return True
    if role in ("fellow_member", "liaison", "school_staff"):
        return shared
    if role in ("host", "mentor", "city_staff", "district_staff"):
        return shared or mentor_kind
    return False  # another district, a legal representative, an outside teacher, the public


ROLES = ["owner", "fellow_member", "liaison", "host", "mentor", "admin", "city_staff", "district_staff",
         "other_district_staff", "school_staff", "legal_rep", "outsider_teacher", "anonymous"]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", PERSON_KINDS)
def test_visibility_of_every_kind_for_every_role(world: World, team: Team, kind: str, role: str) -> None:
    items = {v: make_item(team, kind, v) for v in Visibility}
    user = _user(role, world, team)
    client = client_for(user) if user else Client()
    for visibility, item in items.items():
        response = client.get(f"/archives/items/{item.uid}/")
        if expected(role, kind, visibility):
            assert response.status_code == 200, (role, kind, visibility, response.status_code)
            assert item.title.encode() in response.content
        elif user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code in (403, 404), (role, kind, visibility, response.status_code)
            assert item.title.encode() not in response.content
    if user is not None:
        seen = set(visible_items(user).values_list("visibility", flat=True))
        assert seen == {v for v in Visibility if expected(role, kind, v)}


@pytest.mark.parametrize("role", ROLES)
def test_studio_materials_are_seen_by_the_team_and_supervisors(world: World, team: Team, role: str) -> None:
    import datetime as dt

    from hts.archives import services

    item = services.item_create(
        actor=team.liaison, owner=None, studio=team.studio,
        data={"kind": ItemKind.STUDIO_MATERIAL, "title": "课题资料", "body": "", "date": dt.date(2026, 3, 1),
              "visibility": Visibility.STUDIO},
    )  # fmt: skip
    user = _user(role, world, team)
    client = client_for(user) if user else Client()
    response = client.get(f"/archives/items/{item.uid}/")
    sees = role in {"owner", "fellow_member", "liaison", "host", "mentor", "admin", "city_staff", "district_staff",
                    "school_staff"}  # fmt: skip
    assert (response.status_code == 200) is sees, (role, response.status_code)
