"""The bureau's portal pages (issue 16 point 3): brand, notices, featured items, and who may not."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from hts.accounts.models import Role
from hts.core.models import AuditEntry
from hts.notifications.models import Notification
from hts.portal.home.models import Notice, PortalBrand
from hts.portal.models import Publication
from testkit import World, client_for, make_running_studio, make_user


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_the_bureau_brands_its_portal_and_districts_inherit_it(world: World) -> None:
    city = client_for(world.city_staff)
    response = city.post(
        "/portal/manage/440300/brand/",
        {
            "name": "深圳市班主任工作室门户",
            "footer": "深圳市教育局主办",
            "filing_number": "粤ICP备00000001号",
            "logo": _png(),
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="portal.brand.saved").exists()
    for code in ("440300", "440304"):
        page = Client().get(f"/b/{code}/").content.decode()
        assert "深圳市班主任工作室门户" in page and "粤ICP备00000001号" in page and "深圳市教育局主办" in page
    brand = PortalBrand.objects.get()
    logo = Client().get(f"/b/440300/logo/{brand.logo.uid}/")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert f"/b/440300/logo/{brand.logo.uid}/" in Client().get("/b/440304/").content.decode()
    # A district's own brand wins over the city's.
    client_for(world.district_staff).post("/portal/manage/440304/brand/", {"name": "福田区门户"})
    assert "福田区门户" in Client().get("/b/440304/").content.decode()
    assert "福田区门户" not in Client().get("/b/440305/").content.decode()


def test_a_notice_from_draft_to_the_portal_with_its_attachment_and_back(world: World) -> None:
    bureau = client_for(world.district_staff)
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = bureau.post(
        "/portal/manage/440304/notices/new/",
        {"title": "关于班主任培训的通知", "body": "<p>请各校</p><script>alert(1)</script>", "attachment": pdf},
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert "<script>" not in notice.body and notice.status == "draft"
    assert Client().get(f"/b/440304/notices/{notice.uid}/file/").status_code == 404
    assert "关于班主任培训的通知" not in Client().get("/b/440304/notices/").content.decode()
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/publish/")
    assert "关于班主任培训的通知" in Client().get("/b/440304/notices/").content.decode()
    attachment = Client().get(f"/b/440304/notices/{notice.uid}/file/")
    assert attachment.status_code == 200 and attachment["Content-Type"] == "application/pdf"
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/unpublish/")
    assert "关于班主任培训的通知" not in Client().get("/b/440304/notices/").content.decode()
    assert Client().get(f"/b/440304/notices/{notice.uid}/file/").status_code == 404
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"portal.notice.created", "portal.notice.published", "portal.notice.unpublished"} <= actions


def test_a_sensitive_word_in_a_notice_is_refused_naming_it(world: World) -> None:
    from hts.portal.models import PortalPolicy

    PortalPolicy.objects.create(region=world.city, sensitive_words="赌博")
    response = client_for(world.district_staff).post(
        "/portal/manage/440304/notices/new/", {"title": "通知", "body": "<p>严禁赌博</p>"}
    )
    assert response.status_code == 400 and "赌博" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_bureau_features_a_published_item_and_its_host_hears_of_it(world: World) -> None:
    studio = make_running_studio(world)
    item = Publication.objects.create(
        studio=studio,
        section="case",
        status="published",
        published_at=timezone.now(),
        title="班会案例",
        author=world.teacher_a,
    )
    offered = Publication.objects.create(studio=studio, section="case", title="待审核案例")
    bureau = client_for(world.city_staff)
    listing = bureau.get("/portal/manage/440300/featured/").content.decode()
    assert "班会案例" in listing and "待审核案例" not in listing
    assert "班会案例" not in Client().get("/b/440300/").content.decode()
    bureau.post("/portal/manage/440300/featured/", {"publication": str(item.uid), "featured": "1"})
    item.refresh_from_db()
    assert item.featured
    assert "班会案例" in Client().get("/b/440300/").content.decode()
    assert Notification.objects.filter(recipient=world.teacher_user, url="/b/440300/").exists()
    assert AuditEntry.objects.filter(action="portal.publication.featured").exists()
    # An item not published cannot be featured, even by a forged form.
    assert (
        bureau.post("/portal/manage/440300/featured/", {"publication": str(offered.uid), "featured": "1"}).status_code
        == 404
    )
    bureau.post("/portal/manage/440300/featured/", {"publication": str(item.uid), "featured": "0"})
    assert "班会案例" not in Client().get("/b/440300/").content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("district_b_staff", 404), ("school_staff", 403), ("teacher_user", 403), ("legal_rep", 403)]
)
def test_others_may_not_keep_a_bureaus_portal(world: World, who: str, status: int) -> None:
    notice = Notice.objects.create(region=world.district_a, title="福田区通知", body="<p>x</p>")
    studio = make_running_studio(world)
    item = Publication.objects.create(
        studio=studio, section="news", status="published", published_at=timezone.now(), title="t"
    )
    client = client_for(getattr(world, who))
    assert client.get("/portal/manage/440304/").status_code == status
    assert client.post("/portal/manage/440304/brand/", {"name": "冒名门户"}).status_code == status
    assert client.post("/portal/manage/440304/notices/new/", {"title": "冒名通知", "body": "x"}).status_code == status
    assert client.post(f"/portal/manage/440304/notices/{notice.uid}/publish/").status_code == status
    assert (
        client.post("/portal/manage/440304/featured/", {"publication": str(item.uid), "featured": "1"}).status_code
        == status
    )
    notice.refresh_from_db()
    item.refresh_from_db()
    assert notice.status == "draft" and not item.featured
    assert not PortalBrand.objects.exists() and Notice.objects.count() == 1


def test_a_district_bureau_keeps_only_its_own_portal_and_the_menu_shows_the_entry(world: World) -> None:
    district = client_for(world.district_staff)
    assert district.get("/portal/manage/").status_code == 302  # one region: straight to it
    assert district.get("/portal/manage/440300/").status_code == 404
    assert district.get("/portal/manage/440304/").status_code == 200
    page = district.get("/home/").content.decode()
    assert "/portal/manage/" in page
    assert "/portal/manage/" not in client_for(world.school_staff).get("/home/").content.decode()


def test_manage_page_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(5):
        Notice.objects.create(region=world.city, title=f"通知{n}", body="<p>x</p>")
    client = client_for(world.city_staff)
    client.get("/home/")
    with django_assert_max_num_queries(14):
        assert client.get("/portal/manage/440300/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/portal/manage/440300/featured/").status_code == 200


def test_the_notice_form_is_the_rich_text_editor_and_keeps_plain_lines(world: World) -> None:
    bureau = client_for(world.district_staff)
    form = bureau.get("/portal/manage/440304/notices/new/").content.decode()
    assert "data-rich-editor=" in form and "archives/editor.js" in form and "源代码" in form
    # The editor's script sits in the page, not in its title (the browser's tab once read "新建通知<script…").
    title = re.search(r"<title>(.*?)</title>", form, re.S)
    assert title is not None and "<" not in title.group(1) and "script" not in title.group(1)
    bureau.post("/portal/manage/440304/notices/new/", {"title": "放假通知", "body": "第一行\n第二行\n\n另一段"})
    assert Notice.objects.get().body == "<p>第一行<br>第二行</p>\n\n<p>另一段</p>"


def test_a_published_notice_tells_the_regions_school_offices_and_studio_hosts_at_once(
    world: World, django_assert_max_num_queries: Any
) -> None:
    make_running_studio(world)  # hosted by world.teacher_user, in 福田区
    offices = [make_user(f"office{n}", Role.SCHOOL_STAFF, school=world.school_a2) for n in range(12)]
    elsewhere = make_user("nanshan_office", Role.SCHOOL_STAFF, school=world.school_b)
    notice = Notice.objects.create(region=world.district_a, title="关于班主任培训的通知", body="<p>请各校</p>")
    bureau = client_for(world.district_staff)
    bureau.get("/portal/manage/440304/")
    # One bulk send, however many are told.
    with django_assert_max_num_queries(30):
        assert bureau.post(f"/portal/manage/440304/notices/{notice.uid}/publish/").status_code == 302
    told = set(Notification.objects.filter(title__contains="关于班主任培训的通知").values_list("recipient", flat=True))
    assert told == {world.school_staff.pk, world.teacher_user.pk, *(u.pk for u in offices)}
    assert elsewhere.pk not in told and world.outsider_teacher_user.pk not in told
    sent = Notification.objects.filter(recipient=world.school_staff).get()
    assert sent.url == f"/b/440304/notices/{notice.uid}/" and "福田区" in sent.title
    # Taken off and published again: nobody is told twice.
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/unpublish/")
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/publish/")
    assert Notification.objects.filter(recipient=world.school_staff).count() == 1
