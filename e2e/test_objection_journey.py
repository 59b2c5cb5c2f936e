"""Publication (公示): the teacher opens 我的考评, sees the ranking and the items, raises an objection
with a reason; the organiser upholds it with a correction; the teacher sees the corrected total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.evaluation.rounds.models import Rater, Subject
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import add_subject, make_round, publish_by_hand, score_all
from testkit import PASSWORD, World, make_teacher, make_user

SHOTS = Path("/tmp/shots")  # noqa: S108


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"evaluation_{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_teacher_objects_and_the_organiser_upholds(page: Page, live_server: Any, world: World) -> None:
    # Irreversible steps ask first (data-confirm); this journey answers yes.
    page.on("dialog", lambda dialog: dialog.accept())
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    rnd = make_round(world, status="open")
    others = [make_teacher(world.school_a, name) for name in ("赵老师", "钱老师")]
    subjects = [add_subject(rnd, teacher) for teacher in (world.teacher_a, *others)]
    raters = [
        Rater.objects.create(round=rnd, user=world.school_staff),
        Rater.objects.create(round=rnd, user=make_user("rater2", teacher=make_teacher(world.school_a, "孙组长"))),
    ]
    for subject, share in zip(subjects, ("0.7", "0.8", "0.5"), strict=True):
        for rater in raters:
            score_all(rnd, rater, subject, Decimal(share))
    publish_by_hand(rnd)
    rnd.objections_until = dt.date.today() + dt.timedelta(days=3)
    rnd.save(update_fields=["objections_until"])
    mine = Subject.objects.get(round=rnd, teacher=world.teacher_a)
    item = rnd.version.items.get(number=17)

    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.locator("a[href='/evaluation/mine/']").first.click()
    page.get_by_test_id("my-evaluations").get_by_role("link", name=rnd.title).click()
    expect(page.get_by_test_id("rank-school")).to_have_text("2")
    expect(page.get_by_test_id("result-items")).to_contain_text("评委2")
    expect(page.get_by_test_id("result-items")).not_to_contain_text("rater2")
    expect(page.get_by_test_id("item-17")).to_be_visible()
    before = page.get_by_test_id("total").inner_text()
    _shots(page, "result")
    form = page.get_by_test_id("objection-form")
    form.locator("[name=item]").select_option(str(item.pk))
    form.locator("[name=reason]").fill("第17项：本学期区级论文获奖未计入")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("objection-status")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "school", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/rounds/{rnd.uid}/objections/")
    listing = page.get_by_test_id("objection-list")
    expect(listing).to_contain_text("本学期区级论文获奖未计入")
    _shots(page, "objections")
    listing.get_by_role("link", name=world.teacher_a.name).click()
    page.get_by_test_id("objections").get_by_role("link").first.click()
    decide = page.get_by_test_id("decide-form")
    decide.locator("input[name=decision][value=upheld]").check()
    decide.locator("[name=new_points]").fill(str(item.max_points))
    decide.locator("[name=outcome]").fill("经核实，论文获奖证书有效，补计满分")
    decide.locator("button[type=submit]").click()
    expect(page.get_by_test_id("objection-list")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    mine.refresh_from_db()
    expect(page.get_by_test_id("total")).to_have_text(str(mine.total))
    assert page.get_by_test_id("total").inner_text() != before
    expect(page.get_by_test_id("corrections")).to_contain_text("补计满分")
    expect(page.get_by_test_id("rank-school")).to_have_text(str(mine.rank_in_school))
    _shots(page, "corrected")
