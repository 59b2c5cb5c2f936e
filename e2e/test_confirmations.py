"""Issue 13, point 21: 结束并合成结果 and 公示 ask before they act, as finalising does. In the browser
the question shows with what it will do; cancelling leaves the round as it was; accepting takes the
step. Screenshots of the round page at desktop and phone widths go to /tmp/shots."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from playwright.sync_api import Dialog, Page, expect

from e2e.conftest import sign_in
from hts.evaluation.rounds.models import EvaluationRound, Rater
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import add_subject, make_round, score_all
from testkit import PASSWORD, World, make_teacher

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the brief asks for the screenshots


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"confirm_{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _scored_round(world: World) -> EvaluationRound:
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    rnd = make_round(world, status="open")
    rater = Rater.objects.create(round=rnd, user=world.school_staff)
    for teacher in (world.teacher_a, make_teacher(world.school_a, "赵老师")):
        score_all(rnd, rater, add_subject(rnd, teacher), Decimal("0.8"))
    return rnd


def _answer(page: Page, button: str, accept: bool) -> list[str]:
    """Clicks the button, answers the question the page asks, and returns what it asked."""
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.once("dialog", answer)
    page.get_by_test_id(button).click()
    return asked


def _status(rnd: EvaluationRound) -> str:
    rnd.refresh_from_db()
    return rnd.status


def test_closing_and_publishing_ask_first_and_cancelling_changes_nothing(
    page: Page, live_server: Any, world: World
) -> None:
    rnd = _scored_round(world)
    base = live_server.url
    sign_in(page, base, "school", PASSWORD)
    page.goto(f"{base}{rnd.get_absolute_url()}")
    _shots(page, "round_open")

    asked = _answer(page, "round-close", accept=False)
    assert asked and asked[0].startswith("结束打分并合成结果？")
    page.wait_for_timeout(300)  # a submit, had there been one, would have left by now
    assert page.url.endswith(rnd.get_absolute_url())
    assert _status(rnd) == EvaluationRound.Status.OPEN
    expect(page.get_by_test_id("round-status")).to_have_text(re.compile("打分"))

    assert _answer(page, "round-close", accept=True)
    expect(page.get_by_test_id("round-publish")).to_be_visible()
    assert _status(rnd) == EvaluationRound.Status.CLOSED

    asked = _answer(page, "round-publish", accept=False)
    assert asked and asked[0].startswith("确定公示结果？")
    page.wait_for_timeout(300)
    assert _status(rnd) == EvaluationRound.Status.CLOSED
    expect(page.get_by_test_id("round-publish")).to_be_visible()
    _shots(page, "round_closed")

    assert _answer(page, "round-publish", accept=True)
    expect(page.get_by_test_id("round-status")).to_have_text(re.compile("公示"))
    assert _status(rnd) == EvaluationRound.Status.PUBLISHED
