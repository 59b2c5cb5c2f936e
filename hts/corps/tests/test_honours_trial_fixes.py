"""Defects a browser trial found in honours (001 二 10), each through the pages: a school could award a
国家级 honour, a panel member found no way to their score sheet, the panel was picked by username only,
and nominating a panel member was refused as if they were a nominee."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hts.accounts.models import Role
from hts.corps.certificates.models import Certificate
from hts.corps.honours import services
from hts.corps.honours.models import HonourCall, PanelMember
from hts.corps.models import CorpsPolicy
from hts.notifications.models import Notification
from hts.org.models import SchoolYear, Teacher
from testkit import World, client_for, make_teacher, make_user

TODAY = dt.date.today()


@pytest.fixture
def year(world: World) -> SchoolYear:
    CorpsPolicy.objects.create(region=world.city, qualification_required=True)
    for teacher in (world.teacher_a, world.teacher_b):
        _certificate(teacher)
    return SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=TODAY - dt.timedelta(days=200),
        ends_on=TODAY + dt.timedelta(days=165),
    )


def _certificate(teacher: Teacher) -> None:
    Certificate.objects.create(
        holder=teacher, kind="qualification", number=f"Q-{teacher.pk}", issuer=teacher.school.region,
        issued_on=TODAY - dt.timedelta(days=100), valid_until=TODAY + dt.timedelta(days=900), evidence="培训合格",
    )  # fmt: skip


def _form(year: SchoolYear, level: str, title: str = "明星班主任") -> dict[str, Any]:
    return {
        "title": title, "school_year": year.pk, "kind": "person", "level": level, "places": "1",
        "nominations_until": str(TODAY + dt.timedelta(days=10)), "review_until": str(TODAY + dt.timedelta(days=20)),
        "objection_days": "5",
    }  # fmt: skip


def _levels_offered(html: str) -> list[str]:
    select = html.split('name="level"')[1].split("</select>")[0]
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


# 1. The level an organiser may award ------------------------------------------------------------------


def test_a_school_is_offered_and_may_award_only_a_school_level_honour(world: World, year: SchoolYear) -> None:
    school = client_for(world.school_staff)
    url = f"/corps/honours/new/?school={world.school_a.uid}"
    assert _levels_offered(school.get(url).content.decode()) == ["school"]
    for level in ("national", "province", "county"):
        crafted = school.post(url, _form(year, level))
        assert crafted.status_code == 400, level
    assert not HonourCall.objects.exists()
    assert school.post(url, _form(year, "school")).status_code == 302
    assert HonourCall.objects.get().level == "school"
    # The service refuses it too, naming the rule, whoever calls it.
    with pytest.raises(ValidationError) as refused:
        services.call_create(
            actor=world.school_staff,
            school=world.school_a,
            data={**_form(year, "national", "另一评选"), "school_year": year},
        )
    assert "校级" in str(refused.value) and "001 二 10" in str(refused.value)


@pytest.mark.parametrize(
    ("user", "own", "other"), [("district_staff", "county", "city"), ("city_staff", "city", "national")]
)
def test_a_bureau_awards_honours_of_its_own_level_only(
    world: World, year: SchoolYear, user: str, own: str, other: str
) -> None:
    client = client_for(getattr(world, user))
    assert _levels_offered(client.get("/corps/honours/new/").content.decode()) == [own]
    crafted = client.post("/corps/honours/new/", _form(year, other, "优秀班主任"))
    assert crafted.status_code == 400 and not HonourCall.objects.exists()
    assert client.post("/corps/honours/new/", _form(year, own, "优秀班主任")).status_code == 302
    region = world.district_a if user == "district_staff" else world.city
    with pytest.raises(ValidationError) as refused:
        services.call_create(
            actor=getattr(world, user), region=region, data={**_form(year, other, "再评"), "school_year": year}
        )
    assert "教育局只能组织" in str(refused.value)


# 4 and 5. The panel: picked by name, told of the conflict, finds its score sheet -------------------------


@pytest.fixture
def call(world: World, year: SchoolYear) -> HonourCall:
    created = services.call_create(
        actor=world.district_staff,
        region=world.district_a,
        data={**_form(year, "county", "县级优秀班主任"), "school_year": year},
    )
    services.quota_set(actor=world.district_staff, call=created, school=world.school_a, places=2)
    return created


def _panel_user(world: World, username: str, name: str, school: Any = None) -> Any:
    user = make_user(username, teacher=make_teacher(school or world.school_a2, name))
    user.full_name = name
    user.save(update_fields=["full_name"])
    return user


def test_the_panel_is_picked_by_name_with_clear_refusals(world: World, call: HonourCall) -> None:
    xu = _panel_user(world, "xhy", "徐海燕")
    bureau = client_for(world.district_staff)
    url = f"/corps/honours/{call.uid}/"
    page = bureau.get(url).content.decode()
    # The field suggests the people of the call's reach by name.
    assert 'list="panel-people"' in page and '<option value="徐海燕">' in page
    assert bureau.post(url, {"form": "panel", "panel-person": "徐海燕"}).status_code == 302
    assert PanelMember.objects.get(call=call).user == xu
    unknown = bureau.post(url, {"form": "panel", "panel-person": "查无此人"}).content.decode()
    assert "没有姓名或用户名为“查无此人”的有效账号" in unknown and "使用此用户名" not in unknown
    # Someone of another district is outside the call.
    _panel_user(world, "nanshan", "林芳", world.school_b)
    assert "没有姓名或用户名为“林芳”" in bureau.post(url, {"form": "panel", "panel-person": "林芳"}).content.decode()
    # Two of one name: both listed, and the username picks one.
    _panel_user(world, "zhang1", "张伟")
    _panel_user(world, "zhang2", "张伟", world.school_a)
    twice = bureau.post(url, {"form": "panel", "panel-person": "张伟"})
    assert twice.status_code == 400 and "有 2 人名为“张伟”" in twice.content.decode()
    assert "zhang1" in twice.content.decode() and "zhang2" in twice.content.decode()
    assert bureau.post(url, {"form": "panel", "panel-person": "zhang2"}).status_code == 302


def test_nominating_a_panel_member_names_the_real_conflict(world: World, call: HonourCall) -> None:
    services.call_open(actor=world.district_staff, call=call)
    on_panel = make_teacher(world.school_a, "徐海燕", serving_since=TODAY - dt.timedelta(days=3000))
    _certificate(on_panel)
    user = make_user("xhy", teacher=on_panel)
    services.panel_add(actor=world.district_staff, call=call, user=user)
    response = client_for(world.school_staff).post(
        f"/corps/honours/{call.uid}/nominate/?school={world.school_a.uid}", {"teacher": on_panel.pk, "statement": "x"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "徐海燕是本次评选的评审组成员" in body and "先由组织方将其移出评审组" in body
    alert = body.split('class="alert alert-danger"')[1].split("</div></div>")[0]
    assert "被推荐人" not in alert


def test_a_panel_member_finds_the_score_sheet_on_home_and_honours_pages(
    world: World, call: HonourCall, django_assert_max_num_queries: Any
) -> None:
    chief = _panel_user(world, "chief", "首席班主任甲")
    services.panel_add(actor=world.district_staff, call=call, user=chief)
    services.call_open(actor=world.district_staff, call=call)
    services.nominate(
        actor=world.school_staff, call=call, school=world.school_a, statement="x", teacher=world.teacher_a
    )
    client = client_for(chief)
    score_url = f"/corps/honours/{call.uid}/score/"
    # Before the review there is nothing to score.
    assert score_url not in client.get("/home/").content.decode()
    services.call_close_nominations(actor=world.district_staff, call=call)
    assert Notification.objects.get(recipient=chief).url == score_url
    with django_assert_max_num_queries(20):
        home = client.get("/home/").content.decode()
    todos = home.split('data-testid="home-todos"')[1].split("</ul>")[0]
    assert score_url in todos and "县级优秀班主任" in todos
    mine = client.get("/corps/honours/mine/").content.decode()
    assert score_url in mine.split('data-testid="honours-scoring"')[1]
    assert score_url in mine.split('data-testid="honours-panels"')[1]
    assert client.get(score_url).status_code == 200
    # Scored: the to-do goes; the panel stays listed on the honours page.
    services.score_save(actor=chief, nomination=call.nominations.get(), points=88)
    assert score_url not in client.get("/home/").content.decode()
    assert 'data-testid="honours-scoring"' not in client.get("/corps/honours/mine/").content.decode()
    # A teacher on no panel sees neither.
    assert 'data-testid="home-todos"' not in client_for(world.teacher_user).get("/home/").content.decode()


def test_other_roles_cannot_reach_the_score_sheet(world: World, call: HonourCall) -> None:
    services.call_open(actor=world.district_staff, call=call)
    services.nominate(
        actor=world.school_staff, call=call, school=world.school_a, statement="x", teacher=world.teacher_a
    )
    services.panel_add(actor=world.district_staff, call=call, user=world.district_staff)
    services.call_close_nominations(actor=world.district_staff, call=call)
    for user in (
        world.teacher_user,
        world.school_staff,
        world.district_b_staff,
        make_user("x", Role.SCHOOL_STAFF, school=world.school_b),
    ):
        assert client_for(user).get(f"/corps/honours/{call.uid}/score/").status_code == 404
