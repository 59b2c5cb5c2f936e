"""A head teacher on a phone (375 px): from the home page to their profile, where 001 8's gates and
their certificates show, then on to their work archive (001 3, 7, 10), whose certificate row opens the
certificate, and its PDF. Their school's office reaches the same archive from its list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.corps.structure.models import GuidanceSession, MentorPair
from hts.org.models import Honour
from testkit import PASSWORD, World, make_teacher, make_user


def _phone(browser: Browser) -> Any:
    return browser.new_page(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")


def test_a_head_teacher_sees_gates_certificates_and_archive_at_375_px(
    browser: Browser, live_server: Any, world: World, artifacts: Path
) -> None:
    CorpsPolicy.objects.create(
        region=world.city,
        title_min_service_years=2,
        promotion_min_service_years=3,
        failing_year_blocks_honours=True,
        template="ganyu",
    )
    today = timezone.localdate()
    start = today - dt.timedelta(days=400)
    young = make_teacher(world.school_a, "周新", serving_since=start)
    make_user("zhouxin", teacher=young)
    certificate = Certificate.objects.create(
        kind="qualification", number="440304-2026-ZG0003", holder=young, issuer=world.district_a,
        issued_on=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=3 * 365),
        evidence="县岗前培训合格，教育局审核通过",
    )  # fmt: skip
    Honour.objects.create(
        teacher=young, title="校级优秀班主任", level="school", awarded_on=today - dt.timedelta(days=60)
    )
    pair = MentorPair.objects.create(school=world.school_a, mentor=world.teacher_a, mentee=young, started_on=start)
    GuidanceSession.objects.create(
        pair=pair, held_on=today - dt.timedelta(days=10), topic="家校沟通", hours=Decimal("2")
    )
    base = live_server.url

    phone = _phone(browser)
    sign_in(phone, base, "zhouxin", PASSWORD)
    # The home page's "我的档案" to the profile (the growth archive's link bears the same words).
    phone.locator(f'a[href="/org/teachers/{young.uid}/"]').first.click()
    expect(phone.get_by_test_id("gate-title")).to_contain_text(start.replace(year=start.year + 2).isoformat())
    expect(phone.get_by_test_id("gate-promotion")).to_contain_text("提拔为学校中层干部")
    expect(phone.get_by_test_id("corps-certificate")).to_contain_text("440304-2026-ZG0003")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(artifacts / "archive_profile_375.png"), full_page=True)

    phone.get_by_test_id("archive-link").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("周新的班主任工作档案")
    gates = phone.get_by_test_id("archive-section-gates")
    expect(gates).to_contain_text("职称申报")
    expect(gates).to_contain_text(start.replace(year=start.year + 2).isoformat())
    expect(phone.get_by_test_id("archive-section-service")).to_contain_text(start.isoformat())
    expect(phone.get_by_test_id("archive-summary")).to_contain_text("担任班主任1.0年")  # 400 days / 365, rounded down
    expect(phone.get_by_test_id("archive-section-honours")).to_contain_text("校级优秀班主任")
    mentoring = phone.get_by_test_id("archive-section-mentoring")
    expect(mentoring).to_contain_text("徒弟")
    expect(mentoring).to_contain_text("李红")
    # The gates' source is the school office's page: the teacher sees its name, not a link.
    expect(gates.get_by_test_id("archive-source-link")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(phone) == []
    phone.screenshot(path=str(artifacts / "archive_page_375.png"), full_page=True)

    pdf = phone.request.get(f"{base}/corps/archive/{young.uid}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    certificates = phone.get_by_test_id("archive-section-certificates")
    certificates.get_by_role("link", name="班主任任职资格证 440304-2026-ZG0003").click()
    phone.wait_for_url(f"{base}/corps/certificates/{certificate.uid}/")
    expect(phone.locator("body")).to_contain_text("440304-2026-ZG0003")
    phone.close()

    # The school's office reaches the archive from its list of head teachers, at desktop width.
    office = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    sign_in(office, base, "school", PASSWORD)
    office.set_viewport_size({"width": 375, "height": 812})
    office.goto(f"{base}/corps/archive/")
    assert office.evaluate("document.documentElement.scrollWidth") <= 375
    office.screenshot(path=str(artifacts / "archive_school_375.png"), full_page=True)
    office.set_viewport_size({"width": 1280, "height": 900})
    row = office.get_by_test_id("archive-teacher-row").filter(has_text="周新")
    row.get_by_role("link", name="工作档案").click()
    expect(office.get_by_test_id("archive-section-gates").get_by_test_id("archive-source-link").first).to_be_visible()
    assert serious_accessibility_violations(office) == []
    office.screenshot(path=str(artifacts / "archive_page_1280.png"), full_page=True)
    office.close()
