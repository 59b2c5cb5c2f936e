"""Funds in the browser: the host records an expense with a receipt and signs; the legal
representative of the host school checks it and signs; the ledger shows it. A 公务接待 expense is
refused with the rule that forbids it. Screenshots of the main pages at 1280 px and 375 px."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from hts.accounts.models import User
from hts.funds import services
from hts.funds.models import Expense, LedgerEntry
from testkit import PASSWORD, World, make_running_studio

SHOTS = Path("/tmp/shots")  # noqa: S108 (where the reviewer looks at the layout)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"funds_{name}.png"), full_page=True)


def test_an_expense_is_signed_twice_and_booked_and_a_reception_is_refused(
    page: Page, browser: Browser, live_server: Any, world: World, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    studio = make_running_studio(world)
    bureau = User.objects.get(pk=world.district_staff.pk)
    services.grant_record(
        actor=bureau, studio=studio, year=2026, data={"city_amount": Decimal(40000), "district_match": Decimal(30000)}
    )
    services.budget_save(
        actor=User.objects.get(pk=world.teacher_user.pk), studio=studio, year=2026,
        amounts={"books": Decimal(8000), "meetings": Decimal(6000), "equipment": Decimal(10000)},
    )  # fmt: skip
    receipt = tmp_path / "发票.png"
    receipt.write_bytes(PNG)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())

    # The host reaches the funds from the studio's page and records an expense with its receipt.
    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/studios/{studio.uid}/")
    page.get_by_test_id("funds-link").click()
    expect(page.get_by_test_id("match-short")).to_be_visible()  # 30,000 of the 40,000 the policy asks
    _shoot(page, "studio_1280")
    page.get_by_test_id("new-expense").click()
    form = page.get_by_test_id("expense-form")
    form.locator("input[name=spent_on]").fill("2026-10-12")
    form.locator("input[name=amount]").fill("2360")
    form.locator("select[name=category]").select_option("books")
    form.locator("input[name=payee]").fill("深圳书城")
    form.locator("textarea[name=purpose]").fill("购买班主任专业书籍 40 册")
    form.locator("input[name=receipts]").set_input_files(str(receipt))
    _shoot(page, "expense_form_1280")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("receipts")).to_contain_text("发票.png")
    page.get_by_test_id("host-sign").click()
    expect(page.get_by_test_id("host-signature")).not_to_have_text("—")
    assert Expense.objects.get().status == "host_signed"
    assert not LedgerEntry.objects.exists()

    # A reception (公务接待) is refused, with the rule, and what was typed is kept.
    page.goto(f"{base}/funds/studio/{studio.uid}/expenses/new/")
    form = page.get_by_test_id("expense-form")
    form.locator("input[name=spent_on]").fill("2026-10-20")
    form.locator("input[name=amount]").fill("800")
    form.locator("select[name=category]").select_option("official_reception")
    form.locator("input[name=payee]").fill("某酒店")
    form.locator("textarea[name=purpose]").fill("接待来访专家")
    form.locator("button[type=submit]").click()
    error = page.locator(".invalid-feedback")
    expect(error).to_contain_text("公务接待")
    expect(error).to_contain_text("三公")
    expect(page.locator("input[name=payee]")).to_have_value("某酒店")
    assert Expense.objects.count() == 1
    _shoot(page, "refused_1280")

    # The legal representative of the host school checks the receipt and signs, on a phone.
    phone_context = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    phone = phone_context.new_page()
    phone.on("dialog", lambda dialog: dialog.accept())
    sign_in(phone, base, "legal", PASSWORD)
    phone.goto(f"{base}/funds/")
    _shoot(phone, "home_375")
    phone.get_by_test_id("to-sign").get_by_role("link").first.click()
    expect(phone.get_by_test_id("receipts")).to_contain_text("发票.png")
    _shoot(phone, "expense_375")
    phone.get_by_test_id("legal-sign").click()
    expect(phone.get_by_test_id("legal-signature")).not_to_have_text("—")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto(f"{base}/funds/studio/{studio.uid}/?year=2026")
    expect(phone.get_by_test_id("ledger")).to_contain_text("深圳书城")
    expect(phone.get_by_test_id("ledger")).to_contain_text("2,360.00")
    expect(phone.get_by_test_id("spent-total")).to_have_text("2,360.00")
    _shoot(phone, "studio_375")
    phone_context.close()
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("2360.00") and Expense.objects.get().status == "booked"

    # The bureau's overview flags the short match.
    page.context.clear_cookies()
    sign_in(page, base, "district", PASSWORD)
    page.goto(f"{base}/funds/?year=2026")
    expect(page.get_by_test_id(f"short-{studio.name}")).to_be_visible()
    _shoot(page, "home_1280")
