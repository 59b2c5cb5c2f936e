"""The assignment step as a school sees it after the trial's fixes: an applicant left unplaced because
the grade she chose is full is flagged, a certificate lapsing mid-term is a warning, and a change with
its reason shows in the history (desktop and 375 px)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.corps.appointment.models import Application, Post
from hts.corps.certificates.models import Certificate
from hts.corps.tests.test_appointment import Story
from hts.corps.tests.test_appointment_fix7 import _to_assigning
from hts.evaluation.rubrics.builtin import install_builtin
from testkit import PASSWORD, World


def test_the_school_sees_who_is_unplaced_and_why(page: Page, live_server: Any, world: World, artifacts: Any) -> None:
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    story = Story(world)
    Certificate.objects.filter(holder=story.young).update(valid_until=dt.date(2028, 1, 11))
    one = (1,)
    rnd = _to_assigning(story, {story.young.pk: one, story.senior.pk: one, story.young2.pk: one, story.middle.pk: (2,)})
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "school", PASSWORD)
    page.goto(f"{base}/corps/appointment/round/{rnd.uid}/")
    expect(page.get_by_test_id("appointment-unplaced")).to_contain_text("青年乙")
    expect(page.get_by_test_id("appointment-unplaced")).to_contain_text("所报年级已满")
    expect(page.get_by_test_id("check-warning").first).to_contain_text("2028-01-11")
    form = page.get_by_test_id("appointment-adjust-form")
    empty = Post.objects.get(round=rnd, assignment__isnull=True)
    form.locator('select[name="post"]').select_option(str(empty.pk))
    young2 = Application.objects.get(round=rnd, teacher=story.young2)
    form.locator('select[name="application"]').select_option(str(young2.pk))
    form.locator('[name="reason"]').fill("本人同意改任二年级")
    form.get_by_role("button", name="调整搭配").click()
    expect(page.get_by_test_id("outside-choices")).to_contain_text("不在所报年级")
    expect(page.get_by_test_id("appointment-log")).to_contain_text("理由：本人同意改任二年级")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "appointment-fix7-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    page.screenshot(path=str(artifacts / "appointment-fix7-375.png"), full_page=True)
