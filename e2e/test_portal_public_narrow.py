"""The contest's public results on a phone (375 px, issue 16 trial): each winner is a card, no name
breaks across lines and the page does not scroll sideways; on a desktop the table keeps one line a name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.rubrics.models import RubricVersion
from hts.portal.contest.models import Contest, Entry
from testkit import World, make_teacher, make_user

TODAY = dt.date.today()

NAMES_WRAPPED = """() => [...document.querySelectorAll('[data-testid="contest-winners"] [data-name]')]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => el.getClientRects().length !== 1 || el.getBoundingClientRect().height
    > 1.6 * parseFloat(getComputedStyle(el).lineHeight || getComputedStyle(el).fontSize))
  .map((el) => el.textContent)"""


def _final_contest(world: World) -> Contest:
    install_builtin(apps)
    contest = Contest.objects.create(
        title="“我的带班故事”班主任工作征文", theme="我的班级", categories="论文\n案例", region=world.district_a,
        organiser_path=world.district_a.path, opens_on=TODAY - dt.timedelta(days=60),
        closes_on=TODAY - dt.timedelta(days=40), judging_until=TODAY - dt.timedelta(days=20),
        version=RubricVersion.objects.get(rubric__builtin_code="essay"), status="final", finalised_on=TODAY,
    )  # fmt: skip
    winners = [
        ("first", "润物无声：一个后进生转化的三年记录", "欧阳晓燕", world.school_a),
        ("second", "班会的力量", "司马明远", world.school_a2),
        ("third", "家校共育中的倾听与回应", "周晓燕", world.school_b),
    ]
    for rank, (prize, title, name, school) in enumerate(winners, start=1):
        author = make_teacher(school, name)
        Entry.objects.create(
            contest=contest, author=author, submitted_by=make_user(f"author{rank}", teacher=author), school=school,
            code=f"A-{rank:03d}", category="论文", title=title, rank=rank, prize=prize,
        )  # fmt: skip
    return contest


def test_the_contest_results_read_on_a_phone_without_broken_names(
    page: Page, live_server: Any, world: World, artifacts: Any
) -> None:
    contest = _final_contest(world)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/contest/{contest.uid}/")
    cards = page.get_by_test_id("contest-winners-cards")
    expect(cards).to_be_visible()
    expect(cards.locator("li")).to_have_count(3)
    expect(cards).to_contain_text("欧阳晓燕")
    assert page.evaluate(NAMES_WRAPPED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / "contest-public-cards-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(cards).to_be_hidden()
    table = page.get_by_test_id("contest-winners").locator("table")
    expect(table).to_be_visible()
    author_cells = table.locator("tbody td:nth-child(3)")
    for cell in author_cells.all():
        assert cell.evaluate("(el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).whiteSpace") == "nowrap"
    page.screenshot(path=str(artifacts / "contest-public-table-1280.png"), full_page=True)
