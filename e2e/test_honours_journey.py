"""Honours: a school nominates on its page (an ineligible teacher refused with the rule named); after the
panel, the nominee on a phone (375 px) sees the list in 公示 and another teacher raises an objection;
the bureau decides it on the call's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.certificates.models import Certificate
from hts.corps.honours import services
from hts.corps.honours.models import HonourCall, HonourObjection, Nomination, PanelMember
from hts.corps.models import CorpsPolicy
from hts.org.models import SchoolYear
from testkit import PASSWORD, World, make_teacher, make_user

TODAY = dt.date.today()


def test_nominate_publish_object_and_decide(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    CorpsPolicy.objects.create(region=world.city, qualification_required=True, failing_year_blocks_honours=True)
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
    make_teacher(world.school_a, "孙无证", serving_since=TODAY - dt.timedelta(days=900))
    call = services.call_create(
        actor=world.district_staff, region=world.district_a,
        data={"title": "县级优秀班主任", "school_year": year, "kind": "person", "level": "county", "places": 1,
              "nominations_until": TODAY + dt.timedelta(days=5), "review_until": TODAY + dt.timedelta(days=9),
              "objection_days": 5},
    )  # fmt: skip
    services.quota_set(actor=world.district_staff, call=call, school=world.school_a, places=2)
    services.panel_add(actor=world.district_staff, call=call, user=world.district_staff)
    services.call_open(actor=world.district_staff, call=call)

    # The school's office, on a desktop.
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/corps/honours/")
    page.get_by_test_id("honours-quotas").get_by_role("link", name="县级优秀班主任").click()
    expect(page.get_by_test_id("honours-candidates")).to_contain_text("孙无证")
    form = page.get_by_test_id("honours-nominate-form")
    form.get_by_label("班主任").select_option(label="孙无证")
    form.get_by_label("事迹").fill("带班认真")
    form.get_by_role("button", name="推荐").click()
    expect(page.locator("body")).to_contain_text("不符合参评条件")
    form = page.get_by_test_id("honours-nominate-form")
    form.get_by_label("班主任").select_option(label="李红")
    form.get_by_label("事迹").fill("班级管理成绩突出，家校沟通扎实。")
    form.get_by_role("button", name="推荐").click()
    expect(page.get_by_test_id("honours-school-nominations")).to_contain_text("李红")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "honours-nominate-1280.png"), full_page=True)
    page.context.clear_cookies()

    call.refresh_from_db()
    services.call_close_nominations(actor=world.district_staff, call=call)
    nomination = Nomination.objects.get()
    services.score_save(actor=world.district_staff, nomination=nomination, points=92)
    services.call_publish(actor=world.district_staff, call=call)
    assert PanelMember.objects.count() == 1

    # The nominee, on a phone, sees where they stand.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/corps/honours/mine/")
    expect(page.get_by_test_id("honours-mine")).to_contain_text("公示名单内")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "honours-mine-375.png"), full_page=True)
    page.context.clear_cookies()

    # Another teacher of the district objects on the public notice.
    make_user("qian", teacher=make_teacher(world.school_a2, "钱多"))
    sign_in(page, live_server.url, "qian", PASSWORD)
    page.goto(f"{live_server.url}/corps/honours/{call.uid}/notice/")
    page.get_by_text("提出异议").click()
    page.get_by_label("异议").fill("请核实带班年限。")
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator("body")).to_contain_text("异议已提交")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "honours-notice-375.png"), full_page=True)
    page.context.clear_cookies()

    # The bureau decides it.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/corps/honours/{call.uid}/")
    objections = page.get_by_test_id("honours-objections")
    objections.get_by_label("处理结果").select_option(value="0")
    objections.get_by_label("理由").fill("经核实，带班满三年。")
    page.once("dialog", lambda dialog: dialog.accept())  # the decision cannot be changed: confirmed
    objections.get_by_role("button", name="提交决定").click()
    expect(page.get_by_test_id("honours-objections")).to_contain_text("经核实")
    assert HonourObjection.objects.get().status == "dismissed"
    assert HonourCall.objects.get().status == "publicity"
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "honours-call-1280.png"), full_page=True)
