"""The demo's studio websites (issue 16 point 11), seeded over a small stand-in of the demo city's batch
(the whole seed_demo runs in hts/demo/tests): the studios that may have a site have one, 向阳花's shows
news with an album, a case with a pupil's name masked, a story, and one photo refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from hts.core.models import AuditEntry
from hts.org.models import SchoolClass
from hts.portal.models import Publication
from hts.portal.sites.demo import PUPIL, SUNFLOWER, seed
from hts.portal.sites.models import StudioSite
from hts.studios.demo import BATCH_NAME
from hts.studios.models import Batch, Membership, Studio
from testkit import World, make_running_studio, make_teacher, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(world: World) -> Studio:
    from django.core.cache import cache

    cache.clear()
    studio = make_running_studio(world, name=SUNFLOWER)
    Batch.objects.filter(pk=studio.batch_id).update(name=BATCH_NAME)
    teacher = make_teacher(world.school_a, "陈静")
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    make_user("member", teacher=teacher)
    SchoolClass.objects.filter(pk=world.class_a.pk).update(head_teacher=world.teacher_a)
    for n, status in enumerate(["yellow_card", "approved", "under_review", "applied", "revoked"]):
        host = make_teacher(world.school_a2, f"主持人{n}")
        Studio.objects.create(
            batch=studio.batch, name=f"工作室{n}", stage="primary", theme="t", plan="p", host=host,
            host_school=world.school_a2, status=status,
        )  # fmt: skip
    return studio


def test_the_demo_studios_have_their_websites_with_published_content(city: Studio) -> None:
    assert seed(timezone.localdate()) > 0
    sites = dict(StudioSite.objects.values_list("studio__name", "slug"))
    assert set(sites) == {SUNFLOWER, "工作室0", "工作室1"}
    visitor = Client()
    home = visitor.get(f"/s/{sites[SUNFLOWER]}/").content.decode()
    for title in ("工作室开展“习惯养成”主题研讨", "从“不敢举手”到主动发言", "一封写给班级的信"):
        assert title in home
    case = Publication.objects.get(title="从“不敢举手”到主动发言")
    assert case.masked_names == [PUPIL] and "林*雨" in case.body
    page = visitor.get(f"/s/{sites[SUNFLOWER]}/p/{case.uid}/").content.decode()
    assert PUPIL not in page and "林*雨" in page
    refused = Publication.objects.get(title="家长开放日剪影")
    assert refused.photos.count() == 1
    entry = AuditEntry.objects.get(action="portal.publication.published", target_id=str(refused.uid))
    assert entry.changes["photos_refused"] == 1
    album = visitor.get(f"/s/{sites[SUNFLOWER]}/album/").content.decode()
    assert album.count("/thumb/") >= 3
    assert seed(timezone.localdate()) == 0
