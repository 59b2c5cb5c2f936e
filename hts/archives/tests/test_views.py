"""Archive pages: timelines, forms, the mentor's appraisal, the studio archive; refusals and query budgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hts.activities.models import Activity, Plan
from hts.archives.models import ArchiveItem, ItemKind, Visibility
from hts.archives.tests.conftest import Team, make_item
from hts.archives.tests.test_files import png_bytes, upload
from testkit import World, client_for


def _fill(team: Team, count: int = 6) -> None:
    for n, kind in enumerate([ItemKind.LESSON_PLAN, ItemKind.NARRATIVE, ItemKind.PAPER] * (count // 3)):
        item = make_item(team, kind, title=f"条目{n}", date=dt.date(2025, 10 + n % 3, 1))
        if n < 2:
            upload(client_for(team.member), item, ("p.png", png_bytes((64, 64))))
    make_item(team, ItemKind.APPRAISAL, Visibility.PRIVATE, title="期末鉴定意见")


def test_my_archive_is_a_timeline_filtered_by_kind(team: Team, django_assert_max_num_queries: Any) -> None:
    _fill(team)
    client = client_for(team.member)
    # session, user, role assignments, memberships (principal), teacher, items, files (prefetch),
    # navigation/notifications (a few): at most 12 whatever the number of items.
    with django_assert_max_num_queries(12):
        response = client.get("/archives/")
    assert response.status_code == 200
    assert response.content.count(b'data-testid="timeline-item"') == 7
    assert "期末鉴定意见".encode() in response.content
    response = client.get("/archives/?kind=paper")
    assert response.content.count(b'data-testid="timeline-item"') == 2
    assert client_for(team.member).get("/archives/?kind=bogus").status_code == 200


def test_a_member_archive_for_the_team_and_the_bureau(
    world: World, team: Team, django_assert_max_num_queries: Any
) -> None:
    _fill(team)
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="私人笔记")
    url = f"/archives/teacher/{team.member.teacher.uid}/"
    mentor = client_for(team.mentor)
    # session, user, role assignments, memberships, teacher, items, files, appraisal studios, navigation
    with django_assert_max_num_queries(12):
        response = mentor.get(url)
    assert response.status_code == 200
    assert "期末鉴定意见".encode() in response.content and "私人笔记".encode() not in response.content
    assert b'data-testid="appraise"' in response.content
    fellow_page = client_for(team.fellow).get(url)
    assert "期末鉴定意见".encode() not in fellow_page.content and b'data-testid="appraise"' not in fellow_page.content
    assert client_for(world.district_staff).get(url).status_code == 200
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.outsider_teacher_user).get(url).status_code == 404
    assert client_for(world.legal_rep).get(url).status_code == 403


def test_the_member_creates_an_item_and_a_refused_form_keeps_the_input(team: Team) -> None:
    client = client_for(team.member)
    assert client.get("/archives/new/").status_code == 200
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    data = {"kind": "paper", "title": "我的论文", "date": future, "visibility": "studio", "body": "<p>摘要</p>"}
    response = client.post("/archives/new/", data)
    assert response.status_code == 400 and "我的论文".encode() in response.content
    response = client.post("/archives/new/", {**data, "date": "2026-03-01", "studio": team.studio.pk})
    assert response.status_code == 302
    item = ArchiveItem.objects.get(title="我的论文")
    assert item.owner_teacher == team.member.teacher and item.studio == team.studio and item.author == team.member
    # The appraisal kinds are not on the member's own form.
    assert client.post("/archives/new/", {**data, "kind": "appraisal", "date": "2026-03-01"}).status_code == 400


def test_the_mentor_writes_the_appraisal_and_the_member_sees_it(world: World, team: Team) -> None:
    url = f"/archives/teacher/{team.member.teacher.uid}/appraise/"
    client = client_for(team.mentor)
    assert client.get(url + "?kind=appraisal").status_code == 200
    response = client.post(
        url, {"kind": "appraisal", "title": "综合鉴定书", "date": "2026-06-30", "visibility": "private",
              "studio": team.studio.pk, "body": "表现优秀"},
    )  # fmt: skip
    assert response.status_code == 302
    item = ArchiveItem.objects.get(title="综合鉴定书")
    assert item.owner_teacher == team.member.teacher and item.author == team.mentor
    assert client_for(team.member).get(f"/archives/items/{item.uid}/").status_code == 200
    # The member cannot edit it; the mentor can.
    assert client_for(team.member).get(f"/archives/items/{item.uid}/edit/").status_code == 403
    assert client.get(f"/archives/items/{item.uid}/edit/").status_code == 200
    # Refusals: a member has no appraise action; a mentor of another studio's member is not found.
    assert client_for(team.fellow).get(url).status_code == 403
    assert client.get(f"/archives/teacher/{world.teacher_b.uid}/appraise/").status_code == 404
    assert client.get(f"/archives/teacher/{team.host.teacher.uid}/appraise/").status_code == 404


def test_the_item_page_budget(team: Team, django_assert_max_num_queries: Any) -> None:
    item = make_item(team)
    upload(client_for(team.member), item, ("p.png", png_bytes((64, 64))), ("d.pdf", b"%PDF-1.4"))
    client = client_for(team.member)
    # session, user, principal (2), item with owner/studio/author, files, may_edit (1), navigation (a few)
    with django_assert_max_num_queries(12):
        response = client.get(f"/archives/items/{item.uid}/")
    assert response.status_code == 200 and b'data-testid="files"' in response.content


def test_the_studio_archive_gathers_items_activities_and_plans(
    world: World, team: Team, django_assert_max_num_queries: Any
) -> None:
    _fill(team)
    make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE, title="私人笔记")
    start = dt.datetime(2026, 3, 3, 14, tzinfo=dt.UTC)
    Activity.objects.create(studio=team.studio, kind="collective_study", title="集体研修纪要", starts_at=start,
                            ends_at=start + dt.timedelta(hours=2), minutes="纪要正文")  # fmt: skip
    Activity.objects.create(studio=team.studio, kind="forum", title="无纪要活动", starts_at=start,
                            ends_at=start + dt.timedelta(hours=2))  # fmt: skip
    Plan.objects.create(studio=team.studio, kind="year", title="2026年度计划", body="计划")
    url = f"/archives/studio/{team.studio.uid}/"
    fellow = client_for(team.fellow)
    # session, user, principal (2), studio, items, files, activities, plans, team, may_keep, navigation,
    # which members' archives the reader may open
    with django_assert_max_num_queries(15):
        response = fellow.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "集体研修纪要" in body and "无纪要活动" not in body and "2026年度计划" in body
    assert "条目0" in body and "私人笔记" not in body and "期末鉴定意见" not in body
    assert b'data-testid="new-material"' not in response.content
    liaison_page = client_for(team.liaison).get(url)
    assert b'data-testid="new-material"' in liaison_page.content
    response = client_for(team.liaison).post(
        f"/archives/studio/{team.studio.uid}/new/",
        {"kind": "material", "title": "问卷汇总", "date": "2026-03-05", "visibility": "studio", "body": "资料"},
    )
    assert response.status_code == 302
    assert "问卷汇总" in client_for(world.district_staff).get(url).content.decode()
    assert client_for(team.fellow).get(f"/archives/studio/{team.studio.uid}/new/").status_code == 403
    assert client_for(team.mentor).get(f"/archives/studio/{team.studio.uid}/new/").status_code == 403
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.outsider_teacher_user).get(url).status_code == 404
    assert client_for(world.legal_rep).get(url).status_code == 403


def test_anonymous_visitors_see_nothing(client: Any, team: Team) -> None:
    item = make_item(team, visibility=Visibility.PUBLIC)
    for url in ["/archives/", f"/archives/items/{item.uid}/", f"/archives/studio/{team.studio.uid}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
