"""The demo's studio websites (issue 16 point 11), seeded over a small stand-in of the demo city's batch
(the whole seed_demo runs in hts/demo/tests): the studios that may have a site have one, 向阳花's shows
news with an album, a case with a pupil's name masked, a story, and one photo refused; the host school's
class has a pupil list with one pupil's consent for photos and names and another's for photos, which the
host tries in the publish step."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hts.classwork.models import Pupil
from hts.core.models import AuditEntry
from hts.org.models import SchoolClass
from hts.portal.models import GuardianConsent, Publication
from hts.portal.sites import services
from hts.portal.sites.demo import CLASS_LIST, NAMES_CONSENTED, PHOTOS_CONSENTED, PUPIL, SUNFLOWER, _jpeg, seed
from hts.portal.sites.models import StudioSite
from hts.studios.demo import BATCH_NAME
from hts.studios.models import Batch, Membership, Studio
from testkit import World, client_for, make_running_studio, make_teacher, make_user

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


def test_the_demo_class_has_a_pupil_list_with_one_names_and_one_photos_consent(city: Studio, world: World) -> None:
    today = timezone.localdate()
    seed(today)
    pupils = Pupil.objects.filter(school_class=world.class_a)
    assert sorted(pupils.values_list("name", flat=True)) == sorted(name for name, _gender in CLASS_LIST)
    consents = {c.pupil.name: c for c in GuardianConsent.objects.filter(pupil__in=pupils).select_related("pupil")}
    assert {name: c.scope for name, c in consents.items()} == {
        NAMES_CONSENTED: "photos_names",
        PHOTOS_CONSENTED: "photos",
    }
    assert all(
        c.withdrawn_on is None and c.given_on <= today and c.recorded_by == world.teacher_user
        for c in consents.values()
    )
    # 林小雨 has none: her name stays masked on the site (the case above).
    assert PUPIL not in consents
    added = AuditEntry.objects.filter(action="classwork.pupil.added").count()
    assert added == len(CLASS_LIST)
    assert seed(today) == 0 and pupils.count() == len(CLASS_LIST)


def _refusal(page: str) -> str:
    found = re.search(r'data-testid="photo-refused">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_in_the_demo_the_host_ticks_the_class_pupils_and_naming_the_uncovered_one_is_refused(
    city: Studio, world: World
) -> None:
    seed(timezone.localdate())
    host = world.teacher_user
    news = services.news_write(
        actor=host, studio=city, title="班会剪影", body=f"<p>{NAMES_CONSENTED}和何思源主持了班会。</p>",
        photos=[_jpeg((90, 140, 200))],
    )  # fmt: skip
    key = services.photo_candidates(news)[0].key
    url = reverse("portal-sites-publish", args=[news.uid])
    client = client_for(host)
    step = client.get(url).content.decode()
    # The hint names the button as it reads, and the class menu says which class has a list.
    hint = re.search(r'data-testid="photo-pupils-hint">(.*?)</p>', step, re.S).group(1)
    assert "“重新核查照片”" in hint and "重新核查照片" in re.search(r'data-testid="check">(.*?)<', step).group(1)
    assert f"{world.school_a.name} {world.class_a}（有学生名单）" in step
    # A name with a consent for photos and names shows as written; the others are masked.
    assert f"{NAMES_CONSENTED}和何*源" in step
    chosen = {f"include-{key}": "on", f"pupils-{key}": "on", f"class-{key}": str(world.class_a.pk)}
    listed = client.post(url, {"check": "1", **chosen}).content.decode()
    fieldset = re.search(r'data-testid="photo-pupils">(.*?)</fieldset>', listed, re.S).group(1)
    assert all(name in fieldset for name, _gender in CLASS_LIST)
    assert 'data-testid="photo-pupils-hint"' not in listed
    uid = dict(Pupil.objects.filter(school_class=world.class_a).values_list("name", "uid"))
    covered = client.post(url, {"check": "1", **chosen, f"pupil-{key}": str(uid[PHOTOS_CONSENTED])})
    assert 'data-testid="photo-allowed"' in covered.content.decode()
    ticked = {**chosen, f"pupil-{key}": [str(uid[PHOTOS_CONSENTED]), str(uid["何思源"])]}
    refusal = _refusal(client.post(url, {"check": "1", **ticked}).content.decode())
    assert "何思源" in refusal and PHOTOS_CONSENTED not in refusal
    assert client.post(url, {"publish": "1", **ticked}).status_code == 302
    news.refresh_from_db()
    assert news.status == "published" and news.photos.count() == 0
    assert f"{NAMES_CONSENTED}和何*源" in news.body


def test_the_publish_step_says_when_the_chosen_class_has_no_pupil_list(city: Studio, world: World) -> None:
    host = world.teacher_user
    news = services.news_write(actor=host, studio=city, title="班会", body="<p>班会</p>", photos=[_jpeg((1, 2, 3))])
    key = services.photo_candidates(news)[0].key
    url = reverse("portal-sites-publish", args=[news.uid])
    client = client_for(host)
    # No class of the team has a list: no promise of pupils to tick.
    assert 'data-testid="photo-pupils-hint"' not in client.get(url).content.decode()
    chosen = {f"include-{key}": "on", f"pupils-{key}": "on", f"class-{key}": str(world.class_a.pk)}
    page = client.post(url, {"check": "1", **chosen}).content.decode()
    assert 'data-testid="photo-no-list"' in page and "该班没有学生名单" in page
    assert 'data-testid="photo-pupils"' not in page
