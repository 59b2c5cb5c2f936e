"""A letter accepted for a term to come, in a browser: the appointee accepts on a phone (375 px); until
the term's first day the class list (desktop) still names the present head teacher, and the appointee
still heads the class they had; the daily `start_appointed_terms` on that day hands the class over and
takes the appointee off their former class."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Letter, Post
from hts.org.models import HeadTeacherService, SchoolClass
from testkit import PASSWORD, World, make_teacher, make_user

TERM_FROM, TERM_TO = dt.date(2027, 9, 1), dt.date(2029, 8, 31)


def _letter(world: World) -> tuple[SchoolClass, SchoolClass]:
    """A round at its letters: 一年级1班, headed by 老教师丙, goes to 青年甲, who heads 三年级2班 until then."""
    school = world.school_a
    outgoing = make_teacher(school, "老教师丙", birth_year=1970)
    young = make_teacher(school, "青年甲", birth_year=1998)
    make_user("young", teacher=young)
    posted = SchoolClass.objects.create(school=school, stage="primary", grade=1, name="1班", head_teacher=outgoing)
    former = SchoolClass.objects.create(school=school, stage="primary", grade=3, name="2班", head_teacher=young)
    HeadTeacherService.objects.create(
        teacher=outgoing, school=school, school_class=posted, started_on=dt.date(2015, 9, 1)
    )
    HeadTeacherService.objects.create(teacher=young, school=school, school_class=former, started_on=dt.date(2025, 9, 1))
    rnd = AppointmentRound.objects.create(
        school=school, title="2027学年班主任竞聘", term_from=TERM_FROM, term_to=TERM_TO,
        status=AppointmentRound.Status.LETTERS, objections_until=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    post = Post.objects.create(round=rnd, school_class=posted)
    application = Application.objects.create(
        round=rnd, teacher=young, status=Application.Status.QUALIFIED, teaching_years=3, subject_taught="语文",
        reasons="热爱班主任工作", plans="建设积极向上的班集体", preferred_grades=[1],
        checks=[{"key": "failure", "label": "近一学年无考核不合格", "ok": True, "detail": "无经确认的年度考核不合格。"}],
        speech_score=Decimal(90), rating_score=Decimal(88), combined=Decimal("89.4"),
    )  # fmt: skip
    Assignment.objects.create(round=rnd, post=post, application=application, reason="平台建议")
    Letter.objects.create(round=rnd, application=application, school_class=posted, number="PS-2027-001")
    return posted, former


def _class_rows(page: Page, base: str) -> dict[str, str]:
    page.goto(f"{base}/org/classes/")
    rows = page.locator("main tbody tr")
    cells = [rows.nth(i).locator("td") for i in range(rows.count())]
    return {row.nth(1).inner_text(): row.nth(3).inner_text() for row in cells}


def test_a_letter_for_a_term_to_come_hands_the_class_over_on_its_first_day(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    base = live_server.url
    posted, former = _letter(world)
    assert timezone.localdate() < TERM_FROM

    # The appointee accepts on a phone.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, base, "young", PASSWORD)
    page.goto(f"{base}/corps/appointment/mine/")
    page.get_by_test_id("mine-applications").get_by_role("link").first.click()
    page.get_by_test_id("accept-letter").click()
    expect(page.get_by_test_id("application-letter")).to_contain_text("受聘时间")
    expect(page.locator("main")).to_contain_text("2027-09-01")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "term-start-accepted-375.png"), full_page=True)

    # Before the term: the class list still names 老教师丙 on 一年级1班 and 青年甲 on 三年级2班.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "school", PASSWORD)
    before = _class_rows(page, base)
    assert (before[str(posted)], before[str(former)]) == ("老教师丙", "青年甲"), before
    page.screenshot(path=str(artifacts / "term-start-before-1280.png"), full_page=True)
    call_command("start_appointed_terms", "--now", "--date", "2027-08-31", stdout=io.StringIO())
    assert _class_rows(page, base)[str(posted)] == "老教师丙"

    # The term's first day: the daily step hands 一年级1班 over; 三年级2班 awaits its next head teacher.
    out = io.StringIO()
    call_command("start_appointed_terms", "--now", "--date", str(TERM_FROM), stdout=out)
    assert out.getvalue().startswith("1 ")
    after = _class_rows(page, base)
    assert (after[str(posted)], after[str(former)]) == ("青年甲", "—"), after
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "term-start-after-1280.png"), full_page=True)

    # On a phone the same list reads the same, and the appointee's profile names the new class's term.
    page.set_viewport_size({"width": 375, "height": 812})
    assert _class_rows(page, base)[str(posted)] == "青年甲"
    page.screenshot(path=str(artifacts / "term-start-after-375.png"), full_page=True)
    young = Letter.objects.select_related("application__teacher").get().application.teacher
    page.goto(f"{base}/org/teachers/{young.uid}/")
    expect(page.locator("main")).to_contain_text("2027-09-01")
    page.screenshot(path=str(artifacts / "term-start-profile-375.png"), full_page=True)
