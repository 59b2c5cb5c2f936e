"""Quota compliance over period boundaries: weeks spanning two months, semester breaks, cut-short
weeks, the studio's start, and the bureau matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hts.activities.models import Activity, QuotaRule
from hts.activities.quotas import selectors as quotas
from hts.core.workflow import log_transition
from hts.studios import services
from hts.studios.models import Studio
from testkit import World, client_for, make_school_year

MONDAY_SEP_29 = dt.date(2025, 9, 29)  # its ISO week runs Sep 29 – Oct 5: two months


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def studio(world: World) -> Studio:
    make_school_year(world.city, 2025)  # autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10
    batch = services.batch_create(
        actor=world.city_staff,
        region=world.city,
        name="第二批",
        tier="city",
        start_year=2025,
        cycle_years=None,
        template="shenzhen",
    )
    studio = Studio.objects.create(
        batch=batch,
        name="向阳花",
        stage="primary",
        theme="t",
        plan="p",
        host=world.teacher_a,
        host_school=world.school_a,
        status="active",
    )
    transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
    type(transition).objects.filter(pk=transition.pk).update(at=_at(dt.date(2025, 9, 1)))
    return studio


def held(
    studio: Studio, day: dt.date, kind: str = "online_training", mode: str = "online", publicity: str = ""
) -> Activity:
    return Activity.objects.create(
        studio=studio, kind=kind, title=kind, mode=mode, starts_at=_at(day), ends_at=_at(day, 11),
        place="" if mode == "online" else "厅", link="https://m.example.cn" if mode == "online" else "", publicity_url=publicity,
    )  # fmt: skip


def result(studio: Studio, code: str, today: dt.date) -> quotas.RuleResult:
    return next(r for r in quotas.studio_compliance(studio, today=today) if r.rule.code == code)


def test_the_template_brings_its_quota_rules(studio: Studio) -> None:
    codes = set(QuotaRule.objects.filter(policy__batch=studio.batch).values_list("code", flat=True))
    assert {"online_weekly", "offline_monthly", "publicity_monthly", "exchange_semester", "off_campus_yearly"} <= codes


def test_a_week_spanning_two_months_is_one_week(studio: Studio) -> None:
    held(studio, dt.date(2025, 10, 2))  # Thursday of the week that began on Sep 29
    weeks = result(studio, "online_weekly", dt.date(2025, 10, 10)).periods
    spanning = next(p for p in weeks if p.start == MONDAY_SEP_29)
    assert spanning.end == dt.date(2025, 10, 5)
    assert spanning.status == quotas.MET
    assert sum(1 for p in weeks if p.start <= dt.date(2025, 10, 2) <= p.end) == 1


def test_no_week_or_month_is_owed_in_the_winter_break(studio: Studio) -> None:
    weeks = result(studio, "online_weekly", dt.date(2026, 3, 10)).periods
    assert not any(dt.date(2026, 1, 21) <= p.start <= dt.date(2026, 2, 19) for p in weeks)
    months = result(studio, "offline_monthly", dt.date(2026, 3, 10)).periods
    assert [p.start for p in months if p.start.year == 2026][:2] == [dt.date(2026, 1, 1), dt.date(2026, 2, 20)]


def test_a_week_cut_short_by_the_end_of_term_owes_nothing(studio: Studio) -> None:
    # The autumn term ends on Tuesday Jan 20, 2026: its last week has two days left.
    weeks = result(studio, "online_weekly", dt.date(2026, 3, 1)).periods
    assert not any(p.start == dt.date(2026, 1, 19) for p in weeks)


def test_a_missed_month_is_missed_and_the_current_one_pending(studio: Studio) -> None:
    held(studio, dt.date(2025, 9, 12), kind="collective_study", mode="offline")
    months = result(studio, "offline_monthly", dt.date(2025, 11, 5)).periods
    assert [(p.start, p.status) for p in months] == [
        (dt.date(2025, 9, 1), quotas.MET),
        (dt.date(2025, 10, 1), quotas.MISSED),
        (dt.date(2025, 11, 1), quotas.PENDING),
    ]
    assert months[-1].days_left == 25


def test_online_activities_do_not_count_for_the_offline_quota_and_publicity_needs_a_post(studio: Studio) -> None:
    held(studio, dt.date(2025, 9, 12), kind="collective_study", mode="online")
    held(studio, dt.date(2025, 9, 19), kind="forum", mode="offline", publicity="https://mp.weixin.qq.com/s/x")
    today = dt.date(2025, 10, 3)
    assert result(studio, "offline_monthly", today).periods[0].count == 1
    assert result(studio, "publicity_monthly", today).periods[0].count == 1


def test_nothing_is_owed_before_the_studio_started(studio: Studio) -> None:
    months = result(studio, "offline_monthly", dt.date(2025, 10, 3)).periods
    assert months[0].start == dt.date(2025, 9, 1)


def test_the_bureau_matrix_shows_a_missed_month_as_a_shortfall(
    world: World, studio: Studio, django_assert_max_num_queries: Any
) -> None:
    held(studio, dt.date(2025, 9, 12), kind="collective_study", mode="offline")  # September met, October not
    client = client_for(world.city_staff)
    client.get("/home/")
    # session, user, roles, studios, rules, calendar (2, for any number of regions), activities, who gave
    # them, the hosts' attendance, the teams (for the host's city-training rule), start dates, regions
    # for the filter, session save (3), and what the studios' websites published (publicity, one).
    with django_assert_max_num_queries(17):
        response = client.get("/activities/quotas/", {"month": "2025-10"})
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["studio"] == studio)
    assert row["cells"]["offline_monthly"].status == quotas.MISSED
    assert row["shortfalls"] >= 1
    september = client.get("/activities/quotas/", {"month": "2025-09"})
    row = next(r for r in september.context["rows"] if r["studio"] == studio)
    assert row["cells"]["offline_monthly"].status == quotas.MET


def test_the_matrix_is_for_the_bureau(world: World, studio: Studio) -> None:
    assert client_for(world.school_staff).get("/activities/quotas/").status_code == 403
    district_b = client_for(world.district_b_staff).get("/activities/quotas/", {"month": "2025-10"})
    assert all(row["studio"] != studio for row in district_b.context["rows"])
