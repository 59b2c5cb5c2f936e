"""Essay contest (issue 16 point 7): a judge finds the essays from the contest page's to-do and scores one
on evaluation's sheet, seeing its code and never its author's name or school; then, on a phone (375 px),
scores another."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.rubrics.models import RubricVersion
from hts.portal.contest import services
from hts.portal.contest.models import Contest, Entry, EntryScore
from testkit import PASSWORD, World, make_teacher, make_user

TODAY = dt.date.today()


def _judging(world: World) -> tuple[Contest, Any]:
    install_builtin(apps)
    contest = services.contest_create(
        actor=world.district_staff, region=world.district_a,
        data={"title": "班主任工作征文", "theme": "我的带班故事", "categories": "论文\n案例",
              "opens_on": TODAY - dt.timedelta(days=5), "closes_on": TODAY + dt.timedelta(days=5),
              "judging_until": TODAY + dt.timedelta(days=20), "publicity_days": 5, "entries_per_author": 1,
              "version": RubricVersion.objects.get(rubric__builtin_code="essay"), "combination": "mean",
              "first_prizes": 1, "second_prizes": 1, "third_prizes": 1},
    )  # fmt: skip
    judge = make_user("judge", teacher=make_teacher(world.school_a2, "评委甲"))
    services.judge_add(actor=world.district_staff, contest=contest, user=judge)
    services.contest_open(actor=world.district_staff, contest=contest)
    other = make_user("author2", teacher=make_teacher(world.school_a2, "周晓燕", serving_since=dt.date(2018, 9, 1)))
    for user, title, category in ((world.teacher_user, "润物无声", "论文"), (other, "班会的力量", "案例")):
        services.entry_save(
            actor=user, contest=contest, data={"category": category, "title": title, "body": "<p>带班的故事。</p>"}
        )
    Contest.objects.filter(pk=contest.pk).update(
        opens_on=TODAY - dt.timedelta(days=20), closes_on=TODAY - dt.timedelta(days=1)
    )
    contest.refresh_from_db()
    services.judging_open(actor=world.district_staff, contest=contest)
    return contest, judge


def _score(page: Page, points: list[str]) -> None:
    boxes = page.locator("input.sheet-points")
    expect(boxes).to_have_count(4)
    for box, value in zip(boxes.all(), points, strict=True):
        box.fill(value)
    page.get_by_test_id("sheet-save").click()


def test_a_judge_scores_an_anonymous_essay_on_desktop_and_phone(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    contest, _judge = _judging(world)
    secrets = ["李红", "周晓燕", "福田实验小学", "福田中学"]
    sign_in(page, live_server.url, "judge", PASSWORD)
    page.goto(f"{live_server.url}/contest/")
    todo = page.get_by_test_id("contest-todos")
    expect(todo).to_contain_text("班主任工作征文")
    todo.get_by_role("link").first.click()
    page.wait_for_url(f"{live_server.url}/contest/{contest.uid}/judge/")
    sheets = page.get_by_test_id("judge-sheets")
    first = Entry.objects.get(title="润物无声")
    expect(sheets).to_contain_text(first.code)
    for secret in secrets:
        assert secret not in page.content()
    sheets.get_by_role("link", name=first.code).click()
    expect(page.get_by_test_id("essay-code")).to_contain_text(first.code)
    for secret in secrets:
        assert secret not in page.content()
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "contest-judge-sheet-1280.png"), full_page=True)
    _score(page, ["20", "30", "15", "18"])
    page.wait_for_url(f"{live_server.url}/contest/{contest.uid}/judge/")
    expect(page.get_by_role("alert").first).to_contain_text(first.code)
    assert EntryScore.objects.filter(entry=first).count() == 4

    # On a phone: the other essay, one column, no sideways scrolling.
    page.set_viewport_size({"width": 375, "height": 812})
    second = Entry.objects.get(title="班会的力量")
    page.get_by_test_id("judge-sheets").get_by_role("link", name=second.code).click()
    expect(page.get_by_test_id("essay-code")).to_contain_text(second.code)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for secret in secrets:
        assert secret not in page.content()
    page.screenshot(path=str(artifacts / "contest-judge-sheet-375.png"), full_page=True)
    _score(page, ["22", "31", "16", "17"])
    page.wait_for_url(f"{live_server.url}/contest/{contest.uid}/judge/")
    expect(page.get_by_test_id("judge-sheets")).to_contain_text("已评")
    page.screenshot(path=str(artifacts / "contest-judge-index-375.png"), full_page=True)
    assert EntryScore.objects.filter(entry=second).count() == 4


def test_the_organiser_publishes_and_the_public_page_lists_the_winners(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    contest, judge = _judging(world)
    for entry, total in ((Entry.objects.get(title="润物无声"), 90), (Entry.objects.get(title="班会的力量"), 80)):
        left = total
        for item in contest.version.items.order_by("number"):
            given = min(int(item.max_points), left)
            EntryScore.objects.create(entry=entry, judge=contest.judges.get(), item=item, points=given)
            left -= given
    sign_in(page, live_server.url, "district", PASSWORD)
    page.goto(f"{live_server.url}/contest/{contest.uid}/manage/")
    expect(page.get_by_test_id("judging-progress")).to_contain_text("2 / 2")
    assert "李红" not in page.content()
    page.get_by_test_id("step-publish").click()
    expect(page.get_by_test_id("contest-results")).to_contain_text("李红")
    expect(page.get_by_test_id("contest-status")).to_contain_text("公示")
    Contest.objects.filter(pk=contest.pk).update(objections_until=TODAY - dt.timedelta(days=1))
    page.reload()
    page.get_by_test_id("step-finalise").click()
    expect(page.get_by_test_id("contest-status")).to_contain_text("结果已确定")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "contest-manage-final-1280.png"), full_page=True)
    page.context.clear_cookies()
    # A visitor, on a phone: the winners, no sign-in.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/contest/{contest.uid}/")
    winners = page.get_by_test_id("contest-winners")
    expect(winners).to_contain_text("润物无声")
    expect(winners).to_contain_text("一等奖")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "contest-public-375.png"), full_page=True)
    assert judge is not None
