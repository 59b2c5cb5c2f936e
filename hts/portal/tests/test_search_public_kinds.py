"""The public search over all public content (issue 16 point 9, second round): studio websites (found by
name, pinyin, initials, theme and host school), members' blogs, published notices and final contests;
never what the public may not see. Through the page a visitor opens, /search/."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hts.core.search.index import search_index_put
from hts.core.search.models import SearchEntry
from hts.portal.contest.models import Contest
from hts.portal.models import Publication
from hts.portal.search_public import publication_indexed, publication_unindexed
from hts.portal.sites.models import StudioSite
from hts.portal.sites.services import site_ensure
from hts.studios import closing
from hts.studios.models import Membership, Studio
from testkit import client_for, make_running_studio, make_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def found(q: str, kind: str | None = None) -> list[str]:
    cache.clear()
    response = Client().get(reverse("portal-search"), {"q": q})
    assert response.status_code == 200
    return [
        e.title for g in response.context["groups"] or [] if kind in (None, g.kind.kind) for e in g.page.object_list
    ]


def _studio_with_site(world, name="“向阳花”名班主任工作室", theme="家校共育"):
    studio = make_running_studio(world, name=name)
    Studio.objects.filter(pk=studio.pk).update(theme=theme, plan="保密的计划书")
    studio.refresh_from_db()
    site_ensure(studio)
    return studio


def test_a_studio_with_a_website_is_found_by_name_pinyin_initials_theme_and_host_school(world):
    studio = _studio_with_site(world)
    name = studio.name
    for q in ("向阳花", "xiangyanghua", "xyh", "家校共育", "福田实验", "ftsy", "福田实验小学"):
        assert found(q, "site") == [name], q
    response = Client().get(reverse("portal-search"), {"q": "xyh"})
    slug = StudioSite.objects.get(studio=studio).slug
    assert reverse("portal-site-home", kwargs={"slug": slug}) in response.content.decode()
    # Not the plan, not the host's name: only what the site's home shows.
    assert found("保密", "site") == [] and found(world.teacher_a.name, "site") == []
    # A school is found only as the host school of a shown studio, never on its own.
    assert found("南山外国语") == []


def test_a_studio_without_a_website_or_revoked_is_not_found(world):
    make_running_studio(world, name="启明星工作室")
    search_index_put(Studio.objects.get(name="启明星工作室"))
    assert found("启明星") == []
    studio = _studio_with_site(world)
    assert found("xyh", "site") == [studio.name]
    # A revoke the index missed: the kind's rule, read again, hides it at once.
    Studio.objects.filter(pk=studio.pk).update(status=Studio.Status.REVOKED)
    assert found("xyh") == []
    # The closing step drops the entry itself.
    studio.refresh_from_db()
    closing.studio_state_changed(studio=studio, actor=None, previous=Studio.Status.ACTIVE, reason="x")
    assert not SearchEntry.objects.filter(kind="site", object_id=studio.pk).exists()


def test_a_precise_initials_query_does_not_flood(world):
    _studio_with_site(world, name="向阳花工作室")
    _studio_with_site(world, name="向阳红花工作室")
    assert found("xyh", "site") == ["向阳花工作室"]  # the whole initials, not those beginning so
    assert found("xy", "site") == []
    assert sorted(found("xiangyang", "site")) == ["向阳红花工作室", "向阳花工作室"]  # a long word: a prefix too
    assert found("gzs", "site") == [] and found("bzr", "site") == []  # the generic words give no initials


def _publication(studio, author, title="一次难忘的家访"):
    pub = Publication.objects.create(
        studio=studio, section="story", status=Publication.Status.PUBLISHED, author=author, title=title,
        body="<p>家访</p>", published_at=timezone.now(),
    )  # fmt: skip
    publication_indexed(pub)
    return pub


def test_a_members_blog_is_found_once_they_publish_and_never_shows_a_mobile_or_email(world):
    from hts.portal.sites.models import MemberProfile

    studio = _studio_with_site(world)
    teacher = make_teacher(world.school_a, "陈静", mobile="13900000077")
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    MemberProfile.objects.create(teacher=teacher, email="chen@example.cn", show_email=True)
    assert found("陈静") == []  # a member who published nothing has no blog to find
    pub = _publication(studio, teacher)
    for q in ("陈静", "chenjing", "cj"):
        assert found(q, "blog") == ["陈静"], q
    response = Client().get(reverse("portal-search"), {"q": "陈静"})
    page = response.content.decode()
    assert reverse("portal-blog", kwargs={"uid": teacher.uid}) in page
    assert "13900000077" not in page and "chen@example.cn" not in page
    entry = SearchEntry.objects.get(kind="blog", object_id=teacher.pk)
    assert "13900000077" not in entry.tokens and "example" not in entry.tokens
    assert found("13900000077") == [] and found("chen@example.cn") == []
    # The last publication withdrawn: the blog is no longer found.
    Publication.objects.filter(pk=pub.pk).update(status=Publication.Status.WITHDRAWN, withdraw_reason="x")
    assert found("陈静") == []  # read again, even before the service's call
    publication_unindexed(pub)
    assert not SearchEntry.objects.filter(kind="blog", object_id=teacher.pk).exists()


def test_a_returned_publications_author_is_not_found(world):
    studio = _studio_with_site(world)
    teacher = make_teacher(world.school_a, "吴刚", mobile="13900000078")
    pub = _publication(studio, teacher, title="退回的稿子")
    Publication.objects.filter(pk=pub.pk).update(status=Publication.Status.RETURNED, return_note="再改改")
    publication_unindexed(pub)
    assert found("吴刚") == [] and found("wugang") == [] and found("退回") == []


def test_a_published_notice_is_found_and_leaves_when_unpublished(world):
    bureau = client_for(world.district_staff)
    bureau.post("/portal/manage/440304/notices/new/", {"title": "关于班主任培训的通知", "body": "<p>请各校报名</p>"})
    from hts.portal.home.models import Notice

    notice = Notice.objects.get()
    assert found("班主任培训") == []  # a draft
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/publish/")
    assert found("班主任培训", "notice") == ["关于班主任培训的通知"]
    response = Client().get(reverse("portal-search"), {"q": "培训"})
    assert f"/b/440304/notices/{notice.uid}/" in response.content.decode()
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/unpublish/")
    assert found("班主任培训") == []


def test_a_final_contest_is_found_and_an_unfinished_one_is_not(world):
    from hts.portal.tests.contest_kit import call_data

    response = client_for(world.district_staff).post("/contest/new/", call_data(title="我的教育故事征文"))
    assert response.status_code == 302
    contest = Contest.objects.get()
    search_index_put(contest)
    assert found("教育故事") == []
    # The last steps (judging, 公示) are the contest tests'; finalising indexes it (contest_finalise).
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.FINAL)
    contest.refresh_from_db()
    search_index_put(contest)
    assert found("教育故事", "contest") == ["我的教育故事征文"]
    assert (
        reverse("portal-contest-public", kwargs={"uid": contest.uid})
        in Client().get(reverse("portal-search"), {"q": "教育故事"}).content.decode()
    )


def test_the_results_are_grouped_and_one_kind_is_paginated_within_budget(world, django_assert_max_num_queries):
    studio = _studio_with_site(world, name="家访工作室")
    teacher = make_teacher(world.school_a, "陈静", mobile="13900000077")
    for n in range(25):
        _publication(studio, teacher, title=f"家访的故事{n}")
    cache.clear()
    with django_assert_max_num_queries(6):
        response = Client().get(reverse("portal-search"), {"q": "家访"})
    groups = {g.kind.kind: g for g in response.context["groups"]}
    assert set(groups) == {"site", "publication"}
    assert len(groups["publication"].page.object_list) == 5 and groups["publication"].total == 25
    assert "kind=publication" in response.content.decode()
    with django_assert_max_num_queries(6):
        response = Client().get(reverse("portal-search"), {"q": "家访", "kind": "publication", "page": 2})
    (group,) = response.context["groups"]
    assert len(group.page.object_list) == 5 and group.page.number == 2


def test_a_bureaus_search_finds_only_its_own_regions_content_under_its_brand(world):
    """/search/?b=<code> wears that bureau's brand (the form carries the code): what it lists lies in its
    region, so a county's portal never shows a city's studios or notices under the county's name."""
    studio = _studio_with_site(world)  # hosted in 福田区

    def titles(code: str) -> list[str]:
        cache.clear()
        response = Client().get(reverse("portal-search"), {"q": "xyh", "b": code})
        assert response.status_code == 200
        return [e.title for g in response.context["groups"] or [] for e in g.page.object_list]

    assert titles(world.district_a.code) == [studio.name]
    assert titles(world.city.code) == [studio.name]
    assert titles(world.district_b.code) == []
    # The page carries that portal's menu, so the visitor can go back to it.
    page = Client().get(reverse("portal-search"), {"q": "xyh", "b": world.district_a.code}).content.decode()
    assert f'href="/b/{world.district_a.code}/studios/"' in page and "搜索门户网站" in page


def test_rebuilding_the_blogs_asks_the_same_few_queries_however_many_members_publish(
    world, django_assert_max_num_queries
):
    from hts.core.search.index import search_index_rebuild

    studio = _studio_with_site(world)
    for n in range(12):
        _publication(studio, make_teacher(world.school_a, f"作者{n}号"), title=f"第{n}篇")
    SearchEntry.objects.filter(kind="blog").delete()
    # Deleting the old entries, reading the bloggers (with school and region), one bulk insert, and
    # the savepoint around them; never one "has this teacher published?" query per row.
    with django_assert_max_num_queries(6):
        counts = search_index_rebuild(["blog"])
    assert counts == {"blog": 12}
    assert found("作者3号", "blog") == ["作者3号"]
