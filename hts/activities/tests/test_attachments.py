"""Photos and documents of an activity: checked by content and size, served after a permission check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hts.accounts.models import User
from hts.activities.models import Activity, ActivityAttachment
from testkit import World, client_for, make_running_studio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def activity(world: World) -> Activity:
    studio = make_running_studio(world, name="向阳花")
    starts = timezone.now()
    return Activity.objects.create(
        studio=studio, kind="forum", title="沙龙", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), place="厅"
    )


def host(world: World) -> Any:
    return client_for(User.objects.get(pk=world.teacher_user.pk))


def upload(client: Any, activity: Activity, name: str, data: bytes) -> Any:
    return client.post(f"/activities/{activity.uid}/attachments/", {"file": SimpleUploadedFile(name, data)})


def test_a_photo_and_a_pdf_are_accepted_and_served_inside_the_scope(world: World, activity: Activity) -> None:
    assert upload(host(world), activity, "合影.png", PNG).status_code == 302
    assert upload(host(world), activity, "纪要.pdf", PDF).status_code == 302
    photo, document = ActivityAttachment.objects.order_by("id")
    assert photo.is_image and not document.is_image
    assert "合影" not in photo.file.name  # stored under a random name
    response = client_for(world.district_staff).get(f"/activities/{activity.uid}/attachments/{photo.uid}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert (
        client_for(world.district_b_staff).get(f"/activities/{activity.uid}/attachments/{photo.uid}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("病毒.exe", b"MZ\x90\x00"),
        ("假图片.png", b"<script>alert(1)</script>"),
        ("改名.pdf", PNG),
        ("网页.html", b"<html></html>"),
    ],
)
def test_a_file_of_a_forbidden_type_is_refused(world: World, activity: Activity, name: str, data: bytes) -> None:
    response = upload(host(world), activity, name, data)
    assert response.status_code == 400
    assert name in response.content.decode()
    assert not ActivityAttachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world: World, activity: Activity, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "activities.attachment": 50}
    response = upload(host(world), activity, "大图.png", PNG)
    assert response.status_code == 400
    assert "MB" in response.content.decode()
    assert not ActivityAttachment.objects.exists()


def test_only_the_organisers_upload(world: World, activity: Activity) -> None:
    assert upload(client_for(world.district_staff), activity, "a.png", PNG).status_code == 403
