"""Where the portal's parts meet (issue 16): what a publication reaches closes with it on every path.

A published photo is the public copy (no EXIF, no GPS); publishing puts the item in the public search
and withdrawing takes it out, whether the host withdraws or a guardian withdraws the consent its photo
relied on; then it is no longer featured either."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hts.archives.models import ArchiveFile
from hts.core.files import stored_file_accept
from hts.core.search.models import SearchEntry
from hts.portal.models import GuardianConsent, Publication, PublicationPhoto
from hts.portal.tests.sites_kit import Site, site_fixture  # noqa: F401  (the fixture)
from hts.portal.tests.test_sites_flow import offer_case, publish
from testkit import client_for

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (320, 240), (90, 140, 60))
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # the camera's make
    exif[GPS_IFD] = {1: "N", 2: (22.0, 32.0, 10.0), 3: "E", 4: (114.0, 3.0, 20.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get(GPS_IFD) is not None
    return SimpleUploadedFile("合影.jpg", out.getvalue(), content_type="image/jpeg")


def indexed(publication: Publication) -> bool:
    return SearchEntry.objects.filter(object_uid=publication.uid).exists()


def test_a_published_photo_keeps_no_exif_and_no_gps(site: Site) -> None:
    stored_file_accept(ArchiveFile, jpeg_with_gps(), uploaded_by=site.member, item=site.case)
    publication = offer_case(site)
    key = str(site.case.files.get().uid)
    publish(site, publication, **{f"include-{key}": "on"})
    photo = PublicationPhoto.objects.get(publication=publication)
    with photo.file.open("rb") as handle:
        data = handle.read()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_publishing_indexes_for_the_public_search_and_withdrawing_drops_it(
    site: Site, django_capture_on_commit_callbacks
) -> None:
    publication = offer_case(site)
    with django_capture_on_commit_callbacks(execute=True):
        publish(site, publication)
    assert indexed(publication)
    anonymous = client_for(site.member).__class__()
    assert publication.title in anonymous.get(reverse("portal-search"), {"q": "案例"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(site.member).post(
            reverse("portal-sites-withdraw", args=[publication.uid]), {"reason": "想再改改"}
        )
    assert answer.status_code == 302
    assert not indexed(publication)


def test_a_withdrawn_consent_takes_its_publication_out_of_the_search_and_the_featured_list(
    site: Site, django_capture_on_commit_callbacks
) -> None:
    from testkit import make_school_year

    # The case (and its photo) dates from an autumn semester; the class's consent covers that semester.
    semester = make_school_year(site.world.city, 2025).semesters.get(kind="autumn")
    site.case.date = dt.date(2025, 11, 3)
    site.case.save()
    consent = GuardianConsent.objects.create(
        school_class=site.world.class_a, semester=semester, given_on=semester.starts_on
    )
    stored_file_accept(ArchiveFile, jpeg_with_gps(), uploaded_by=site.member, item=site.case)
    publication = offer_case(site)
    key = str(site.case.files.get().uid)
    chosen = {f"include-{key}": "on", f"pupils-{key}": "on", f"class-{key}": str(site.world.class_a.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        publish(site, publication, **chosen)
    photo = PublicationPhoto.objects.get(publication=publication)
    assert photo.consent == consent
    Publication.objects.filter(pk=publication.pk).update(featured=True)
    assert indexed(publication)
    # The class's head teacher withdraws the consent (the confirm page, then the post).
    head = client_for(site.host)
    url = reverse("portal-consent-withdraw", args=[consent.uid])
    assert publication.title in head.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert head.post(url).status_code == 302
    publication.refresh_from_db()
    assert publication.status == Publication.Status.WITHDRAWN and not publication.featured
    assert not indexed(publication)
