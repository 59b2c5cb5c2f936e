"""Defects a browser trial found in certificates (001 二 4, 7, 10): a revoked or expired certificate
printed as a clean valid one, and a holder could be issued a second certificate of a kind while one was
in force. Each through the page the bureau uses."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from testkit import World, client_for

TODAY = timezone.localdate()


def _pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed"
    result = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return str(result.stdout.decode())


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    # No course pass mark: the typed evidence is what a certificate is issued on.
    return CorpsPolicy.objects.create(region=world.city, qualification_valid_years=3, expiring_within_days=90)


def _certificate(world: World, kind: str = "qualification", **extra: object) -> Certificate:
    data: dict[str, object] = {
        "holder": world.teacher_a, "kind": kind, "number": f"{kind}-1", "issuer": world.district_a,
        "issued_on": TODAY - dt.timedelta(days=400), "valid_until": TODAY + dt.timedelta(days=700),
        "evidence": "培训合格", **extra,
    }  # fmt: skip
    return Certificate.objects.create(**data)


def _pdf(world: World, certificate: Certificate) -> str:
    response = client_for(world.district_staff).get(f"/corps/certificates/{certificate.uid}/pdf/")
    assert response.status_code == 200
    return _pdf_text(response.content)


def test_a_revoked_certificate_prints_marked_revoked_with_its_date(world: World, policy: CorpsPolicy) -> None:
    certificate = _certificate(world)
    revoked = client_for(world.district_staff).post(
        f"/corps/certificates/{certificate.uid}/revoke/", {"reason": "年度考评不合格", "confirmed": "on"}
    )
    assert revoked.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    text = _pdf(world, certificate)
    assert "已撤销" in text
    assert f"本证书已于{timezone.localtime(certificate.revoked_at).date():%Y-%m-%d}撤销" in text
    assert "不再有效" in text
    # The holder's own copy carries the same mark.
    own = client_for(world.teacher_user).get(f"/corps/certificates/{certificate.uid}/pdf/")
    assert own.status_code == 200 and "已撤销" in _pdf_text(own.content)


def test_an_expired_certificate_prints_marked_expired_and_a_valid_one_clean(world: World, policy: CorpsPolicy) -> None:
    expired = _certificate(world, valid_until=TODAY - dt.timedelta(days=3), issued_on=TODAY - dt.timedelta(days=1100))
    text = _pdf(world, expired)
    assert "已过期" in text and f"有效期至{expired.valid_until:%Y-%m-%d}，已过期" in text
    valid = _certificate(world, kind="training", number="training-1", valid_until=None)
    clean = _pdf(world, valid)
    assert "已撤销" not in clean and "已过期" not in clean and "不再有效" not in clean


def _issue(world: World, kind: str, confirm: bool, issued_on: dt.date = TODAY) -> object:
    data: dict[str, object] = {
        "kind": kind, "issued_on": issued_on.isoformat(), "evidence": "县级岗前培训合格", "number": "",
        "teachers": [world.teacher_a.pk], **({"confirm": "1"} if confirm else {}),
    }  # fmt: skip
    return client_for(world.district_staff).post(f"/corps/certificates/issue/{world.district_a.uid}/", data)


def test_a_second_certificate_while_one_is_valid_is_refused_naming_it(world: World, policy: CorpsPolicy) -> None:
    held = _certificate(world, number="320707-2025-ZG0007")
    preview = _issue(world, "qualification", confirm=False)
    html = preview.content.decode()  # type: ignore[attr-defined]
    refusals = html.split('data-testid="issue-refusals"')[1]
    assert "320707-2025-ZG0007" in refusals and "已持有有效的" in refusals
    assert held.valid_until is not None
    opens = held.valid_until - dt.timedelta(days=90)
    assert f"自 {opens:%Y-%m-%d} 起方可换证" in refusals
    assert 'data-testid="confirm-issue"' not in html
    # A crafted confirm is refused as well, and nothing is issued.
    refused = _issue(world, "qualification", confirm=True)
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "320707-2025-ZG0007" in refused.content.decode()  # type: ignore[attr-defined]
    assert Certificate.objects.filter(holder=world.teacher_a).count() == 1
    # The training certificate never expires: one per holder.
    _certificate(world, kind="training", number="320707-2024-PX0003", valid_until=None)
    training = _issue(world, "training", confirm=True).content.decode()  # type: ignore[attr-defined]
    assert "320707-2024-PX0003" in training and "每人只颁发一本" in training


def test_a_renewal_is_issued_once_the_held_one_expires_or_nears_its_end(world: World, policy: CorpsPolicy) -> None:
    held = _certificate(world, valid_until=TODAY + dt.timedelta(days=60), issued_on=TODAY - dt.timedelta(days=1035))
    # Inside the policy's 90-day window the 换证 is due.
    assert _issue(world, "qualification", confirm=True).status_code == 302  # type: ignore[attr-defined]
    assert Certificate.objects.filter(holder=world.teacher_a, kind="qualification").count() == 2
    Certificate.objects.exclude(pk=held.pk).delete()
    held.valid_until = TODAY - dt.timedelta(days=1)
    held.save()
    assert _issue(world, "qualification", confirm=True).status_code == 302  # type: ignore[attr-defined]
    # Revoked: a new one may be issued (the bureau's reinstatement is the other way back).
    Certificate.objects.filter(holder=world.teacher_a).update(revoked_at=timezone.now(), revocation_reason="核实")
    assert _issue(world, "qualification", confirm=True).status_code == 302  # type: ignore[attr-defined]
