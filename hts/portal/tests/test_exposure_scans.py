"""A consent's signed form (issue 16 point 8): attached with the consent or later, shown and served to whom
the class's consents reach only (404 for everyone else), and deleted with the pupil's anonymisation. The
refusals of a disguised or oversize file are the shared cases of hts/core/tests/test_stored_files.py."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hts.classwork.models import Pupil
from hts.classwork.retention import pupil_erase
from hts.classwork.tests.people import class_people
from hts.core.models import AuditEntry
from hts.portal.models import ConsentScan, GuardianConsent
from testkit import client_for, make_school_year, world  # noqa: F401

TODAY = dt.date(2026, 11, 16)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME = "陈小雨"


@pytest.fixture
def setup(world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    make_school_year(world.city, 2026)
    return {"pupil": Pupil.objects.create(school_class=world.class_a, name=NAME, gender="F"), **class_people(world)}


@pytest.mark.django_db
def test_the_form_is_attached_with_the_consent_and_served_only_to_whom_consents_reach(setup, world, isolated_media):  # noqa: F811
    answer = client_for(setup["head"]).post(
        reverse("portal-consents", args=[world.class_a.uid]),
        {"pupil": str(setup["pupil"].uid), "semester": "", "scope": "photos", "given_on": "2026-11-01",
         "signed_form": SimpleUploadedFile("同意书.pdf", PDF)},
    )  # fmt: skip
    assert answer.status_code == 302
    scan = ConsentScan.objects.get(consent__pupil=setup["pupil"])
    assert scan.kind == "pdf" and AuditEntry.objects.filter(action="portal.consent.form_attached").exists()
    url = reverse("portal-consent-scan-file", args=[scan.consent.uid, scan.uid])
    for role in ("head", "deputy", "school_staff"):
        page = client_for(setup[role]).get(reverse("portal-consents", args=[world.class_a.uid])).content.decode()
        assert url in page
        response = client_for(setup[role]).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    for role in ("other_head", "other_school_staff", "bureau", "city", "plain", "admin"):
        assert client_for(setup[role]).get(url).status_code == 404
        upload = reverse("portal-consent-scan", args=[scan.consent.uid])
        assert client_for(setup[role]).post(upload, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    assert ConsentScan.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_form_records_no_consent(setup, world, isolated_media):  # noqa: F811
    answer = client_for(setup["head"]).post(
        reverse("portal-consents", args=[world.class_a.uid]),
        {"pupil": str(setup["pupil"].uid), "semester": "", "scope": "photos", "given_on": "2026-11-01",
         "signed_form": SimpleUploadedFile("同意书.pdf", b"MZ\x90\x00" + b"\x00" * 60)},
    )  # fmt: skip
    assert answer.status_code == 400 and "不是名称所示的 .pdf 文件" in answer.content.decode()
    assert not GuardianConsent.objects.exists() and not ConsentScan.objects.exists()


@pytest.mark.django_db
def test_the_pupils_anonymisation_deletes_the_signed_form(setup, world, isolated_media: Path):  # noqa: F811
    consent = GuardianConsent.objects.create(pupil=setup["pupil"], given_on=dt.date(2026, 9, 5))
    answer = client_for(setup["deputy"]).post(
        reverse("portal-consent-scan", args=[consent.uid]), {"file": SimpleUploadedFile("同意书.pdf", PDF)}
    )
    assert answer.status_code == 302
    stored = isolated_media / ConsentScan.objects.get().file.name
    assert stored.is_file()
    pupil_erase(actor=setup["school_staff"], pupil=setup["pupil"], reference="REQ-1", note="家长到校核验")
    assert not ConsentScan.objects.exists() and not stored.exists()
