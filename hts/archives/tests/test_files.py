"""Files of items: checked by content, thumbnails for images, served only after the visibility check."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hts.archives.models import ArchiveFile, ItemKind, Visibility
from hts.archives.tests.conftest import Team, make_item
from testkit import World, client_for


def png_bytes(size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def upload(client: Any, item: Any, *files: tuple[str, bytes]) -> Any:
    return client.post(
        f"/archives/items/{item.uid}/files/", {"file": [SimpleUploadedFile(name, data) for name, data in files]}
    )


def test_photos_get_thumbnails_beside_them_and_are_served_to_those_who_see_the_item(world: World, team: Team) -> None:
    item = make_item(team, ItemKind.LESSON_PLAN, Visibility.STUDIO)
    response = upload(client_for(team.member), item, ("照片1.png", png_bytes()), ("教案.pdf", b"%PDF-1.7\n..."))
    assert response.status_code == 302
    photo, pdf = ArchiveFile.objects.filter(item=item).order_by("id")
    assert photo.is_image and photo.thumbnail.name.startswith(photo.file.name.rsplit("/", 1)[0] + "/")
    with default_storage.open(photo.thumbnail.name) as thumb:
        assert max(Image.open(thumb).size) <= 320
    assert not pdf.is_image and not pdf.thumbnail
    for user in (team.member, team.mentor, world.district_staff):
        response = client_for(user).get(f"/archives/items/{item.uid}/files/{photo.uid}/thumb/")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        response = client_for(user).get(f"/archives/items/{item.uid}/files/{pdf.uid}/")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
    for user in (world.outsider_teacher_user, world.district_b_staff):
        assert client_for(user).get(f"/archives/items/{item.uid}/files/{photo.uid}/").status_code == 404
    # The timeline shows the thumbnail.
    page = client_for(team.member).get("/archives/")
    assert f"/archives/items/{item.uid}/files/{photo.uid}/thumb/".encode() in page.content


def test_a_private_items_files_are_not_served_to_the_team(team: Team) -> None:
    item = make_item(team, ItemKind.READING_NOTES, Visibility.PRIVATE)
    upload(client_for(team.member), item, ("笔记.pdf", b"%PDF-1.4 notes"))
    record = item.files.get()
    assert client_for(team.fellow).get(f"/archives/items/{item.uid}/files/{record.uid}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("论文.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is a windows executable"),
        ("setup.exe", b"MZ\x90\x00"),
        ("照片.jpg", b"%PDF-1.4 a pdf named as a photo"),
        ("课.mp4", b"MZ\x90\x00\x03\x00\x00\x00ftyp"),
        ("x.png", b"\x89PNG\r\n\x1a\n" + b"not really an image"),
    ],
)
def test_a_file_whose_content_does_not_match_is_refused(team: Team, name: str, data: bytes) -> None:
    item = make_item(team)
    response = upload(client_for(team.member), item, (name, data))
    assert response.status_code == 400
    assert name.encode() in response.content
    assert not item.files.exists()


def test_an_mp4_video_is_accepted(team: Team) -> None:
    item = make_item(team, ItemKind.OPEN_LESSON)
    assert upload(client_for(team.member), item, ("公开课.mp4", MP4)).status_code == 302
    record = item.files.get()
    assert record.content_type == "video/mp4" and not record.is_image


def test_a_file_over_the_limit_is_refused(team: Team, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "archives.file": 1024 * 1024}
    item = make_item(team)
    response = upload(client_for(team.member), item, ("大.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1)))
    assert response.status_code == 400 and b"MB" in response.content
    assert not item.files.exists()


def test_only_who_may_edit_the_item_uploads(world: World, team: Team) -> None:
    item = make_item(team)
    assert upload(client_for(team.fellow), item, ("a.pdf", b"%PDF-1.4")).status_code == 403
    assert upload(client_for(team.mentor), item, ("a.pdf", b"%PDF-1.4")).status_code == 403
    assert upload(client_for(world.outsider_teacher_user), item, ("a.pdf", b"%PDF-1.4")).status_code == 404
    assert not item.files.exists()
