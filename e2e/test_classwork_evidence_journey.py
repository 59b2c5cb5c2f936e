"""A rater, on a phone (375 px), scores a head teacher in this month's round: the sheet proposes the
class work log's items (001 附件2 7, 10) and the records behind them open from the sheet, pupils masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.classwork.models import ClassworkPolicy, Kind, LogEntry, Pupil
from hts.evaluation.rounds.models import EvaluationRound, Rater, Subject
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.rubrics.models import RubricVersion
from hts.org.models import SchoolYear, Semester
from hts.studios.policy_templates import ganyu
from testkit import PASSWORD, World


def test_a_rater_sees_the_log_proposals_with_their_records(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    install_builtin(apps)  # a live-server test starts with the built-in rubrics flushed
    today = dt.date.today()
    year = SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=today - dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=200),
    )
    semester = Semester.objects.create(
        school_year=year, kind="autumn", starts_on=today - dt.timedelta(days=80), ends_on=today + dt.timedelta(days=60)
    )
    ClassworkPolicy.objects.create(region=world.city, **ganyu.CLASSWORK)
    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)
    Pupil.objects.create(school_class=world.class_a, name="刘子轩", gender="M")
    for kind, title, extra in (
        (Kind.BLACKBOARD, "迎国庆", {}),
        (Kind.HOME_VISIT, "", {"pupil": pupil, "visit_mode": "phone", "notes": "奶奶照顾"}),
    ):
        LogEntry.objects.create(
            school_class=world.class_a, semester=semester, kind=kind, on=today, title=title, **extra
        )
    rnd = EvaluationRound.objects.create(
        title="本月班主任工作考评", period="monthly", school_year=year, semester=semester, month=today.replace(day=1),
        school=world.school_a, region_path=world.school_a.region.path, status="open",
        version=RubricVersion.objects.get(rubric__builtin_code="ganyu", number=1), created_by=world.school_staff,
    )  # fmt: skip
    subject = Subject.objects.create(
        round=rnd, teacher=world.teacher_a, school=world.school_a, district_path=world.school_a.region.path
    )
    Rater.objects.create(round=rnd, user=world.school_staff)

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/rounds/{rnd.uid}/sheet/{subject.uid}/")
    proposals = page.get_by_test_id("proposal")
    expect(proposals.filter(has_text="黑板报每月应不少于1次")).to_have_count(1)
    expect(proposals.filter(has_text="家访1/2名学生")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "classwork-evidence-sheet-375.png"), full_page=True)

    page.get_by_test_id("sheet-evidence-link").click()
    expect(page.get_by_test_id("evidence-10")).to_contain_text("陈*雨、电话交流")
    expect(page.get_by_test_id("evidence-7")).to_contain_text("迎国庆")
    assert "陈小雨" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "classwork-evidence-375.png"), full_page=True)
