"""The studio's month calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hts.activities.models import Activity
from testkit import World, client_for, make_running_studio


def _held(studio: Any, day: dt.date, title: str) -> Activity:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(14)))
    return Activity.objects.create(
        studio=studio, kind="forum", title=title, mode="offline", starts_at=at, ends_at=at + dt.timedelta(hours=2),
        place="报告厅",
    )  # fmt: skip


def test_the_month_shows_each_activity_on_its_day_and_links_to_the_next_month(world: World) -> None:
    studio = make_running_studio(world)
    _held(studio, dt.date(2026, 3, 31), "三月沙龙")
    _held(studio, dt.date(2026, 4, 1), "四月论坛")
    response = client_for(world.teacher_user).get(f"/activities/studio/{studio.uid}/calendar/?month=2026-03")
    assert response.status_code == 200
    html = response.content.decode()
    assert "三月沙龙" in html and "四月论坛" not in html
    assert "?month=2026-04" in html and "?month=2026-02" in html
    weeks = response.context["weeks"]
    assert weeks[0][0][0] == dt.date(2026, 2, 23)  # the grid starts on the Monday before March 1
    days = dict(response.context["days"])
    assert [a.title for a in days[dt.date(2026, 3, 31)]] == ["三月沙龙"]


def test_a_bad_month_falls_back_to_this_month(world: World) -> None:
    studio = make_running_studio(world)
    response = client_for(world.teacher_user).get(f"/activities/studio/{studio.uid}/calendar/?month=2026-13")
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_the_calendar_is_seen_only_within_the_studio_scope(world: World) -> None:
    studio = make_running_studio(world)
    url = f"/activities/studio/{studio.uid}/calendar/"
    assert client_for(world.district_staff).get(url).status_code == 200
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.outsider_teacher_user).get(url).status_code in {403, 404}
    assert client_for(world.nobody).get(url).status_code == 403


def test_the_calendar_stays_within_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    studio = make_running_studio(world)
    for day in range(1, 29):
        _held(studio, dt.date(2026, 2, day), f"活动{day}")
    client = client_for(world.teacher_user)
    client.get("/home/")
    # session, user, roles, memberships (studio roles), the studio, its activities of the month,
    # the notification badge, session save (3).
    with django_assert_max_num_queries(10):
        response = client.get(f"/activities/studio/{studio.uid}/calendar/?month=2026-02")
    assert response.status_code == 200
