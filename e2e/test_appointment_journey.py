"""A school runs a competitive appointment from posts to letters (desktop); an applicant applies and
accepts the letter on a phone (375 px)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import translation
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.appointment import selectors, services
from hts.corps.appointment.models import Application, AppointmentRound
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.evaluation.democratic.services import rating_respond, rating_tokens_issue
from hts.evaluation.rounds.models import Rater, Score
from hts.evaluation.rubrics.builtin import install_builtin
from hts.org.models import HeadTeacherService, SchoolClass
from testkit import PASSWORD, World, make_school_year, make_teacher, make_user


def _phone(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, base, username, PASSWORD)


def _desktop(page: Page, base: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "school", PASSWORD)


def test_a_school_runs_an_appointment_from_posts_to_letters(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url
    school = world.school_a
    CorpsPolicy.objects.create(region=world.city, qualification_required=True)
    make_school_year(world.city, 2027)
    for name in ("1班", "2班"):
        SchoolClass.objects.create(school=school, stage="primary", grade=1, name=name)
    young = make_teacher(school, "青年甲", birth_year=1998)
    senior = make_teacher(school, "老教师丙", birth_year=1970, serving_since=dt.date(2005, 9, 1))
    for teacher in (young, senior):
        Certificate.objects.create(
            holder=teacher, kind="qualification", number=f"Q-{teacher.pk}", issuer=world.district_a,
            issued_on=dt.date(2026, 6, 1), valid_until=dt.date(2029, 6, 1), evidence="县岗前培训合格",
        )  # fmt: skip
    make_user("young", teacher=young)
    senior_user = make_user("senior", teacher=senior)
    make_user("panel", teacher=make_teacher(school, "评委老师"))
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    version = selectors.default_speech_version()
    assert version is not None

    # 1. School staff publish the posts.
    _desktop(page, base)
    page.goto(f"{base}/corps/appointment/")
    form = page.get_by_test_id("appointment-new")
    form.get_by_label("名称").fill("2027学年班主任竞聘")
    form.get_by_label("聘期自").fill("2027-09-01")
    form.get_by_label("聘期至").fill("2029-08-31")
    form.get_by_role("button", name="创建").click()
    posts = page.get_by_test_id("appointment-posts-form")
    posts.get_by_label("一年级1班").check()
    posts.get_by_label("一年级2班").check()
    posts.get_by_role("button", name="添加岗位").click()
    expect(page.get_by_test_id("appointment-posts")).to_contain_text("一年级2班")
    page.get_by_test_id("step-publish_posts").click()
    expect(page.get_by_test_id("appointment-status")).to_have_text("个人申报")
    rnd = AppointmentRound.objects.get()

    # 2. The young teacher applies on a phone.
    _phone(page, base, "young")
    page.goto(f"{base}/corps/appointment/mine/")
    page.get_by_test_id("mine-apply").click()
    apply = page.get_by_test_id("apply-form")
    apply.get_by_label("教龄（年）").fill("3")
    apply.get_by_label("任教学科").fill("语文")
    apply.get_by_label("申报理由").fill("热爱班主任工作，愿与学生共同成长。")
    apply.get_by_label("班级工作设想").fill("以养成教育为抓手，建设积极向上的班集体。")
    apply.get_by_label("第一志愿").select_option(label="一年级")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    apply.get_by_role("button", name="提交申报").click()
    expect(page.get_by_test_id("application-form")).to_contain_text("以养成教育为抓手")
    page.screenshot(path=str(artifacts / "appointment-application-375.png"), full_page=True)
    services.application_submit(
        actor=senior_user, rnd=rnd,
        data={"teaching_years": 30, "subject_taught": "数学", "reasons": "经验丰富", "plans": "带好新生",
              "record": "", "preferred_grades": [1]},
    )  # fmt: skip

    # 3–5. Staff close the applications, open the speeches, schedule one.
    _desktop(page, base)
    page.goto(f"{base}/corps/appointment/round/{rnd.uid}/")
    page.get_by_test_id("step-close_applications").click()
    expect(page.get_by_test_id("appointment-applications")).to_contain_text("持有效任职资格证")
    speech = page.get_by_test_id("appointment-speech-form")
    # The built-in speech rubric is the default, shown with its version and date.
    with translation.override("zh-hans"):
        label = version.picker_label()
    expect(speech.get_by_label("竞聘演讲评分细则").locator("option:checked")).to_have_text(label)
    speech.screenshot(path=str(artifacts / "appointment-speech-form-1280.png"))
    speech.get_by_label("panel").check()
    speech.get_by_role("button", name="开始竞聘演讲与民主测评").click()
    expect(page.get_by_test_id("appointment-status")).to_have_text("竞聘演讲与民主测评")
    expect(page.get_by_test_id("appointment-rating-link")).to_be_visible()
    row = page.get_by_test_id("appointment-applications").get_by_role("row").filter(has_text="青年甲")
    row.get_by_label("演讲时间").fill("2027-06-10T09:00")
    row.get_by_label("演讲地点").fill("学校报告厅")
    row.get_by_role("button", name="安排").click()
    expect(page.get_by_test_id("appointment-applications")).to_contain_text("学校报告厅")
    # The panel scores on evaluation's sheet and colleagues rate by their links (their own journeys).
    rnd.refresh_from_db()
    rater = Rater.objects.get(round=rnd.speech_round)
    for application in Application.objects.select_related("subject"):
        share = Decimal("0.9") if application.teacher == young else Decimal("0.8")
        for item in version.items.all():
            Score.objects.create(subject=application.subject, rater=rater, item=item, points=item.max_points * share)
    for issued in rating_tokens_issue(actor=world.school_staff, rating=rnd.rating, per_subject=3):  # type: ignore[arg-type]
        rating_respond(token=issued.token, mark=5)

    # 6. The proposal, one change with its reason, the published list.
    page.reload()
    page.get_by_test_id("step-close_scoring").click()
    expect(page.get_by_test_id("appointment-assignments")).to_contain_text("平台建议")
    adjust = page.get_by_test_id("appointment-adjust-form")
    adjust.get_by_label("岗位").select_option(label="一年级1班")
    adjust.get_by_label("申报人").select_option(index=2)
    adjust.get_by_label("理由").fill("两位老师互换，便于老教师带新生入学")
    adjust.get_by_role("button", name="调整搭配").click()
    expect(page.get_by_test_id("appointment-assignments")).to_contain_text("两位老师互换")
    page.get_by_test_id("step-publish_list").click()
    expect(page.get_by_test_id("appointment-status")).to_have_text("公布名单（公示）")
    expect(page.get_by_test_id("step-issue_letters")).to_be_disabled()

    # 7. After the objection period: the letters, in one batch.
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=dt.date.today() - dt.timedelta(days=1))
    page.reload()
    page.get_by_test_id("step-issue_letters").click()
    expect(page.get_by_test_id("appointment-letters")).to_contain_text("青年甲")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "appointment-round-1280.png"), full_page=True)

    # The appointee accepts on a phone: the service record for the term.
    _phone(page, base, "young")
    page.goto(f"{base}/corps/appointment/mine/")
    page.get_by_test_id("mine-applications").get_by_role("link").first.click()
    page.get_by_test_id("accept-letter").click()
    expect(page.get_by_test_id("application-letter")).to_contain_text("受聘时间")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "appointment-letter-375.png"), full_page=True)
    service = HeadTeacherService.objects.get(teacher=young)
    assert service.started_on == dt.date(2027, 9, 1) and service.ended_on == dt.date(2029, 8, 31)
