"""Honours panel: the bureau's new call offers only its own level; it adds a head teacher to the panel
by typing her name; once nominations close she, on a phone (375 px), finds the score sheet from her
home page's to-do and scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.certificates.models import Certificate
from hts.corps.honours import services
from hts.corps.honours.models import PanelMember, PanelScore
from hts.corps.models import CorpsPolicy
from hts.org.models import SchoolYear
from testkit import PASSWORD, World, make_teacher, make_user

TODAY = dt.date.today()


def test_a_panel_member_picked_by_name_finds_and_uses_the_score_sheet(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    CorpsPolicy.objects.create(region=world.city, qualification_required=True)
    year = SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=TODAY - dt.timedelta(days=100),
        ends_on=TODAY + dt.timedelta(days=200),
    )
    Certificate.objects.create(
        holder=world.teacher_a, kind="qualification", number="Q-1", issuer=world.district_a,
        issued_on=TODAY - dt.timedelta(days=10), valid_until=TODAY + dt.timedelta(days=900), evidence="培训合格",
    )  # fmt: skip
    chief = make_user("chief", teacher=make_teacher(world.school_a2, "徐海燕"))
    chief.full_name = "徐海燕"
    chief.save(update_fields=["full_name"])

    # The bureau, on a desktop: only its own level is offered.
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/corps/honours/new/")
    level = page.get_by_label("级别")
    expect(level.locator("option")).to_have_count(1)
    expect(level).to_have_value("county")
    page.screenshot(path=str(artifacts / "honours-new-level-1280.png"), full_page=True)
    call = services.call_create(
        actor=world.district_staff, region=world.district_a,
        data={"title": "县级优秀班主任", "school_year": year, "kind": "person", "level": "county", "places": 1,
              "nominations_until": TODAY + dt.timedelta(days=5), "review_until": TODAY + dt.timedelta(days=9),
              "objection_days": 5},
    )  # fmt: skip
    services.quota_set(actor=world.district_staff, call=call, school=world.school_a, places=1)
    page.goto(f"{live_server.url}/corps/honours/{call.uid}/")
    form = page.get_by_test_id("honours-panel-form")
    form.get_by_label("评审组成员（姓名或用户名）").fill("徐海燕")
    form.get_by_role("button", name="加入评审组").click()
    expect(page.get_by_test_id("honours-panel-list")).to_contain_text("徐海燕")
    assert PanelMember.objects.get().user == chief
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "honours-panel-by-name-1280.png"), full_page=True)
    page.context.clear_cookies()

    services.call_open(actor=world.district_staff, call=call)
    services.nominate(
        actor=world.school_staff, call=call, school=world.school_a, statement="x", teacher=world.teacher_a
    )
    services.call_close_nominations(actor=world.district_staff, call=call)

    # The panel member, on a phone: from the home page's to-do to the score sheet.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "chief", PASSWORD)
    todos = page.get_by_test_id("home-todos")
    expect(todos).to_contain_text("县级优秀班主任")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "honours-panel-home-375.png"), full_page=True)
    todos.get_by_role("link").first.click()
    page.wait_for_url(f"{live_server.url}/corps/honours/{call.uid}/score/")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "honours-panel-score-375.png"), full_page=True)
    page.goto(f"{live_server.url}/corps/honours/mine/")
    expect(page.get_by_test_id("honours-scoring")).to_contain_text("县级优秀班主任")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "honours-panel-mine-375.png"), full_page=True)
    assert not PanelScore.objects.exists()
