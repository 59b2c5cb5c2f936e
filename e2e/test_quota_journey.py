"""A month with no offline study shows on the bureau's quota matrix as a shortfall."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.activities.models import Activity
from hts.core.workflow import log_transition
from hts.studios import services
from hts.studios.models import Studio
from testkit import PASSWORD, World, make_school_year


def test_a_missed_month_shows_as_a_shortfall(page: Page, live_server: Any, world: World, artifacts: Path) -> None:
    make_school_year(world.city, 2025)
    batch = services.batch_create(
        actor=world.city_staff,
        region=world.city,
        name="第二批",
        tier="city",
        start_year=2025,
        cycle_years=None,
        template="shenzhen",
    )
    studio = Studio.objects.create(
        batch=batch,
        name="向阳花工作室",
        stage="primary",
        theme="t",
        plan="p",
        host=world.teacher_a,
        host_school=world.school_a,
        status="active",
    )
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=timezone.make_aware(dt.datetime(2025, 9, 1, 9)))
    starts = timezone.make_aware(dt.datetime(2025, 9, 12, 8, 30))
    Activity.objects.create(
        studio=studio,
        kind="collective_study",
        title="九月集体研修",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="厅",
    )

    sign_in(page, live_server.url, "city", PASSWORD)
    page.goto(f"{live_server.url}/activities/quotas/?month=2025-10")
    row = page.get_by_test_id("matrix-row-向阳花工作室")
    expect(row).to_have_class("table-warning")
    expect(row.locator("td.table-danger").first).to_contain_text("✗")
    page.screenshot(path=str(artifacts / "quota-matrix.png"), full_page=True)
    page.goto(f"{live_server.url}/activities/quotas/?month=2025-09")
    september = page.get_by_test_id("matrix-row-向阳花工作室")
    expect(september.locator("td").nth(1)).to_contain_text("✓")
