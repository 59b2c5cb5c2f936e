"""Ease of use in the browser: axe-core finds no serious or critical violation on the key pages of
every role; on a 375 px phone the wide tables neither push the page sideways nor lose their first
column, the transcript and the team become cards, the scoring sheet labels its boxes, and actions are
at least 44 px high. Screenshots at 375 px go to /tmp/shots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import serious_accessibility_violations, sign_in
from hts.accounts.models import User
from hts.activities.models import Activity, Attendance
from hts.core.workflow import log_transition
from hts.evaluation.rounds.models import EvaluationRound, Rater, Subject
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import add_subject, make_round
from hts.funds import services as funds
from hts.studios import services as studios
from hts.studios.models import Membership, Studio
from testkit import PASSWORD, World, make_running_studio, make_school_year, make_teacher

SHOTS = Path("/tmp/shots")  # noqa: S108 (where the reviewer looks at the layout)
PHONE = {"width": 375, "height": 812}


@dataclass
class Scene:
    studio: Studio
    round: EvaluationRound
    subject: Subject


def _scene(world: World) -> Scene:
    """A running 福田区 studio hosted by world.teacher_a with members, a grant, a budget and an attended
    activity; a city-tier studio of 南山区 for the quota matrix; an open evaluation round of
    school_a that world.school_staff rates."""
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    make_school_year(world.city, 2025)
    studio = make_running_studio(world)
    for name in ("周敏", "吴静"):
        Membership.objects.create(
            studio=studio, role="member", teacher=make_teacher(world.school_a2, name), status="active"
        )
    funds.grant_record(
        actor=User.objects.get(pk=world.district_staff.pk), studio=studio, year=2026,
        data={"city_amount": Decimal(40000), "district_match": Decimal(30000)},
    )  # fmt: skip
    funds.budget_save(
        actor=User.objects.get(pk=world.teacher_user.pk), studio=studio, year=2026,
        amounts={"books": Decimal(8000), "meetings": Decimal(6000), "equipment": Decimal(10000)},
    )  # fmt: skip
    starts = timezone.make_aware(dt.datetime(2026, 10, 12, 8, 30))
    activity = Activity.objects.create(
        studio=studio, kind="collective_study", title="十月集体研修：班级文化建设与家校沟通", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), place="福田实验小学报告厅",
    )  # fmt: skip
    Attendance.objects.create(
        activity=activity, teacher=world.teacher_a, status="present", method="qr", checked_in_at=starts
    )

    batch = studios.batch_create(
        actor=world.city_staff, region=world.city, name="第二批", tier="city", start_year=2025,
        cycle_years=None, template="shenzhen",
    )  # fmt: skip
    city_studio = Studio.objects.create(
        batch=batch, name="向日葵工作室", stage="junior", theme="t", plan="p", host=world.teacher_b,
        host_school=world.school_b, status="active",
    )  # fmt: skip
    transition = log_transition(target=city_studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=timezone.make_aware(dt.datetime(2025, 9, 1, 9)))

    rnd = make_round(world, status="open")
    subject = add_subject(rnd, world.teacher_a)
    Rater.objects.create(round=rnd, user=world.school_staff)
    return Scene(studio=studio, round=rnd, subject=subject)


def test_key_pages_of_every_role_have_no_serious_accessibility_violations(
    page: Page, live_server: Any, world: World
) -> None:
    scene = _scene(world)
    uid = scene.studio.uid
    pages = {
        "teacher": [
            "/home/", f"/studios/{uid}/", f"/funds/studio/{uid}/?year=2026", "/activities/hours/", "/studios/join/",
            "/archives/new/", "/evaluation/mine/", "/notifications/",
        ],
        "school": [
            "/home/", "/evaluation/rounds/", scene.round.get_absolute_url(),
            f"/evaluation/rounds/{scene.round.uid}/sheet/{scene.subject.uid}/", "/org/teachers/",
        ],
        "district": ["/home/", "/funds/", "/studios/", f"/studios/{uid}/", "/activities/quotas/?month=2025-10"],
        "city": ["/home/", "/activities/quotas/?month=2025-10", "/studios/batches/", "/org/schools/"],
        "legal": ["/home/", "/funds/"],
        "root": ["/home/", "/accounts/users/", "/org/regions/"],
    }  # fmt: skip
    found: dict[str, list[str]] = {}
    for username, paths in pages.items():
        page.context.clear_cookies()
        sign_in(page, live_server.url, username, PASSWORD)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (username, path)
            violations = serious_accessibility_violations(page)
            if violations:
                found[f"{username} {path}"] = violations
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in found.items())


def _no_page_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 375 px phone"


def _short_actions(page: Page) -> list[str]:
    """Visible buttons and form fields (the page's actions) lower than 44 px."""
    return list(
        page.evaluate(
            """() => Array.from(document.querySelectorAll(
                   "main .btn, main input.form-control, main select.form-select, .navbar-toggler, .navbar .btn"))
               .filter((e) => e.offsetParent !== null)
               .map((e) => [e, e.getBoundingClientRect().height])
               .filter(([e, h]) => h > 0 && h < 44)
               .map(([e, h]) => (e.textContent.trim() || e.name || e.className) + " " + h.toFixed(1))"""
        )
    )


def _first_column_stays(page: Page, table_test_id: str, *, must_scroll: bool = True) -> None:
    table = page.get_by_test_id(table_test_id)
    first = table.locator("tbody tr").first.locator("th, td").first
    before = first.bounding_box()
    scrolled = table.evaluate(
        "(t) => { const box = t.closest('.table-responsive'); box.scrollLeft = box.scrollWidth; return box.scrollLeft; }"
    )
    if not must_scroll and scrolled == 0:
        return  # it fits the phone as it is
    assert scrolled > 0, f"{table_test_id} fits the phone: nothing to scroll"
    after = first.bounding_box()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 1, f"{table_test_id}: the first column scrolled away"


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ease_{name}_375.png"), full_page=True)


def test_wide_tables_fit_a_phone(page: Page, live_server: Any, world: World) -> None:
    scene = _scene(world)
    base = live_server.url
    uid = scene.studio.uid
    page.set_viewport_size(PHONE)
    short: dict[str, list[str]] = {}

    sign_in(page, base, "teacher", PASSWORD)
    page.goto(f"{base}/activities/hours/")
    _no_page_overflow(page)
    transcript = page.get_by_test_id("transcript")
    assert (transcript.bounding_box() or {"width": 9999})["width"] <= PHONE["width"]
    expect(transcript.locator("td[data-label]").first).to_be_visible()
    short["transcript"] = _short_actions(page)
    _shoot(page, "transcript")

    page.goto(f"{base}/studios/{uid}/")
    _no_page_overflow(page)
    team = page.get_by_test_id("team-table")
    assert (team.bounding_box() or {"width": 9999})["width"] <= PHONE["width"]
    expect(team).to_contain_text("周敏")
    short["team"] = _short_actions(page)
    _shoot(page, "team")

    page.goto(f"{base}/funds/studio/{uid}/?year=2026")
    _no_page_overflow(page)
    for table in ("categories", "ledger"):
        _first_column_stays(page, table, must_scroll=False)
    short["funds"] = _short_actions(page)
    _shoot(page, "funds_studio")

    page.context.clear_cookies()
    sign_in(page, base, "district", PASSWORD)
    page.goto(f"{base}/funds/")
    _no_page_overflow(page)
    short["funds overview"] = _short_actions(page)
    _shoot(page, "funds_overview")

    page.context.clear_cookies()
    sign_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/activities/quotas/?month=2025-10")
    _no_page_overflow(page)
    _first_column_stays(page, "quota-matrix")
    short["quota matrix"] = _short_actions(page)
    _shoot(page, "quota_matrix")

    page.context.clear_cookies()
    sign_in(page, base, "school", PASSWORD)
    page.goto(f"{base}/evaluation/rounds/{scene.round.uid}/sheet/{scene.subject.uid}/")
    _no_page_overflow(page)
    points = page.get_by_test_id("sheet-points-label").first
    expect(points).to_be_visible()
    expect(points).to_contain_text("得分")
    expect(page.get_by_test_id("sheet-reason-label").first).to_be_visible()
    short["sheet"] = _short_actions(page)
    _shoot(page, "sheet")

    # Tables whose action column is headed by a visually hidden label keep it inside their box.
    for path in (f"/org/teachers/{world.teacher_a.uid}/", "/org/classes/"):
        page.goto(f"{base}{path}")
        _no_page_overflow(page)
    short["language switch"] = [
        text
        for text, height in page.get_by_test_id("language-switch")
        .get_by_role("button")
        .evaluate_all("els => els.map(e => [e.textContent.trim(), e.getBoundingClientRect().height])")
        if height < 44
    ]

    assert not any(short.values()), {where: found for where, found in short.items() if found}

    # On a desktop the sheet keeps its column headers and shows no phone labels.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_test_id("sheet-points-label").first).to_be_hidden()
