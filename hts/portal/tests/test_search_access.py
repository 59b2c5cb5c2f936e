"""Search never lists what the searcher may not open (issue 16 point 9): each kind's own access rule,
per role; the index follows edits through the services; query budgets."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from hts.archives.models import Visibility
from hts.org import services as org_services
from hts.portal.tests.search_world import new_item, new_teacher, search_team, titles
from testkit import client_for

pytestmark = pytest.mark.django_db


def _search(user, q, **extra):
    return client_for(user).get(reverse("search-all"), {"q": q, **extra})


def test_signing_in_is_needed_for_the_global_search(client):
    response = client.get(reverse("search-all"), {"q": "张"})
    assert response.status_code == 302
    assert reverse("accounts-login") in response["Location"]


def test_a_school_office_finds_its_own_teachers_only(world):
    new_teacher(world, "张晓明", school=world.school_a)
    new_teacher(world, "张晓华", school=world.school_b, mobile="13900000002")
    assert titles(_search(world.school_staff, "zhangxiao"), "teacher") == ["张晓明"]
    assert titles(_search(world.district_b_staff, "zhangxiao"), "teacher") == ["张晓华"]
    assert sorted(titles(_search(world.city_staff, "zhangxiao"), "teacher")) == ["张晓华", "张晓明"]
    # A teacher finds themself only; someone with no role finds nothing.
    call_command("rebuild_search_index", "teacher")
    assert titles(_search(world.teacher_user, "李红"), "teacher") == ["李红"]
    assert titles(_search(world.teacher_user, "王明"), "teacher") == []
    assert titles(_search(world.nobody, "zhangxiao")) == []


def test_a_private_archive_item_is_found_by_its_owner_only(world):
    team = search_team(world)
    new_item(team, "我的反思日记", "<p>私人的想法</p>", visibility=Visibility.PRIVATE)
    new_item(team, "班会设计", "<p>私人的想法之外</p>", visibility=Visibility.STUDIO)
    assert sorted(titles(_search(team.member, "想法"), "archive")) == ["我的反思日记", "班会设计"]
    assert titles(_search(team.host, "想法"), "archive") == ["班会设计"]
    assert titles(_search(world.city_staff, "想法"), "archive") == ["班会设计"]
    # Another studio's member sees neither item (nor the page of either).
    assert titles(_search(team.outsider, "想法"), "archive") == []
    assert titles(_search(world.school_staff, "反思日记"), "archive") == []


def test_the_index_follows_an_edit_through_the_page_and_a_change_of_visibility(world):
    team = search_team(world)
    item = new_item(team, "第一稿", "<p>旧的正文</p>")
    form = {"kind": item.kind, "title": "第二稿：班级公约", "date": "2026-03-02", "visibility": "studio",
            "studio": team.studio.pk, "body": "<p>新的正文</p>"}  # fmt: skip
    response = client_for(team.member).post(reverse("archives-edit", kwargs={"uid": item.uid}), form)
    assert response.status_code == 302
    assert titles(_search(team.host, "班级公约"), "archive") == ["第二稿：班级公约"]
    assert titles(_search(team.host, "旧的"), "archive") == []
    # Made private: the host no longer finds it, the owner still does.
    form["visibility"] = "private"
    client_for(team.member).post(reverse("archives-edit", kwargs={"uid": item.uid}), form)
    assert titles(_search(team.host, "班级公约"), "archive") == []
    assert titles(_search(team.member, "班级公约"), "archive") == ["第二稿：班级公约"]


def test_the_index_follows_a_renamed_teacher(world):
    teacher = new_teacher(world, "张晓明")
    org_services.teacher_update(actor=world.admin, teacher=teacher, data={"name": "张晓东"})
    assert titles(_search(world.city_staff, "zxm"), "teacher") == []
    assert titles(_search(world.city_staff, "zxd"), "teacher") == ["张晓东"]


def test_the_rebuild_command_indexes_records_written_before_the_index(world):
    # The world's schools and teachers were created directly, not through the services.
    assert titles(_search(world.city_staff, "南山外国语"), "school") == []
    call_command("rebuild_search_index")
    assert titles(_search(world.city_staff, "南山外国语"), "school") == ["南山外国语学校"]
    assert titles(_search(world.school_staff, "南山外国语"), "school") == []


def test_each_result_links_to_its_page_which_the_searcher_may_open(world):
    team = search_team(world)
    item = new_item(team, "班会设计", "<p>正文</p>")
    response = _search(team.host, "班会设计")
    url = reverse("archives-item", kwargs={"uid": item.uid})
    assert url in response.content.decode()
    assert client_for(team.host).get(url).status_code == 200


def test_one_kind_pages_through_its_results(world):
    for n in range(25):
        new_teacher(world, f"张{n}号", mobile=f"139000001{n:02d}")
    response = _search(world.city_staff, "张", kind="teacher")
    group = response.context["groups"][0]
    assert group.total == 25 and len(group.page.object_list) == 20
    response = _search(world.city_staff, "张", kind="teacher", page=2)
    assert len(response.context["groups"][0].page.object_list) == 5
    # Grouped: five a kind, with a link to the rest.
    response = _search(world.city_staff, "张")
    assert len(titles(response, "teacher")) == 5
    assert "kind=teacher" in response.content.decode()


def test_the_search_page_keeps_to_its_query_budget(world, django_assert_max_num_queries):
    team = search_team(world)
    for n in range(15):
        new_teacher(world, f"张{n}号", mobile=f"139000002{n:02d}")
        new_item(team, f"张老师的案例{n}", "<p>正文</p>")
    client = client_for(team.host)
    client.get(reverse("search-all"), {"q": "张"})
    # Session, user, principal's grants (roles, memberships), then two a kind (count, page), and the
    # navigation's badge; the same with 15 or 1,500 results.
    with django_assert_max_num_queries(30):
        response = client.get(reverse("search-all"), {"q": "张"})
    assert response.status_code == 200
    for n in range(15, 30):
        new_item(team, f"张老师的案例{n}", "<p>正文</p>")
    with django_assert_max_num_queries(30):
        client.get(reverse("search-all"), {"q": "张"})


def test_a_studios_activities_research_and_achievements_stay_with_those_who_may_see_them(world):
    import datetime as dt

    from django.utils import timezone

    from hts.activities.models import Activity
    from hts.research.models import Achievement, ResearchProject

    team = search_team(world)
    starts = timezone.now()
    Activity.objects.create(
        studio=team.studio, kind="collective_study", title="自主管理集体研修", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), place="会议室",
    )  # fmt: skip
    ResearchProject.objects.create(
        studio=team.studio, title="班级自主管理的实践研究", level="city", status="approved",
        starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2027, 6, 30), lead=team.host.teacher,
    )  # fmt: skip
    Achievement.objects.create(
        owner=team.member.teacher, kind="paper_awarded", title="自主管理论文获奖", level="city",
        achieved_on=dt.date(2026, 1, 5), issuer="市教育学会", status="verified",
    )  # fmt: skip
    call_command("rebuild_search_index")

    def kinds(user):
        return sorted(g.kind.kind for g in _search(user, "自主管理").context["groups"])

    assert kinds(team.host) == ["achievement", "activity", "research"]
    assert kinds(world.city_staff) == ["achievement", "activity", "research"]
    # Another studio's member, another district's bureau, a teacher of no studio: none of them.
    assert kinds(team.outsider) == []
    assert kinds(world.district_b_staff) == []
    assert kinds(world.outsider_teacher_user) == []


def test_only_the_best_matches_are_checked_and_access_still_holds_among_them(world, monkeypatch):
    """A common word in a city matches thousands of rows: the access rule runs on the best CANDIDATES of
    each kind, the count says "more than", and a private item among them stays its owner's."""
    from hts.core.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    team = search_team(world)
    for n in range(4):
        new_item(team, f"家访记录{n}", "<p>正文</p>")
    new_item(team, "家访记录私密", "<p>正文</p>", visibility=Visibility.PRIVATE)
    response = _search(team.host, "家访记录", kind="archive")
    group = response.context["groups"][0]
    assert group.capped and group.total <= 3
    assert "家访记录私密" not in titles(response, "archive")
    assert f"{group.total}+" in response.content.decode()
