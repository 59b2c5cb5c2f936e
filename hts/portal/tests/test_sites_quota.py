"""A published item counts toward the studio's publicity quota (003: publicise at least monthly)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hts.activities.models import Activity
from hts.activities.quotas import selectors as quotas
from hts.archives.models import ArchiveItem
from hts.core.workflow import log_transition
from hts.portal.models import Publication
from hts.portal.sites.services import site_ensure
from hts.studios import services as studio_services
from hts.studios.models import Membership, Studio
from testkit import World, client_for, make_school_year

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def studio(world: World) -> Studio:
    make_school_year(world.city, 2025)
    batch = studio_services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2025, cycle_years=None,
        template="shenzhen",
    )  # fmt: skip
    studio = Studio.objects.create(
        batch=batch, name="向阳花", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=_at(dt.date(2025, 9, 1)))
    return studio


def _months(studio: Studio, today: dt.date) -> list[tuple[dt.date, str, int]]:
    result = next(r for r in quotas.studio_compliance(studio, today=today) if r.rule.code == "publicity_monthly")
    return [(p.start, p.status, p.count) for p in result.periods]


def test_a_published_case_counts_for_its_month_and_nothing_else(world: World, studio: Studio) -> None:
    item = ArchiveItem.objects.create(
        owner_teacher=world.teacher_a, kind="case", title="案例", body="<p>x</p>", date=dt.date(2025, 9, 5)
    )
    site_ensure(studio)
    Publication.objects.create(
        studio=studio, section="case", status="published", title="案例", archive_item=item,
        published_at=_at(dt.date(2025, 9, 20)),
    )  # fmt: skip
    Publication.objects.create(studio=studio, section="story", status="offered", title="未审")
    today = dt.date(2025, 11, 5)
    assert _months(studio, today)[:2] == [
        (dt.date(2025, 9, 1), quotas.MET, 1),
        (dt.date(2025, 10, 1), quotas.MISSED, 0),
    ]
    # Publicity is not an activity: the monthly offline activity quota is untouched.
    offline = next(r for r in quotas.studio_compliance(studio, today=today) if r.rule.code == "offline_monthly")
    assert offline.periods[0].count == 0


def test_publishing_an_activity_records_its_page_as_the_publicity_post(world: World, studio: Studio) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    activity = Activity.objects.create(
        studio=studio, kind="forum", title="主题论坛", mode="offline", starts_at=_at(day), ends_at=_at(day, 11),
        place="报告厅", minutes="论坛纪要",
    )  # fmt: skip
    host = client_for(world.teacher_user)
    host.post(reverse("portal-sites-offer", args=[studio.uid, "activity", activity.uid]))
    publication = Publication.objects.get(activity=activity)
    assert publication.section == "news"
    host.post(reverse("portal-sites-publish", args=[publication.uid]), {"publish": "1"})
    activity.refresh_from_db()
    assert activity.publicity_url.endswith(reverse("portal-site-item", args=["xiangyanghua", publication.uid]))
    # A withdrawal takes the post back; the activity no longer counts as publicised.
    host.post(reverse("portal-sites-withdraw", args=[publication.uid]), {"reason": "错发"})
    activity.refresh_from_db()
    assert activity.publicity_url == ""


def test_a_wechat_link_recorded_on_a_publication_shows_on_its_page(world: World, studio: Studio) -> None:
    from django.test import Client

    site_ensure(studio)
    publication = Publication.objects.create(
        studio=studio, section="news", status="published", title="动态", published_at=timezone.now()
    )
    client_for(world.teacher_user).post(
        reverse("portal-sites-links", args=[publication.uid]), {"wechat_url": "https://mp.weixin.qq.com/s/abc"}
    )
    page = Client().get(reverse("portal-site-item", args=["xiangyanghua", publication.uid])).content.decode()
    assert "https://mp.weixin.qq.com/s/abc" in page


def test_an_activitys_photos_become_the_album(world: World, studio: Studio) -> None:
    from django.test import Client

    from hts.activities.models import ActivityAttachment
    from hts.core.files import stored_file_accept
    from hts.portal.tests.sites_kit import png

    day = timezone.localdate() - dt.timedelta(days=2)
    activity = Activity.objects.create(
        studio=studio, kind="forum", title="读书沙龙", mode="offline", starts_at=_at(day), ends_at=_at(day, 11),
        place="图书馆", minutes="纪要",
    )  # fmt: skip
    photo = stored_file_accept(ActivityAttachment, png(), uploaded_by=world.teacher_user, activity=activity)
    host = client_for(world.teacher_user)
    host.post(reverse("portal-sites-offer", args=[studio.uid, "activity", activity.uid]))
    publication = Publication.objects.get(activity=activity)
    host.post(reverse("portal-sites-publish", args=[publication.uid]), {"publish": "1", f"include-{photo.uid}": "on"})
    assert publication.photos.count() == 1
    album = Client().get(reverse("portal-site-album", args=["xiangyanghua"])).content.decode()
    assert str(publication.photos.get().uid) in album
