"""The browser's own messages for a field it refuses (an empty required field, a number below its
minimum) come in the browser's language; a Chinese page shows them in Chinese all the same. The
browser here is English, the user has chosen 简体中文 with the page's language switch."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from testkit import PASSWORD, World, client_for

MESSAGE = "el => el.validationMessage"


def _english_browser_on_a_chinese_page(browser: Browser, base: str) -> Page:
    page = browser.new_context(locale="en-US", timezone_id="Asia/Shanghai").new_page()
    page.goto(f"{base}/accounts/login/")
    assert page.evaluate("navigator.language") == "en-US"
    page.get_by_test_id("language-switch").get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    return page


def _sign_in(page: Page, base: str, username: str) -> None:
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/home/")


def test_empty_required_fields_are_explained_in_chinese(browser: Browser, live_server: Any, world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, qualification_valid_years=3, expiring_within_days=90)
    issue = {"kind": "qualification", "issued_on": "2026-08-01", "evidence": "岗前培训结业，教育局审核通过",
             "number": "", "teachers": [world.teacher_a.pk], "confirm": "1"}  # fmt: skip
    client_for(world.district_staff).post(f"/corps/certificates/issue/{world.district_a.uid}/", issue)
    certificate = Certificate.objects.get()

    page = _english_browser_on_a_chinese_page(browser, live_server.url)
    _sign_in(page, live_server.url, world.district_staff.username)
    page.goto(f"{live_server.url}/corps/certificates/{certificate.uid}/")
    revoke = page.get_by_test_id("revoke-form")
    revoke.get_by_role("button").click()
    reason = revoke.locator("#revoke-reason")
    assert reason.evaluate(MESSAGE) == "请填写此字段。"

    # Typing clears the message (else the field would stay refused); the box left unticked has its own.
    reason.fill("材料不实")
    assert reason.evaluate("el => el.validity.valid")
    revoke.get_by_role("button").click()
    assert revoke.locator("#revoke-confirm").evaluate(MESSAGE) == "请勾选此项后继续。"
    certificate.refresh_from_db()
    assert certificate.revoked_at is None  # the browser kept the form: nothing was sent


def test_a_number_below_its_minimum_is_explained_in_chinese(browser: Browser, live_server: Any) -> None:
    """A number field with a minimum, as the forms render one, added to a real Chinese page."""
    page = _english_browser_on_a_chinese_page(browser, live_server.url)
    page.evaluate(
        """() => { const form = document.createElement("form");
        form.innerHTML = '<input type="number" min="0" name="n" value="-1"><button>go</button>';
        document.querySelector("main").append(form); }"""
    )
    field = page.locator("main form [name=n]")
    field.evaluate("el => el.form.requestSubmit()")
    assert field.evaluate(MESSAGE) == "数值不得小于 0。"
