"""The portal's stored files, through the pages a user reaches (they do not fit the shared cases of
hts/core/tests/test_stored_files.py: photos and logos are images only, an essay is docx or pdf only, and
most are public files): a disguised executable and an oversize file are refused in Chinese with nothing
stored, and a file outside its scope, or of a draft, unpublished or withdrawn row, is a 404."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from hts.portal.contest.models import ContestBook, Entry, EntryDocument
from hts.portal.home.models import BrandLogo, Notice, NoticeAttachment
from hts.portal.models import Publication, PublicationPhoto
from hts.portal.sites.models import MemberPhoto
from hts.portal.tests.contest_kit import make_kit, past_deadline, submit
from hts.portal.tests.sites_kit import Site, site_fixture  # noqa: F401 - the fixture
from testkit import World, client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
NOT_AN_IMAGE = "的文件内容不是图片"
NOT_A_PDF = "的文件内容不是名称所示的 .pdf 文件"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()  # public pages are cached per address


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(out, "PNG")
    return out.getvalue()


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def oversize(settings: Any, key: str) -> None:
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, key: 1024 * 1024}


BIG_PNG = b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1)
BIG_PDF = PDF + b"0" * (1024 * 1024)


# The bureau's notice attachment and logo ------------------------------------------------------------


def post_notice(world: World, name: str, data: bytes) -> Any:
    return client_for(world.district_staff).post(
        "/portal/manage/440304/notices/new/",
        {"title": "关于班主任培训的通知", "body": "<p>请各校</p>", "attachment": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(("name", "data", "told"), [("通知.pdf", MZ, NOT_A_PDF), ("合影.jpg", ELF, NOT_AN_IMAGE)])
def test_a_disguised_notice_attachment_is_refused_and_nothing_is_stored(
    world: World, isolated_media: Path, name: str, data: bytes, told: str
) -> None:
    response = post_notice(world, name, data)
    assert response.status_code == 400 and f"“{name}”{told}" in response.content.decode()
    assert not Notice.objects.exists() and not NoticeAttachment.objects.exists()
    assert stored_files(isolated_media) == []


def test_an_oversize_notice_attachment_is_refused_and_nothing_is_stored(
    world: World, isolated_media: Path, settings: Any
) -> None:
    oversize(settings, "portal.notice")
    response = post_notice(world, "大文件.pdf", BIG_PDF)
    assert response.status_code == 400 and "最大允许 1 MB" in response.content.decode()
    assert not Notice.objects.exists() and stored_files(isolated_media) == []


def test_a_draft_or_unpublished_notices_attachment_is_404_and_another_bureau_cannot_reach_it(
    world: World, isolated_media: Path
) -> None:
    assert post_notice(world, "通知.pdf", PDF).status_code == 302
    notice = Notice.objects.get()
    url = f"/b/440304/notices/{notice.uid}/file/"
    assert Client().get(url).status_code == 404  # a draft
    assert client_for(world.district_b_staff).get(f"/portal/manage/440304/notices/{notice.uid}/").status_code in (
        403,
        404,
    )
    bureau = client_for(world.district_staff)
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/publish/")
    assert Client().get(url).status_code == 200
    assert Client().get(url.replace("440304", "440305")).status_code == 404  # not through another region's portal
    bureau.post(f"/portal/manage/440304/notices/{notice.uid}/unpublish/")
    assert Client().get(url).status_code == 404


def post_logo(world: World, name: str, data: bytes) -> Any:
    return client_for(world.district_staff).post(
        "/portal/manage/440304/brand/", {"name": "福田区门户", "logo": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize(
    ("name", "data", "told"), [("logo.jpg", ELF, NOT_AN_IMAGE), ("logo.png", MZ, NOT_AN_IMAGE), ("logo.pdf", PDF, "")]
)
def test_a_disguised_logo_is_refused_and_nothing_is_stored(
    world: World, isolated_media: Path, name: str, data: bytes, told: str
) -> None:
    response = post_logo(world, name, data)
    assert response.status_code == 400
    assert f"“{name}”{told or '不是允许的文件类型'}" in response.content.decode()
    assert not BrandLogo.objects.exists() and stored_files(isolated_media) == []


def test_an_oversize_logo_is_refused_and_nothing_is_stored(world: World, isolated_media: Path, settings: Any) -> None:
    oversize(settings, "portal.logo")
    response = post_logo(world, "logo.png", BIG_PNG)
    assert response.status_code == 400 and "最大允许 1 MB" in response.content.decode()
    assert not BrandLogo.objects.exists() and stored_files(isolated_media) == []


def test_a_logo_is_served_only_through_its_own_regions_portal(world: World, isolated_media: Path) -> None:
    assert post_logo(world, "logo.png", png_bytes()).status_code == 302
    logo = BrandLogo.objects.get()
    assert Client().get(f"/b/440304/logo/{logo.uid}/").status_code == 200
    assert Client().get(f"/b/440305/logo/{logo.uid}/").status_code == 404
    assert client_for(world.district_b_staff).post(
        "/portal/manage/440304/brand/", {"name": "别人的门户", "logo": SimpleUploadedFile("x.png", png_bytes())}
    ).status_code in (403, 404)
    assert BrandLogo.objects.get() == logo


# A studio website's news photos and a member's blog photo ----------------------------------------------


def post_news(site: Site, name: str, data: bytes) -> Any:
    return client_for(site.host).post(
        reverse("portal-sites-news", args=[site.studio.uid]),
        {"title": "工作室开展读书会", "body": "<p>读书会</p>", "photos": [SimpleUploadedFile(name, data)]},
    )


@pytest.mark.parametrize(("name", "data"), [("合影.jpg", ELF), ("合影.png", MZ)])
def test_a_disguised_news_photo_is_refused_and_nothing_is_stored(
    site: Site, isolated_media: Path, name: str, data: bytes
) -> None:
    response = post_news(site, name, data)
    assert response.status_code == 400 and f"“{name}”{NOT_AN_IMAGE}" in response.content.decode()
    assert not Publication.objects.exists() and not PublicationPhoto.objects.exists()
    assert stored_files(isolated_media) == []


def test_an_oversize_news_photo_is_refused_and_nothing_is_stored(
    site: Site, isolated_media: Path, settings: Any
) -> None:
    oversize(settings, "portal.photo")
    response = post_news(site, "合影.png", BIG_PNG)
    assert response.status_code == 400 and "最大允许 1 MB" in response.content.decode()
    assert not Publication.objects.exists() and stored_files(isolated_media) == []


def test_a_news_photo_is_public_only_while_its_publication_is(site: Site, isolated_media: Path) -> None:
    assert post_news(site, "合影.png", png_bytes()).status_code == 302
    publication = Publication.objects.get()
    offered = publication.photos.get()
    assert Client().get(reverse("portal-site-photo", args=[offered.uid])).status_code == 404  # not yet published
    assert client_for(site.world.district_b_staff).get(
        reverse("portal-sites-publish", args=[publication.uid])
    ).status_code in (403, 404)
    client_for(site.host).post(
        reverse("portal-sites-publish", args=[publication.uid]), {"publish": "1", f"include-{offered.uid}": "on"}
    )
    published = PublicationPhoto.objects.get(publication=publication)
    url = reverse("portal-site-photo", args=[published.uid])
    assert Client().get(url).status_code == 200
    client_for(site.host).post(reverse("portal-sites-withdraw", args=[publication.uid]), {"reason": "过时"})
    publication.refresh_from_db()
    assert publication.status == "withdrawn"
    assert Client().get(url).status_code == 404


def post_profile(user: Any, name: str, data: bytes) -> Any:
    return client_for(user).post(
        "/portal/sites/profile/", {"profile": "热爱班主任工作", "email": "", "photo": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize(("name", "data"), [("头像.jpg", ELF), ("头像.png", MZ)])
def test_a_disguised_blog_photo_is_refused_and_nothing_is_stored(
    site: Site, isolated_media: Path, name: str, data: bytes
) -> None:
    response = post_profile(site.member, name, data)
    assert response.status_code == 400 and "图片" in response.content.decode()
    assert not MemberPhoto.objects.exists() and stored_files(isolated_media) == []


def test_an_oversize_blog_photo_is_refused_and_nothing_is_stored(
    site: Site, isolated_media: Path, settings: Any
) -> None:
    oversize(settings, "portal.member_photo")
    big = io.BytesIO()
    Image.effect_noise((800, 800), 100).convert("RGB").save(big, "PNG")
    assert len(big.getvalue()) > 1024 * 1024
    response = post_profile(site.member, "头像.png", big.getvalue())
    assert response.status_code == 400 and "最大允许 1 MB" in response.content.decode()
    assert not MemberPhoto.objects.exists() and stored_files(isolated_media) == []


def test_a_blog_photo_is_served_for_its_teacher_only(site: Site, isolated_media: Path) -> None:
    assert post_profile(site.member, "头像.png", png_bytes()).status_code == 302
    assert Client().get(f"/u/{site.member_teacher.uid}/photo/").status_code == 200
    assert Client().get(f"/u/{site.world.teacher_a.uid}/photo/").status_code == 404  # one without a photo


# An essay's document, and the contest's book ----------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "told"), [("论文.pdf", MZ, NOT_A_PDF), ("论文.pdf", ELF, NOT_A_PDF)])
def test_a_disguised_essay_document_is_refused_and_nothing_is_stored(
    world: World, isolated_media: Path, name: str, data: bytes, told: str
) -> None:
    kit = make_kit(world)
    response = submit(kit, kit.authors[0], "家校共育", body="", document=SimpleUploadedFile(name, data))
    assert response.status_code == 400 and f"“{name}”{told}" in response.content.decode()
    assert not Entry.objects.exists() and not EntryDocument.objects.exists()
    assert stored_files(isolated_media) == []


def test_an_oversize_essay_document_is_refused_and_nothing_is_stored(
    world: World, isolated_media: Path, settings: Any
) -> None:
    kit = make_kit(world)
    oversize(settings, "portal.contest")
    response = submit(kit, kit.authors[0], "家校共育", body="", document=SimpleUploadedFile("论文.pdf", BIG_PDF))
    assert response.status_code == 400 and "最大允许 1 MB" in response.content.decode()
    assert not Entry.objects.exists() and stored_files(isolated_media) == []


def test_an_essay_document_reaches_the_judges_only_and_the_book_is_404_before_the_results(
    world: World, isolated_media: Path
) -> None:
    kit = make_kit(world)
    assert (
        submit(kit, kit.authors[0], "家校共育", body="", document=SimpleUploadedFile("论文.pdf", PDF)).status_code
        == 302
    )
    entry = Entry.objects.get()
    past_deadline(kit)
    assert kit.organiser.post(kit.url("step/judge/")).status_code == 302
    url = kit.url(f"judge/{entry.code}/document/")
    assert client_for(kit.judges[0]).get(url).status_code == 200
    # A bureau holds no judging right at all (403, the matrix's answer); a teacher who does but is no judge
    # of this contest finds nothing there (404).
    assert client_for(world.district_b_staff).get(url).status_code == 403
    assert client_for(kit.authors[1]).get(url).status_code == 404
    assert not ContestBook.objects.exists()
    assert Client().get(kit.url("book.pdf")).status_code == 404
