"""The school office records a young teacher as a class's assistant (the class's deputy), ends the post
after confirming, and, on a phone (375 px), is refused a new head teacher short of the trainee year with
the rule named, then assigns them anyway with a written reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Dialog, Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.models import CorpsPolicy
from hts.corps.trainee.demo import months_before
from hts.corps.trainee.models import TraineePost
from hts.org.models import AssignmentOverride, SchoolClass
from testkit import PASSWORD, World, make_teacher

TODAY = dt.date.today()


def test_the_office_records_posts_and_is_refused_a_head_teacher_short_of_the_trainee_year(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    CorpsPolicy.objects.create(region=world.city, trainee_months=12)
    young = make_teacher(world.school_a, "周新", birth_year=2000)
    TraineePost.objects.create(school_class=world.class_a, teacher=young, kind="trainee",
                               started_on=months_before(TODAY, 11), ended_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/corps/trainee/")
    form = page.get_by_test_id("corps-trainee-form")
    form.get_by_label("班级").select_option(label="三年级1班")
    form.get_by_label("教师").select_option(label="周新")
    form.get_by_label("职务").select_option(label="班主任助理")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    form.get_by_role("button", name="记录").click()
    posts = page.get_by_test_id("corps-trainee-posts")
    expect(posts).to_contain_text("班主任助理")
    expect(posts).to_contain_text("11 / 12")
    assert "副班主任" in questions[0]
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "trainee-school-1280.png"), full_page=True)
    assert SchoolClass.objects.get(pk=world.class_a.pk).deputy == young

    page.once("dialog", lambda dialog: dialog.accept() if isinstance(dialog, Dialog) else None)
    posts.get_by_role("button", name="结束").click()
    expect(page.get_by_text("该任职已结束。")).to_be_visible()
    assert SchoolClass.objects.get(pk=world.class_a.pk).deputy is None

    # On a phone: the class form refuses 周新 as head teacher, naming the rule, then takes a reason.
    page.set_viewport_size({"width": 375, "height": 812})
    new_class = SchoolClass.objects.create(school=world.school_a, stage="primary", grade=4, name="2班")
    page.goto(f"{live_server.url}/org/classes/{new_class.uid}/edit/")
    page.get_by_label("班主任", exact=True).select_option(label="周新")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("见习期规定（001 二 4）", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "trainee-refused-375.png"), full_page=True)
    page.get_by_label("破格任用理由").fill("原班主任病休，经校务会研究临时担任")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存", exact=False)).to_be_visible()
    assert AssignmentOverride.objects.get().reason == "原班主任病休，经校务会研究临时担任"
    page.goto(f"{live_server.url}/corps/trainee/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "trainee-school-375.png"), full_page=True)
