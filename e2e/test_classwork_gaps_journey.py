"""A head teacher on a phone (375 px) corrects a log entry, deletes one after the confirm page, opens a
past semester (read-only, its missed months listed) and adds a parent's contact for home visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.classwork.models import ClassworkPolicy, LogEntry, Pupil, PupilContact
from hts.org.models import SchoolYear, Semester
from testkit import PASSWORD, World


def test_a_head_teacher_corrects_deletes_and_looks_back(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    today = dt.date.today()
    year = SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=today - dt.timedelta(days=300),
        ends_on=today + dt.timedelta(days=200),
    )
    now = Semester.objects.create(
        school_year=year, kind="autumn", starts_on=today - dt.timedelta(days=50), ends_on=today + dt.timedelta(days=60)
    )
    past = Semester.objects.create(
        school_year=year,
        kind="spring",
        starts_on=today - dt.timedelta(days=250),
        ends_on=today - dt.timedelta(days=100),
    )
    ClassworkPolicy.objects.create(region=world.city, theme_meetings_a_month=1, blackboard_issues_a_month=1)
    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)
    kept = LogEntry.objects.create(
        school_class=world.class_a, semester=now, kind="theme_meeting", on=today, title="安全伴我行", notes="讨论"
    )
    LogEntry.objects.create(school_class=world.class_a, semester=now, kind="blackboard", on=today, title="写错了")
    LogEntry.objects.create(
        school_class=world.class_a, semester=past, kind="blackboard", on=past.starts_on, title="上学期板报"
    )

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}/classwork/class/{world.class_a.uid}/")
    entries = page.get_by_test_id("classwork-entries")
    entries.get_by_role("listitem").filter(has_text="安全伴我行").get_by_role("link", name="修改或删除").click()
    form = page.get_by_test_id("classwork-entry-form")
    form.get_by_label("主题").fill("安全伴我行（续）")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("classwork-entries")).to_contain_text("安全伴我行（续）")
    assert LogEntry.objects.get(pk=kept.pk).title == "安全伴我行（续）"

    entries.get_by_role("listitem").filter(has_text="写错了").get_by_role("link", name="修改或删除").click()
    page.get_by_test_id("classwork-entry-delete").click()
    expect(page.get_by_test_id("classwork-delete-form")).to_contain_text("确定删除吗")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "classwork-delete-375.png"), full_page=True)
    page.get_by_test_id("classwork-delete-form").get_by_role("button", name="删除").click()
    expect(page.get_by_test_id("classwork-entries")).not_to_contain_text("写错了")

    choice = page.get_by_test_id("classwork-semester-choice")
    choice.get_by_label("学期").select_option(value=str(past.uid))
    choice.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("classwork-closed")).to_contain_text("日志只读")
    expect(page.get_by_test_id("classwork-entries")).to_contain_text("上学期板报")
    expect(page.get_by_test_id("classwork-missed")).to_be_visible()
    expect(page.get_by_test_id("classwork-kinds")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "classwork-past-semester-375.png"), full_page=True)

    page.goto(f"{live_server.url}/classwork/class/{world.class_a.uid}/pupils/")
    page.get_by_test_id("classwork-contact").get_by_role("link", name="添加联系人").click()
    expect(page.get_by_test_id("classwork-contact-purpose")).to_contain_text("仅用于安排该生的家访")
    form = page.get_by_test_id("classwork-contact-form")
    form.get_by_label("家长姓名").fill("陈父")
    form.get_by_label("家长手机号").fill("13900001111")
    page.screenshot(path=str(artifacts / "classwork-contact-375.png"), full_page=True)
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("classwork-contact")).to_contain_text("13900001111")
    assert PupilContact.objects.get(pupil=pupil).phone == "13900001111"
    assert serious_accessibility_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "classwork-pupils-desktop.png"), full_page=True)
