"""What the studio-website tests start from: a running studio of world.teacher_a (host: world.teacher_user)
with a member who keeps a case in her archive naming a pupil from the class list."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hts.archives.models import ArchiveFile, ArchiveItem
from hts.classwork.models import Pupil
from hts.core.files import stored_file_accept
from hts.org.models import Teacher
from hts.studios.models import Membership, Studio
from testkit import World, make_running_studio, make_teacher, make_user

PUPIL = "张晓明"


def png(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 80, 40)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


@dataclass
class Site:
    world: World
    studio: Studio
    host: Any
    member_teacher: Teacher
    member: Any
    case: ArchiveItem


def make_item(owner: Teacher, *, kind: str = "case", title: str = "一次班会的案例", visibility: str = "studio",
              body: str = f"<p>{PUPIL}在班会上主动发言。</p><script>alert(1)</script>") -> ArchiveItem:  # fmt: skip
    return ArchiveItem.objects.create(
        owner_teacher=owner, kind=kind, title=title, body=body, date=dt.date.today(), visibility=visibility
    )


def add_photo(item: ArchiveItem, user: Any) -> ArchiveFile:
    return stored_file_accept(ArchiveFile, png(), uploaded_by=user, item=item)


@pytest.fixture(name="site")
def site_fixture(world: World) -> Site:
    from django.core.cache import cache

    cache.clear()  # public pages are cached per address: another test's site must not answer
    studio = make_running_studio(world, name="“向阳花”名班主任工作室")
    teacher = make_teacher(world.school_a, "陈静", mobile="13900000077")
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    member = make_user("chenjing", teacher=teacher)
    Pupil.objects.create(school_class=world.class_a, name=PUPIL, gender="M")
    return Site(world, studio, world.teacher_user, teacher, member, make_item(teacher))
