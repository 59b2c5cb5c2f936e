"""A studio's life in a real browser: open a batch, apply, review, approve, build the team up to a
limit, override it, and fail two yearly assessments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.accounts.models import User
from hts.org.models import Honour
from hts.studios import services
from hts.studios.models import Batch, Membership, Studio
from testkit import PASSWORD, World, make_teacher


def test_a_studio_from_batch_to_revocation(page: Page, live_server: Any, world: World, artifacts: Path) -> None:
    # Irreversible steps ask first (data-confirm); this journey answers yes.
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url

    # Bureau staff open a batch from the Shenzhen template.
    sign_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/studios/batches/new/")
    page.locator("select[name=region]").select_option(label="深圳市")
    page.locator("input[name=name]").fill("深圳市第二批中小学名班主任工作室")
    page.locator("select[name=tier]").select_option("city")
    # A 2024–2026 cycle: in November 2026, 2024 and 2025 have ended and may be assessed.
    page.locator("input[name=start_year]").fill("2024")
    page.locator("select[name=template]").select_option("shenzhen")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("深圳市第二批中小学名班主任工作室")
    expect(page.get_by_test_id("policy")).to_contain_text("8")
    batch = Batch.objects.get()
    assert batch.cycle_years == 3 and batch.policy.members_max == 8

    # A teacher without the honours applies, sees which rules fail, and nothing is filed.
    page.context.clear_cookies()
    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/studios/apply/")
    check = page.get_by_test_id("standard-check")
    expect(check).to_contain_text("不符合")
    form = page.get_by_test_id("apply-form")
    form.locator("input[name=name]").fill("向阳花名班主任工作室")
    form.locator("input[name=theme]").fill("小学家校共育")
    form.locator("textarea[name=plan]").fill("三年建设规划：专题研修、课题研究、成果辐射。")
    form.locator("select[name=research_level]").select_option("city")
    form.get_by_role("button").click()
    expect(page.locator(".alert-danger")).to_contain_text("荣誉")
    page.screenshot(path=str(artifacts / "studio-apply-refused.png"), full_page=True)
    assert not Studio.objects.exists()

    # With the honours on record, the same application goes through.
    Honour.objects.create(
        teacher=world.teacher_a, kind="personal", title="深圳市优秀班主任", level="city", awarded_on=dt.date(2021, 9, 1)
    )
    Honour.objects.create(
        teacher=world.teacher_a, kind="class", title="区先进班集体", level="county", awarded_on=dt.date(2022, 6, 1)
    )
    page.goto(f"{base}/studios/apply/")  # a fresh page: reloading would send the refused form again
    form = page.get_by_test_id("apply-form")
    # Honours now pass; research is declared in the form itself and checked when it is sent.
    expect(page.get_by_test_id("standard-check")).to_contain_text("个人班主任荣誉 · 符合")
    form.locator("input[name=name]").fill("向阳花名班主任工作室")
    form.locator("input[name=theme]").fill("小学家校共育")
    form.locator("textarea[name=plan]").fill("三年建设规划")
    form.locator("select[name=research_level]").select_option("city")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("studio-status")).to_have_text("已申报")
    studio = Studio.objects.get()

    # The bureau verifies the declared research (待核实 until then), checks the materials, records the
    # defence, scores, and approves.
    page.context.clear_cookies()
    sign_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/studios/{studio.uid}/")
    check = page.get_by_test_id("research-check-form")
    check.get_by_label("已核实（已查验结题证书或相关记录）").check()
    check.get_by_role("button", name="记录核实结果").click()
    panel = page.get_by_test_id("review-panel")
    expect(panel.get_by_test_id("rule-host.research")).to_have_attribute("data-state", "met")
    panel.locator("select[name=passed]").select_option("1")
    panel.get_by_role("button", name="记录", exact=True).click()
    expect(page.get_by_test_id("studio-status")).to_have_text("审核中")
    panel = page.get_by_test_id("review-panel")
    panel.locator("select[name=passed]").select_option("1")
    panel.locator("input[name=score]").first.fill("90")
    panel.get_by_role("button", name="记录").click()
    score = page.get_by_test_id("score-form")
    score.locator("input[name=score]").fill("150")
    score.get_by_role("button").click()
    expect(page.get_by_test_id("score-form")).to_contain_text("150")  # refused beside the field
    page.get_by_test_id("score-form").locator("input[name=score]").fill("91")
    page.get_by_test_id("score-form").get_by_role("button").click()
    studio.refresh_from_db()
    for reviewer in (world.admin, world.district_staff):
        services.review_score_submit(actor=User.objects.get(pk=reviewer.pk), studio=studio, score=Decimal(88))
    page.reload()
    decision = page.get_by_test_id("decision-form")
    decision.locator("select[name=approve]").select_option("1")
    decision.get_by_role("button").click()
    # A selected studio reads 已入选 on its page as in the bureau's exports.
    expect(page.get_by_test_id("studio-status")).to_have_text("已入选")

    # The team grows to the limit of 8 members; the host's ninth admission is refused.
    mentor = make_teacher(world.school_b, "导师甲")
    Membership.objects.create(studio=studio, role="mentor", teacher=mentor, status="active")
    for n in range(8):
        teacher = make_teacher(world.school_a2 if n else world.school_a, f"成员{n}", serving_since=dt.date(2016, 9, 1))
        Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    ninth = make_teacher(world.school_a2, "第九人", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=studio, role="member", teacher=ninth, status="applied", statement="申请加入")
    page.context.clear_cookies()
    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/studios/{studio.uid}/")
    page.get_by_test_id("pending-第九人").get_by_role("button", name="录取").click()
    expect(page.get_by_test_id("team-error")).to_contain_text("成员 9 人，超过上限 8 人")
    page.screenshot(path=str(artifacts / "studio-limit-refused.png"), full_page=True)

    # Bureau staff override with a written reason, start the cycle, and assess.
    page.context.clear_cookies()
    sign_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/studios/{studio.uid}/")
    pending = page.get_by_test_id("pending-第九人")
    pending.locator("input[name=override_reason]").first.fill("跨区交流试点，经局务会同意")
    pending.get_by_role("button", name="录取").click()
    expect(page.get_by_test_id("pending-第九人")).to_contain_text("主持人已录取")
    assert Membership.objects.get(teacher=ninth).override_reason == "跨区交流试点，经局务会同意"
    page.get_by_test_id("activate-form").get_by_role("button").click()
    expect(page.get_by_test_id("studio-status")).to_have_text("运行中")

    for year in ("2024", "2025"):
        form = page.get_by_test_id("assessment-form")
        form.locator("select[name=kind]").select_option("yearly")
        form.locator("input[name=year]").fill(year)
        form.locator("select[name=grade]").select_option("failed")
        form.get_by_role("button").click()
        if year == "2024":
            expect(page.get_by_test_id("yellow-card-notice")).to_be_visible()
    expect(page.get_by_test_id("revoked-notice")).to_be_visible()
    expect(page.get_by_test_id("studio-status")).to_have_text("已撤销")
    expect(page.get_by_test_id("history")).to_contain_text("黄牌警告 → 已撤销")
    page.screenshot(path=str(artifacts / "studio-revoked.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "studio-revoked-phone.png"), full_page=True)
