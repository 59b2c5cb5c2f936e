"""The bureau portal's public pages (issue 16 point 3): what shows, what never shows, and their cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Post
from hts.corps.honours.models import HonourCall, Nomination
from hts.org.models import SchoolYear
from hts.portal.home.models import Notice
from hts.portal.models import Publication
from testkit import World, client_for, make_running_studio

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def _publication(studio: Any, title: str, **extra: Any) -> Publication:
    data = {"section": "news", "status": "published", "published_at": timezone.now(), "featured": True, **extra}
    return Publication.objects.create(studio=studio, title=title, **data)


def _notice(world: World, title: str, status: str = "published") -> Notice:
    return Notice.objects.create(
        region=world.province, title=title, body="<p>正文</p>", status=status,
        published_on=TODAY if status == "published" else None,
    )  # fmt: skip


def _honours_call(world: World, title: str, *, published: dt.date, until: dt.date) -> HonourCall:
    year = SchoolYear.objects.get_or_create(
        region=world.city, label="本学年",
        defaults={"starts_on": TODAY - dt.timedelta(days=200), "ends_on": TODAY + dt.timedelta(days=165)},
    )[0]  # fmt: skip
    call = HonourCall.objects.create(
        title=title, school_year=year, kind="person", level="county", region=world.district_a,
        organiser_path=world.district_a.path, places=2, nominations_until=published - dt.timedelta(days=20),
        review_until=published - dt.timedelta(days=1), status="publicity", published_on=published,
        objections_until=until,
    )  # fmt: skip
    Nomination.objects.create(
        call=call, school=world.school_a, teacher=world.teacher_a, statement="事迹：不应公开的推荐材料",
        status="proposed", score=Decimal("91.5"), rank=1,
    )  # fmt: skip
    return call


def test_root_shows_the_only_top_level_regions_portal_without_a_session(
    world: World, django_assert_max_num_queries: Any
) -> None:
    _notice(world, "关于开展班主任节活动的通知")
    client = Client()
    with django_assert_max_num_queries(14):
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "关于开展班主任节活动的通知" in page
    assert not response.cookies, "an anonymous visit must set no cookie"
    assert "csrfmiddlewaretoken" not in page
    with django_assert_max_num_queries(0):
        again = client.get("/")
    assert again.content == response.content


def test_the_setting_names_the_region_root_shows_and_several_roots_list_the_bureaus(
    world: World, settings: Any
) -> None:
    from testkit import make_region

    make_region("江苏省", "320000", "province")
    listing = Client().get("/").content.decode()
    assert 'data-testid="portal-bureaus"' in listing
    assert "/b/440300/" in listing and "/b/320000/" in listing
    cache.clear()
    settings.PORTAL_HOME_REGION = "440300"
    page = Client().get("/").content.decode()
    assert 'data-testid="portal-featured"' in page and "深圳市" in page


def test_a_signed_in_user_at_root_sees_the_portal_with_the_way_to_the_workspace(world: World) -> None:
    page = client_for(world.teacher_user).get("/").content.decode()
    assert "进入工作台" in page and 'href="/home/"' in page
    assert client_for(world.teacher_user).get("/home/").status_code == 200


def test_a_new_notice_shows_at_once_and_a_draft_never(world: World) -> None:
    client = Client()
    assert "第一条通知" not in client.get("/b/440000/").content.decode()
    draft = _notice(world, "草稿通知不公开", status="draft")
    from hts.portal.home import services

    notice = services.notice_save(actor=world.admin, region=world.province, title="第一条通知", body="<p>内容</p>")
    services.notice_publish(actor=world.admin, notice=notice)
    page = client.get("/b/440000/").content.decode()
    assert "第一条通知" in page and "草稿通知不公开" not in page
    assert client.get(f"/b/440000/notices/{draft.uid}/").status_code == 404
    assert "草稿通知不公开" not in client.get("/b/440000/notices/").content.decode()
    detail = client.get(f"/b/440000/notices/{notice.uid}/").content.decode()
    assert "内容" in detail and 'property="og:title" content="第一条通知"' in detail and "<svg" in detail
    # Another region's portal does not answer for it.
    assert client.get(f"/b/440300/notices/{notice.uid}/").status_code == 404


def test_studios_by_tier_district_and_stage_only_selected_ones(
    world: World, django_assert_max_num_queries: Any
) -> None:
    make_running_studio(world, name="向阳花工作室")
    make_running_studio(world, name="未评审工作室", status="under_review")
    make_running_studio(world, name="未入选工作室", status="rejected")
    client = Client()
    with django_assert_max_num_queries(14):
        page = client.get("/b/440300/studios/", {"district": "440304", "stage": "primary"}).content.decode()
    assert "向阳花工作室" in page
    assert "未评审工作室" not in page and "未入选工作室" not in page
    assert "13800000001" not in page
    assert "向阳花工作室" not in client.get("/b/440300/studios/", {"district": "440305"}).content.decode()
    assert "向阳花工作室" not in client.get("/b/440300/studios/", {"tier": "city"}).content.decode()


def test_many_studios_show_the_districts_counts_first(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(31):
        make_running_studio(world, name=f"工作室{n:02d}")
    with django_assert_max_num_queries(14):
        page = Client().get("/b/440300/studios/").content.decode()
    assert 'data-testid="portal-district-counts"' in page and "福田区" in page and "31" in page
    listed = Client().get("/b/440300/studios/", {"district": "440304"}).content.decode()
    assert "工作室00" in listed and "工作室30" not in listed  # 20 a page
    assert "工作室30" in Client().get("/b/440300/studios/", {"district": "440304", "page": 2}).content.decode()


def test_only_published_items_of_selected_studios_are_featured(world: World) -> None:
    studio = make_running_studio(world)
    _publication(studio, "公开的精选文章")
    _publication(studio, "待审核的文章", status="offered", published_at=None)
    _publication(studio, "已撤回的文章", status="withdrawn")
    _publication(make_running_studio(world, name="申报中", status="applied"), "申报中工作室的文章")
    page = Client().get("/b/440300/").content.decode()
    assert "公开的精选文章" in page
    for hidden in ("待审核的文章", "已撤回的文章", "申报中工作室的文章"):
        assert hidden not in page


def test_an_honours_list_shows_only_during_its_public_notice_and_only_what_it_shows(
    world: World, django_assert_max_num_queries: Any
) -> None:
    _honours_call(world, "区级优秀班主任", published=TODAY - dt.timedelta(days=1), until=TODAY + dt.timedelta(days=3))
    _honours_call(
        world, "已过公示期的评优", published=TODAY - dt.timedelta(days=10), until=TODAY - dt.timedelta(days=1)
    )
    with django_assert_max_num_queries(16):
        page = Client().get("/b/440300/results/").content.decode()
    assert "区级优秀班主任" in page and "李红" in page and "91.5" in page and "福田实验小学" in page
    assert "已过公示期的评优" not in page
    assert "不应公开的推荐材料" not in page and "13800000001" not in page
    # Another district's portal does not show it.
    assert "区级优秀班主任" not in Client().get("/b/440305/results/").content.decode()


def test_an_appointment_list_shows_only_in_its_objection_period(world: World) -> None:
    def _round(title: str, until: dt.date) -> AppointmentRound:
        rnd = AppointmentRound.objects.create(
            school=world.school_a, title=title, term_from=TODAY, term_to=TODAY + dt.timedelta(days=365),
            status="publicity", objections_until=until,
        )  # fmt: skip
        post = Post.objects.create(round=rnd, school_class=world.class_a)
        application = Application.objects.create(
            round=rnd, teacher=world.teacher_a, teaching_years=10, subject_taught="语文",
            reasons="不公开的申报理由", plans="p", status="qualified",
        )  # fmt: skip
        Assignment.objects.create(round=rnd, post=post, application=application, reason="r")
        return rnd

    _round("2027学年班主任竞聘", TODAY + dt.timedelta(days=2))
    _round("过期的竞聘", TODAY - dt.timedelta(days=1))
    page = Client().get("/b/440304/results/").content.decode()
    assert "2027学年班主任竞聘" in page and "李红" in page
    assert "过期的竞聘" not in page and "不公开的申报理由" not in page


def test_selection_results_list_approved_studios_only(world: World, django_assert_max_num_queries: Any) -> None:
    make_running_studio(world, name="入选工作室", status="approved")
    make_running_studio(world, name="落选工作室", status="rejected")
    make_running_studio(world, name="撤销工作室", status="revoked")
    with django_assert_max_num_queries(16):
        page = Client().get("/b/440300/results/").content.decode()
    assert "入选工作室" in page
    assert "落选工作室" not in page and "撤销工作室" not in page


def test_sitemap_and_robots(world: World) -> None:
    notice = _notice(world, "公开通知")
    draft = _notice(world, "草稿", status="draft")
    sitemap = Client().get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    body = sitemap.content.decode()
    assert "/b/440300/studios/" in body and f"/notices/{notice.uid}/" in body and str(draft.uid) not in body
    robots = Client().get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /" in robots


def test_the_sitemap_lists_what_other_parts_register(world: World) -> None:
    from hts.portal.home import registry

    def source() -> list[tuple[str, dt.date | None]]:
        return [("/s/xiangyanghua/", TODAY)]

    registry.register_sitemap_source(source)
    try:
        assert "/s/xiangyanghua/" in Client().get("/sitemap.xml").content.decode()
    finally:
        registry.SITEMAP_SOURCES.remove(source)


def test_an_unknown_region_or_one_without_a_bureau_is_404(world: World) -> None:
    assert Client().get("/b/999999/").status_code == 404


@pytest.mark.parametrize("path", ["/b/440300/notices/", "notice", "/sitemap.xml", "/robots.txt", "/b/440300/"])
def test_every_other_public_page_has_a_query_budget_and_a_free_second_visit(
    world: World, path: str, django_assert_max_num_queries: Any
) -> None:
    for n in range(25):
        Notice.objects.create(
            region=world.city, title=f"通知{n}", body="<p>x</p>", status="published", published_on=TODAY
        )
    studio = make_running_studio(world)
    for n in range(8):
        _publication(studio, f"精选{n}")
    if path == "notice":
        path = f"/b/440300/notices/{Notice.objects.first().uid}/"  # type: ignore[union-attr]
    client = Client()
    with django_assert_max_num_queries(12):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(path).status_code == 200


def test_the_list_of_bureaus_has_a_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    from testkit import make_region

    make_region("江苏省", "320000", "province")
    with django_assert_max_num_queries(4):
        assert 'data-testid="portal-bureaus"' in Client().get("/").content.decode()
