"""Certificates (issue 14 point 3): a bureau issues a qualification certificate after a preview, and a
phone (375 px) opens the verification URL its QR code carries, signed out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from testkit import PASSWORD, World

SHOTS = Path("/tmp/shots")  # noqa: S108


def test_a_bureau_issues_and_a_phone_verifies(page: Page, live_server: Any, world: World, browser: Any) -> None:
    SHOTS.mkdir(exist_ok=True)
    CorpsPolicy.objects.create(region=world.city, qualification_valid_years=3, expiring_within_days=90)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/corps/certificates/")
    page.get_by_test_id("issue-certificates").click()
    page.select_option("#id_kind", "qualification")
    page.fill("#id_evidence", "2026年县班主任岗前培训结业，理论考试86分，专业测试合格，教育局审核通过")
    page.check(f"#t{world.teacher_a.pk}")
    page.screenshot(path=str(SHOTS / "certs_issue_1366.png"), full_page=True)
    page.get_by_test_id("preview-issue").click()
    expect(page.get_by_test_id("issue-preview")).to_contain_text("李红")
    page.get_by_test_id("confirm-issue").click()
    expect(page.get_by_test_id("certificate-list")).to_contain_text("440304-2026-ZG0001")
    page.screenshot(path=str(SHOTS / "certs_list_1366.png"), full_page=True)
    certificate = Certificate.objects.get()
    page.get_by_role("link", name="440304-2026-ZG0001").click()
    expect(page.get_by_test_id("revoke-form")).to_be_visible()
    page.screenshot(path=str(SHOTS / "certs_detail_1366.png"), full_page=True)
    pdf = page.request.get(f"{live_server.url}/corps/certificates/{certificate.uid}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (SHOTS / "certs.pdf").write_bytes(pdf.body())

    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="zh-CN")
    scan = phone.new_page()
    scan.goto(f"{live_server.url}/corps/verify/{certificate.token}/")
    expect(scan.get_by_test_id("verification")).to_contain_text("李红")
    expect(scan.get_by_test_id("certificate-state")).to_have_text("有效")
    assert scan.evaluate("document.documentElement.scrollWidth") <= 375
    scan.screenshot(path=str(SHOTS / "certs_verify_375.png"), full_page=True)
    phone.close()
