"""The demo archives: every kind for the demo studio's member, the mentor's appraisal, a studio material."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from hts.archives.models import ArchiveFile, ArchiveItem, ItemKind


def test_the_demo_has_items_of_every_kind(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    assert set(ArchiveItem.objects.values_list("kind", flat=True)) == set(ItemKind.values)
    assert ArchiveFile.objects.filter(is_image=True).exclude(thumbnail="").exists()
    count = ArchiveItem.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert ArchiveItem.objects.count() == count

    for username in ("member", "mentor"):
        client = Client()
        client.post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        member = ArchiveItem.objects.filter(kind=ItemKind.APPRAISAL).get().owner_teacher
        page = client.get(f"/archives/teacher/{member.uid}/")
        assert page.status_code == 200 and "综合鉴定" in page.content.decode()
