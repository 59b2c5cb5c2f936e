"""Issue 16 point 8, per pupil and by scope, through the host's publish step and the consent pages: the host
ticks the pupils who appear in a photo, each needs a consent covering photos (their own, or their class's
for the semester), a refusal names those without one; a pupil's name shows as written only under a consent
covering names; withdrawing any consent relied on takes the publication down on every path."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hts.activities.models import Activity, ActivityAttachment
from hts.archives.models import ArchiveFile
from hts.classwork.models import Pupil
from hts.core.files import stored_file_accept
from hts.core.search.models import SearchEntry
from hts.org.models import SchoolClass
from hts.portal.models import GuardianConsent, Publication, PublicationPhoto
from hts.portal.tests.sites_kit import PUPIL, Site, add_photo, png, site_fixture  # noqa: F401  (the fixture)
from hts.portal.tests.test_sites_flow import offer_case, publish
from testkit import client_for, make_school_year

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 11, 3)  # the photo's day, in the 2025 autumn semester
CONSENTED = "林小雨"  # the sites demo's pupil (林*雨 on 向阳花's page without a consent)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _semester(site: Site):
    return make_school_year(site.world.city, 2025).semesters.get(kind="autumn")


def _pupils(site: Site) -> tuple[Pupil, Pupil]:
    return Pupil.objects.create(school_class=site.world.class_a, name=CONSENTED, gender="F"), Pupil.objects.get(
        name=PUPIL
    )


def _own(pupil: Pupil, scope: str = "photos") -> GuardianConsent:
    return GuardianConsent.objects.create(pupil=pupil, scope=scope, given_on=dt.date(2025, 9, 5))


def _refusal(page: str) -> str:
    found = re.search(r'data-testid="photo-refused">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def _activity_publication(site: Site) -> tuple[Publication, str]:
    activity = Activity.objects.create(
        studio=site.studio, kind="forum", title="秋季读书沙龙", mode="offline", starts_at=_at(DAY),
        ends_at=_at(DAY, 11), place="图书馆", minutes="沙龙纪要",
    )  # fmt: skip
    photo = stored_file_accept(ActivityAttachment, png(), uploaded_by=site.host, activity=activity)
    client_for(site.host).post(reverse("portal-sites-offer", args=[site.studio.uid, "activity", activity.uid]))
    return Publication.objects.get(activity=activity), str(photo.uid)


def test_the_host_ticks_the_pupils_and_a_refusal_names_those_without_a_consent(
    site: Site, django_capture_on_commit_callbacks
) -> None:
    lin, zhang = _pupils(site)
    consent = _own(lin)
    publication, key = _activity_publication(site)
    url = reverse("portal-sites-publish", args=[publication.uid])
    host = client_for(site.host)
    # Choosing the class lists its pupils to tick; another school's class is not offered, nor its pupils.
    chosen = {f"include-{key}": "on", f"pupils-{key}": "on", f"class-{key}": str(site.world.class_a.pk)}
    page = host.post(url, {"check": "1", **chosen}).content.decode()
    assert 'data-testid="photo-pupils"' in page and CONSENTED in page and PUPIL in page
    foreign = Pupil.objects.create(school_class=site.world.class_b, name="王外校", gender="M")
    elsewhere = host.post(url, {"check": "1", **chosen, f"class-{key}": str(site.world.class_b.pk)}).content.decode()
    assert "王外校" not in elsewhere
    # Both ticked: 张晓明 has no consent, so the photo is refused naming him (and not 林小雨).
    both = {**chosen, f"pupil-{key}": [str(lin.uid), str(zhang.uid)]}
    refusal = _refusal(host.post(url, {"check": "1", **both}).content.decode())
    assert PUPIL in refusal and CONSENTED not in refusal
    # A pupil of another school ticked through a forged form is dropped: only the team's class lists count.
    forged = {**chosen, f"pupil-{key}": [str(lin.uid), str(foreign.uid)]}
    with django_capture_on_commit_callbacks(execute=True):
        publish(site, publication, **forged)
    publication.refresh_from_db()
    photo = PublicationPhoto.objects.get(publication=publication)
    assert publication.status == "published" and list(photo.consents.all()) == [consent]


def test_a_per_pupil_consent_is_recorded_on_the_photo_and_its_withdrawal_closes_every_path(
    site: Site, django_capture_on_commit_callbacks
) -> None:
    lin, zhang = _pupils(site)
    own = _own(lin)
    class_consent = GuardianConsent.objects.create(
        school_class=site.world.class_a, semester=_semester(site), given_on=dt.date(2025, 9, 5)
    )
    publication, key = _activity_publication(site)
    ticked = {f"include-{key}": "on", f"pupils-{key}": "on", f"pupil-{key}": [str(lin.uid), str(zhang.uid)]}
    with django_capture_on_commit_callbacks(execute=True):
        publish(site, publication, **ticked)
    photo = PublicationPhoto.objects.get(publication=publication)
    # 林小雨 under her own consent, 张晓明 under the class's for the semester: both recorded.
    assert set(photo.consents.all()) == {own, class_consent} and photo.consent in {own, class_consent}
    publication.refresh_from_db()
    activity = publication.activity
    activity.refresh_from_db()
    assert activity.publicity_url and SearchEntry.objects.filter(object_uid=publication.uid).exists()
    Publication.objects.filter(pk=publication.pk).update(featured=True)
    # Her guardian withdraws her own consent (the deputy-free head teacher of the class, through the page).
    url = reverse("portal-consent-withdraw", args=[own.uid])
    head = client_for(site.host)
    assert publication.title in head.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert head.post(url).status_code == 302
    publication.refresh_from_db()
    activity.refresh_from_db()
    assert publication.status == "withdrawn" and not publication.featured
    assert not SearchEntry.objects.filter(object_uid=publication.uid).exists()
    assert activity.publicity_url == ""  # the publicity credit goes with it


def test_a_pupil_whose_own_consent_was_withdrawn_is_not_covered_by_the_class_form(site: Site) -> None:
    lin, _zhang = _pupils(site)
    withdrawn = _own(lin)
    GuardianConsent.objects.filter(pk=withdrawn.pk).update(withdrawn_on=dt.date(2025, 10, 1))
    GuardianConsent.objects.create(
        school_class=site.world.class_a, semester=_semester(site), given_on=dt.date(2025, 9, 5)
    )
    publication, key = _activity_publication(site)
    page = client_for(site.host).post(
        reverse("portal-sites-publish", args=[publication.uid]),
        {"check": "1", f"include-{key}": "on", f"pupils-{key}": "on", f"pupil-{key}": str(lin.uid)},
    )
    assert CONSENTED in _refusal(page.content.decode())


def test_a_name_shows_only_under_a_consent_covering_names_and_the_preview_says_why(
    site: Site, django_capture_on_commit_callbacks
) -> None:
    lin, zhang = _pupils(site)
    names = _own(lin, scope="photos_names")
    _own(zhang, scope="photos")  # photos only: his name stays masked
    site.case.body = f"<p>{CONSENTED}和{PUPIL}在班会上主动发言。</p>"
    site.case.date = DAY
    site.case.save()
    publication = offer_case(site)
    step = client_for(site.host).get(reverse("portal-sites-publish", args=[publication.uid])).content.decode()
    shown = re.search(r'data-testid="portal-shown-names">(.*?)</div>', step, re.S).group(1)
    assert CONSENTED in shown and "姓名" in shown  # why: a consent for photos and names
    assert "张*明" in step and "覆盖其姓名" in step  # why his is masked
    with django_capture_on_commit_callbacks(execute=True):
        publish(site, publication)
    publication.refresh_from_db()
    assert f"{CONSENTED}和张*明" in publication.body and publication.masked_names == [PUPIL]
    assert list(publication.name_consents.all()) == [names]
    # Withdrawing the consent that let the name show takes the publication down.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(site.host).post(reverse("portal-consent-withdraw", args=[names.uid]))
    publication.refresh_from_db()
    assert publication.status == "withdrawn"


def test_a_same_name_without_consent_keeps_the_name_masked(site: Site) -> None:
    from hts.portal.exposure.api import text_for_public

    lin, _zhang = _pupils(site)
    _own(lin, scope="photos_names")
    shown = text_for_public(f"<p>{CONSENTED}发言</p>", studio=site.studio, on=DAY)
    assert CONSENTED in shown.html and [n.name for n in shown.shown] == [CONSENTED]
    # A namesake in another class of the team's school, whose guardian gave no consent: masked again.
    other = SchoolClass.objects.create(school=site.world.school_a, stage="primary", grade=4, name="2班")
    Pupil.objects.create(school_class=other, name=CONSENTED, gender="F")
    masked = text_for_public(f"<p>{CONSENTED}发言</p>", studio=site.studio, on=DAY)
    assert "林*雨" in masked.html and not masked.shown
    # Without a date (any part but the publish step), every name is masked.
    assert "林*雨" in text_for_public(f"<p>{CONSENTED}发言</p>", studio=site.studio).html


def test_a_class_consent_for_photos_and_names_covers_the_class_names(site: Site) -> None:
    from hts.portal.exposure.api import text_for_public

    GuardianConsent.objects.create(
        school_class=site.world.class_a, semester=_semester(site), scope="photos_names", given_on=dt.date(2025, 9, 5)
    )
    assert PUPIL in text_for_public(f"<p>{PUPIL}发言</p>", studio=site.studio, on=DAY).html
    # Outside the semester the form covers, the name is masked.
    assert "张*明" in text_for_public(f"<p>{PUPIL}发言</p>", studio=site.studio, on=dt.date(2026, 3, 2)).html


def test_a_blurred_photo_needs_no_consent_for_the_ticked_pupils(site: Site) -> None:
    _lin, zhang = _pupils(site)
    add_photo(site.case, site.member)
    publication = offer_case(site)
    key = str(site.case.files.get().uid)
    publish(site, publication, **{f"include-{key}": "on", f"pupils-{key}": "on", f"blur-{key}": "on",
                                  f"pupil-{key}": str(zhang.uid)})  # fmt: skip
    photo = PublicationPhoto.objects.get(publication=publication)
    assert photo.faces_blurred and not photo.consents.exists()
    assert ArchiveFile.objects.filter(item=site.case).count() == 1
