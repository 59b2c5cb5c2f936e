"""Issue 13, 3 and 8 in the browser: a summary created twice (a page left open in another tab) says it
exists and links to it, and its page names the months it lacks; the quota pages say why a cell is "—",
in a footnote a phone shows. Screenshots at desktop and phone widths go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.core.workflow import log_transition
from hts.evaluation.rounds import summaries
from hts.evaluation.rounds.models import Rater
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import add_subject, make_round, publish_by_hand, score_all
from hts.studios import services as studio_services
from hts.studios.models import Membership, Studio
from testkit import PASSWORD, World, make_school_year


def _shots(page: Page, artifacts: Path, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"periods-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_second_summary_links_to_the_first_which_names_its_missing_months(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    october = make_round(world, status="open")
    rater = Rater.objects.create(round=october, user=world.school_staff)
    score_all(october, rater, add_subject(october, world.teacher_a), Decimal("0.8"))
    publish_by_hand(october)
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/rounds/")
    # Meanwhile, in another tab, the yearly summary is made.
    first = summaries.summary_round_create(actor=world.school_staff, source=october, period="yearly")
    page.get_by_test_id("summary-yearly-create").click()
    expect(page.locator(".alert-danger")).to_contain_text("该汇总已存在")
    expect(page.get_by_test_id("round-missing-months")).to_contain_text("缺少：2026年9月、2026年11月")
    _shots(page, artifacts, "summary-exists")
    page.get_by_test_id("summary-exists").click()
    expect(page).to_have_url(f"{live_server.url}{first.get_absolute_url()}")
    expect(page.get_by_test_id("missing-months")).to_contain_text("缺少：2026年9月、2026年11月、2026年12月")
    _shots(page, artifacts, "summary-missing")


def test_the_quota_pages_say_why_a_cell_is_blank(page: Page, live_server: Any, world: World, artifacts: Path) -> None:
    make_school_year(world.city, 2025)
    batch = studio_services.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2025,
        cycle_years=None, template="shenzhen",
    )  # fmt: skip
    studio = Studio.objects.create(
        batch=batch, name="向阳花工作室", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=timezone.make_aware(dt.datetime(2025, 9, 1, 9)))
    sign_in(page, live_server.url, "city", PASSWORD)
    page.goto(f"{live_server.url}/activities/quotas/?month=2025-08")
    blank = page.get_by_test_id("quota-blank").first
    expect(blank).to_have_attribute("title", "早于工作室授牌、开始建设周期的日期（2025-09-01）。")
    expect(page.get_by_test_id("quota-notes")).to_contain_text("早于工作室授牌")
    _shots(page, artifacts, "matrix-before")
    page.goto(f"{live_server.url}/activities/quotas/?month=2026-08")
    expect(page.get_by_test_id("quota-notes")).to_contain_text("寒暑假期间")
    _shots(page, artifacts, "matrix-break")
    Studio.objects.filter(pk=studio.pk).update(status="revoked")
    page.goto(f"{live_server.url}/activities/studio/{studio.uid}/quotas/")
    expect(page.get_by_test_id("quota-notes")).to_contain_text("不再考核指标")
    _shots(page, artifacts, "studio-closed")
