"""Grades and consequences (issue 6): a studio's semester round is published with one member graded
不合格 and its objection period over; the host finalises it on the objections page, sees the member
in the rotation-out step of the studio's grades page, rotates them out, and the studio page shows
them as 已流动."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from hts.evaluation.observations import services as services_observations
from hts.evaluation.rounds import services
from hts.evaluation.rounds.models import EvaluationRound, Rater, Subject
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.rubrics.models import RubricVersion
from hts.evaluation.tests.conftest import add_subject, make_round, publish_by_hand, score_all
from hts.studios.models import Membership
from testkit import PASSWORD, World, make_running_studio, make_teacher, make_user

SHOTS = Path("/tmp/shots")  # noqa: S108


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"ui_{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _published_studio_round(world: World) -> tuple[EvaluationRound, Membership]:
    """Built with the services as the host would, then the objection period moved into the past."""
    install_builtin(apps)  # a transactional test may start after another emptied the tables
    host = world.teacher_user
    studio = make_running_studio(world)
    members = {
        name: Membership.objects.create(
            studio=studio, role="member", teacher=make_teacher(world.school_a, name), status="active"
        )
        for name in ("成员好", "成员弱")
    }
    rnd = make_round(
        world,
        school=None,
        studio=studio,
        region_path=world.school_a.region.path,
        period=EvaluationRound.Period.SEMESTER,
        month=None,
        version=RubricVersion.objects.get(rubric__builtin_code="studio_member", number=1),
        title="2026秋季学期成员考核",
        created_by=host,
    )
    assert services.subjects_fill(actor=host, rnd=rnd) == 2
    rater = Rater.objects.create(round=rnd, user=host)
    services.round_open(actor=host, rnd=rnd)
    for subject in rnd.subjects.select_related("teacher"):
        score_all(rnd, rater, subject, Decimal("0.95") if subject.teacher.name == "成员好" else Decimal("0.4"))
    services.round_close(actor=host, rnd=rnd)
    services.round_publish(actor=host, rnd=rnd)
    EvaluationRound.objects.filter(pk=rnd.pk).update(objections_until=dt.date.today() - dt.timedelta(days=1))
    weak = Subject.objects.get(round=rnd, teacher=members["成员弱"].teacher)
    assert weak.grade == "failed"
    return rnd, members["成员弱"]


def test_the_host_finalises_and_rotates_out_the_failed_member(page: Page, live_server: Any, world: World) -> None:
    rnd, weak = _published_studio_round(world)
    studio = rnd.studio
    assert studio is not None

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    expect(page.get_by_test_id("round-status")).to_be_visible()
    _shots(page, "round_detail_published")
    page.get_by_test_id("objections-link").click()
    expect(page.get_by_test_id("objection-list")).to_be_visible()
    _shots(page, "objections")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("finalise").click()
    expect(page.get_by_test_id("finalise")).to_have_count(0)
    rnd.refresh_from_db()
    assert rnd.status == EvaluationRound.Status.FINAL

    page.get_by_test_id("grades-link").click()
    step = page.get_by_test_id("rotation-step")
    expect(step).to_contain_text("成员弱")
    expect(step).not_to_contain_text("成员好")
    expect(page.get_by_test_id("grades-table")).to_contain_text("不合格")
    _shots(page, "grades")

    page.once("dialog", lambda dialog: dialog.accept())
    step.locator("button[type=submit]").click()
    page.wait_for_url(f"**{studio.get_absolute_url()}")
    expect(page.get_by_test_id("team-table")).not_to_contain_text("成员弱")
    former = page.get_by_test_id("former-members")
    expect(former).to_contain_text("成员弱")
    expect(former).to_contain_text("已流动")
    weak.refresh_from_db()
    assert weak.status == Membership.Status.ROTATED_OUT
    # The host's bar, with its evaluation menu and an unread notification, stays one line.
    expect(page.get_by_test_id("unread-badge")).to_be_visible()
    assert _bar_height(page) < 80
    _shots(page, "studio_after_rotation")


def _bar_height(page: Page) -> float:
    bar = page.locator("nav.navbar").bounding_box()
    assert bar is not None
    return float(bar["height"])


def test_the_evaluation_menu_keeps_every_bar_one_line_and_the_pages_fit(
    page: Page, live_server: Any, world: World
) -> None:
    install_builtin(apps)
    make_running_studio(world)  # world.teacher_user hosts it
    plain = make_user("plain", teacher=make_teacher(world.school_a, "吴老师"))
    rater = Rater.objects.create(round=(open_round := make_round(world, status="open")), user=world.school_staff)
    for teacher in (world.teacher_a, plain.teacher):
        add_subject(open_round, teacher)
    published = make_round(world, title="2026年9月班主任工作考评", month=dt.date(2026, 9, 1))
    judge = Rater.objects.create(round=published, user=world.school_staff)
    for teacher, share in ((world.teacher_a, "0.8"), (plain.teacher, "0.6")):
        score_all(published, judge, add_subject(published, teacher), Decimal(share))
    publish_by_hand(published)
    observer = make_user("obs1", teacher=make_teacher(world.school_a, "周听课"))
    observation = services_observations.observation_create(
        actor=world.school_staff,
        data={
            "teacher": world.teacher_a,
            "version": RubricVersion.objects.get(rubric__builtin_code="lesson", number=1),
            "studio": None,
            "topic": "诚信伴我行",
            "class_name": "三年级1班",
            "held_on": dt.date(2026, 10, 15),
            "combination": "mean",
            "observers": [observer],
        },
    )
    base = live_server.url

    # The bar at 1366 px: one line for a bureau, a school, a host and a plain teacher.
    page.set_viewport_size({"width": 1366, "height": 900})
    for username, menu in (("district", True), ("school", True), ("teacher", True), ("plain", False)):
        page.context.clear_cookies()
        sign_in(page, base, username, PASSWORD)
        assert _bar_height(page) < 80, username
        expect(page.get_by_test_id("nav-evaluation")).to_have_count(1 if menu else 0)
        page.screenshot(path=str(SHOTS / f"ui_nav_{username}_1366.png"))
        if menu:
            page.get_by_test_id("nav-evaluation").get_by_role("button").click()
            expect(page.get_by_test_id("nav-evaluation").locator("a[href='/evaluation/rounds/']")).to_be_visible()
            page.screenshot(path=str(SHOTS / f"ui_nav_{username}_menu_1366.png"))
    # The plain teacher reaches their sheets from 我的考评.
    page.locator("a[href='/evaluation/mine/']").first.click()
    expect(page.get_by_test_id("my-sheets-link")).to_be_visible()
    _shots(page, "my_evaluations")
    page.goto(f"{base}{Subject.objects.get(round=published, teacher=plain.teacher).get_absolute_url()}")
    _shots(page, "subject_result")

    page.context.clear_cookies()
    sign_in(page, base, "school", PASSWORD)
    page.goto(f"{base}{open_round.get_absolute_url()}")
    expect(page.get_by_test_id("democratic-add")).to_be_visible()
    _shots(page, "round_detail")
    page.get_by_test_id("sheet-link").click()
    subject = open_round.subjects.order_by("pk").first()
    assert subject is not None and rater.round_id == open_round.pk
    page.goto(f"{base}/evaluation/rounds/{open_round.uid}/sheet/{subject.uid}/")
    _shots(page, "sheet")
    page.goto(f"{base}{published.get_absolute_url()}")
    expect(page.get_by_test_id("objections-link")).to_be_visible()
    page.get_by_test_id("result-link").click()
    expect(page.get_by_test_id("ranking")).to_contain_text(plain.teacher.name)
    _shots(page, "ranking")
    page.goto(f"{base}{published.version.get_absolute_url()}")
    _shots(page, "rubric_version")

    page.context.clear_cookies()
    sign_in(page, base, "obs1", PASSWORD)
    page.goto(f"{base}/evaluation/observations/{observation.uid}/sheet/")
    _shots(page, "observation_sheet")
    for name in ("round_detail", "sheet", "ranking", "rubric_version", "observation_sheet", "my_evaluations"):
        assert (SHOTS / f"ui_{name}_390.png").exists()
