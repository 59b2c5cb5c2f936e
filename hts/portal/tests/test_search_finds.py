"""Search finds by word, pinyin, initials, traditional characters and a school's short name (issue 16
point 9), through the signed-in search page, on either engine."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hts.org import services as org_services
from hts.portal.tests.search_world import new_item, new_teacher, search_team, titles
from testkit import client_for

pytestmark = pytest.mark.django_db


def _search(user, q, **extra):
    return client_for(user).get(reverse("search-all"), {"q": q, **extra})


@pytest.mark.parametrize("query", ["张晓明", "晓明", "zhangxiaoming", "zxm", "ZXM", "zhang", "張曉明"])
def test_a_teacher_is_found_by_name_pinyin_initials_and_traditional_characters(world, query):
    new_teacher(world, "张晓明")
    new_teacher(world, "李华", mobile="13900000002")
    response = _search(world.city_staff, query)
    assert response.status_code == 200
    assert titles(response, "teacher") == ["张晓明"]


@pytest.mark.parametrize("query", ["福田实验", "实验学校", "福田区实验", "實驗學校", "深圳福田实验"])
def test_a_school_is_found_by_its_short_name(world, query):
    data = {"name": "深圳市福田区实验学校", "code": "FT-09", "region": world.district_a, "has_primary": True}
    org_services.school_create(actor=world.admin, data=data)
    data = {"name": "深圳市南山区育才学校", "code": "NS-09", "region": world.district_b, "has_primary": True}
    org_services.school_create(actor=world.admin, data=data)
    assert titles(_search(world.city_staff, query), "school") == ["深圳市福田区实验学校"]


def test_an_archive_item_is_found_by_a_word_of_its_text_and_its_owners_pinyin(world):
    team = search_team(world)
    new_item(team, "家校沟通的一次尝试", "<p>班會設計：如何与留守儿童的家长沟通</p>")
    new_item(team, "读书笔记", "<p>教育的温度</p>")
    for query in ("留守儿童", "班会设计", "家校沟通", "chenjing 沟通"):
        assert titles(_search(team.host, query), "archive") == ["家校沟通的一次尝试"], query


def test_a_word_matching_nothing_says_so(world):
    new_teacher(world, "张晓明")
    response = _search(world.city_staff, "不存在的词")
    assert response.context["groups"] == []
    assert "search-none" in response.content.decode()


def test_an_empty_or_punctuation_query_searches_nothing(world, django_assert_max_num_queries):
    client = client_for(world.city_staff)
    client.get(reverse("search-all"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("search-all"), {"q": "“”！？ ''"})
    assert response.status_code == 200
    assert response.context["groups"] == []
