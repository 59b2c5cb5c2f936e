"""Issue 13, point 2 in a real browser: an applicant types a city-level project on the application and
sees it 待核实, not ✓; the bureau cannot pass the material check until it verifies the declaration;
once verified, the rule reads ✓ and the application moves on. Screenshots at desktop and phone widths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.org.models import Honour
from hts.studios import services
from hts.studios.models import Studio, Tier
from testkit import PASSWORD, World


def _shoot(page: Page, artifacts: Path, name: str) -> None:
    for width, height in ((1280, 900), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(artifacts / f"host-research-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_bureau_verifies_the_declared_research(page: Page, live_server: Any, world: World, artifacts: Path) -> None:
    base = live_server.url
    # The material check and the decision ask first (data-confirm); this journey answers yes.
    page.on("dialog", lambda dialog: dialog.accept())
    services.batch_create(
        actor=world.city_staff, region=world.city, name="深圳市第三批中小学名班主任工作室", tier=Tier.CITY,
        start_year=2026, cycle_years=None, template="shenzhen",
    )  # fmt: skip
    for kind, level in (("personal", "city"), ("class", "county")):
        Honour.objects.create(
            teacher=world.teacher_a, kind=kind, title="表彰", level=level, awarded_on=dt.date(2021, 9, 1)
        )

    # The applicant declares a city-level project: it reads 待核实, and the application can be sent.
    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/studios/apply/")
    form = page.get_by_test_id("apply-form")
    form.locator("input[name=name]").fill("向阳花名班主任工作室")
    form.locator("input[name=theme]").fill("小学家校共育")
    form.locator("textarea[name=plan]").fill("三年建设规划")
    form.locator("input[name=research_title]").fill("小学德育课题的实践研究")
    form.locator("select[name=research_level]").select_option("city")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("studio-status")).to_have_text("已申报")
    research = page.get_by_test_id("applicant-check").get_by_test_id("rule-host.research")
    expect(research).to_have_attribute("data-state", "pending")
    expect(research).to_contain_text("待核实")
    _shoot(page, artifacts, "applicant")
    studio = Studio.objects.get()

    # The bureau sees it awaiting its check; passing the material check first is refused.
    page.context.clear_cookies()
    sign_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/studios/{studio.uid}/")
    panel = page.get_by_test_id("review-panel")
    expect(panel.get_by_test_id("rule-host.research")).to_have_attribute("data-state", "pending")
    material = panel.locator("form", has=page.locator("select[name=passed]"))
    material.locator("select[name=passed]").select_option("1")
    material.get_by_role("button", name="记录", exact=True).click()
    expect(page.get_by_test_id("review-panel")).to_contain_text("请先在材料审核中核实")
    expect(page.get_by_test_id("studio-status")).to_have_text("已申报")
    _shoot(page, artifacts, "refused")

    # It checks the certificate and records the declaration verified: the rule reads ✓.
    check = page.get_by_test_id("research-check-form")
    check.get_by_label("已核实（已查验结题证书或相关记录）").check()
    check.locator("input[name=note]").fill("已查验市级课题结题证书")
    check.get_by_role("button", name="记录核实结果").click()
    panel = page.get_by_test_id("review-panel")
    expect(panel.get_by_test_id("rule-host.research")).to_have_attribute("data-state", "met")
    expect(page.get_by_test_id("research-check-state")).to_contain_text("已核实")
    expect(page.get_by_test_id("research-check-state")).to_contain_text("已查验市级课题结题证书")
    expect(page.get_by_test_id("research-check-form")).to_have_count(0)
    expect(page.get_by_test_id("history")).to_contain_text("申报课题“小学德育课题的实践研究”：已核实")
    _shoot(page, artifacts, "verified")

    # Now the material check passes.
    panel.locator("select[name=passed]").select_option("1")
    panel.get_by_role("button", name="记录", exact=True).click()
    expect(page.get_by_test_id("studio-status")).to_have_text("审核中")
    studio.refresh_from_db()
    assert studio.research_check == "verified" and studio.research_checked_by is not None
