"""Separation of duties in the browser (issue 13, points 12 and 15): the host signs an expense, the
legal representative of the host school sees the notification, follows it to the sign page and signs;
no page of the journey breaks the Content-Security-Policy, which every response carries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.accounts.models import User
from hts.funds import services
from hts.funds.models import Expense
from testkit import PASSWORD, World, make_running_studio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_legal_representative_is_told_and_reaches_the_sign_page(
    page: Page, live_server: Any, world: World, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    studio = make_running_studio(world)
    services.grant_record(
        actor=User.objects.get(pk=world.district_staff.pk), studio=studio, year=2026,
        data={"city_amount": Decimal(40000), "district_match": Decimal(40000)},
    )  # fmt: skip
    services.budget_save(
        actor=User.objects.get(pk=world.teacher_user.pk), studio=studio, year=2026, amounts={"books": Decimal(8000)}
    )
    receipt = tmp_path / "发票.png"
    receipt.write_bytes(PNG)
    base = live_server.url
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda dialog: dialog.accept())

    # The host records an expense and signs it.
    sign_in(page, base, "teacher", PASSWORD)
    response = page.goto(f"{base}/funds/studio/{studio.uid}/expenses/new/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    form = page.get_by_test_id("expense-form")
    form.locator("input[name=spent_on]").fill("2026-10-12")
    form.locator("input[name=amount]").fill("2360")
    form.locator("select[name=category]").select_option("books")
    form.locator("input[name=payee]").fill("深圳书城")
    form.locator("textarea[name=purpose]").fill("购买班主任专业书籍 40 册")
    form.locator("input[name=receipts]").set_input_files(str(receipt))
    form.locator("button[type=submit]").click()
    page.get_by_test_id("host-sign").click()
    expect(page.get_by_test_id("host-signature")).not_to_have_text("—")

    # The legal representative sees the unread badge, opens the notification and lands on the sign page.
    page.context.clear_cookies()
    sign_in(page, base, "legal", PASSWORD)
    expect(page.get_by_test_id("unread-badge")).to_have_text("1")
    page.get_by_test_id("notifications-link").click()
    notice = page.get_by_test_id("notification").first
    expect(notice).to_contain_text("等待您签字")
    expect(notice).to_contain_text("2,360.00")
    notice.click()
    expense = Expense.objects.get()
    page.wait_for_url(f"{base}/funds/expenses/{expense.uid}/")
    page.get_by_test_id("legal-sign").click()
    expect(page.get_by_test_id("legal-signature")).not_to_have_text("—")
    assert Expense.objects.get().status == "booked"
    assert violations == []


def test_choosing_in_a_select_still_submits_under_the_policy(page: Page, live_server: Any, world: World) -> None:
    """The inline `onchange` handlers the policy blocks became `data-autosubmit`, run by app.js."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    base = live_server.url
    sign_in(page, base, "school", PASSWORD)
    page.goto(f"{base}/studios/apply/")
    page.locator("#f-teacher").select_option(str(world.teacher_a.uid))
    page.wait_for_url(f"**/studios/apply/?teacher={world.teacher_a.uid}")
    assert violations == []
