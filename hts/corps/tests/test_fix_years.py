"""Fixes found in a browser trial of issue 14: one count of years as head teacher on every page, the
export headings and title rows, pro-rata allowance at a mid-month rank change, credited work not in
the future, and one call name per organiser and year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hts.corps.honours import services as honours
from hts.corps.honours.models import HonourCall
from hts.corps.models import CorpsPolicy
from hts.org.models import SchoolYear
from testkit import World, client_for, make_teacher

TODAY = dt.date.today()


@pytest.fixture
def year(world: World) -> SchoolYear:
    CorpsPolicy.objects.create(region=world.city, failing_year_blocks_honours=True)
    return SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=TODAY - dt.timedelta(days=200),
        ends_on=TODAY + dt.timedelta(days=165),
    )


def _call_post(year: SchoolYear, title: str = "县级优秀班主任") -> dict[str, Any]:
    return {
        "title": title, "school_year": year.pk, "kind": "person", "level": "county", "places": "1",
        "nominations_until": str(TODAY + dt.timedelta(days=10)), "review_until": str(TODAY + dt.timedelta(days=20)),
        "objection_days": "5",
    }  # fmt: skip


def test_a_second_call_of_the_same_name_same_organiser_and_year_is_refused(world: World, year: SchoolYear) -> None:
    bureau = client_for(world.district_staff)
    assert bureau.post("/corps/honours/new/", _call_post(year)).status_code == 302
    again = bureau.post("/corps/honours/new/", _call_post(year))
    assert again.status_code == 400
    assert "本学年已有同名的评选" in again.content.decode()
    assert HonourCall.objects.count() == 1
    assert bureau.post("/corps/honours/new/", _call_post(year, "县级先进班集体")).status_code == 302
    # Another organiser (a school's own call) may use the name.
    school = client_for(world.school_staff)
    own = school.post(f"/corps/honours/new/?school={world.school_a.uid}", _call_post(year))
    assert own.status_code == 302, own.content.decode()[:2000]


def test_the_database_refuses_the_same_call_twice(world: World, year: SchoolYear) -> None:
    data = {
        "title": "县级优秀班主任", "school_year": year, "kind": "person", "level": "county", "places": 1,
        "nominations_until": TODAY + dt.timedelta(days=10), "review_until": TODAY + dt.timedelta(days=20),
    }  # fmt: skip
    first = honours.call_create(actor=world.district_staff, data=dict(data), region=world.district_a)
    twin = HonourCall(region=world.district_a, organiser_path=first.organiser_path, **data)
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "本学年已有同名的评选" in str(refused.value)


# Point 4: credited work is work already done --------------------------------------------------


def test_credited_work_in_the_future_is_refused_naming_the_fields_as_they_read(world: World) -> None:
    from hts.corps.gates.models import CreditedService

    teacher = make_teacher(world.school_a, "社团老师", serving_since=TODAY - dt.timedelta(days=400))
    client = client_for(world.school_staff)
    url = f"/corps/gates/{world.school_a.uid}/credited/new/"
    data = {
        "teacher": teacher.pk, "started_on": (TODAY - dt.timedelta(days=300)).isoformat(),
        "ended_on": (TODAY + dt.timedelta(days=1)).isoformat(), "what": "书法兴趣小组辅导", "reason": "校务会认定",
    }  # fmt: skip
    late_end = client.post(url, data)
    page = late_end.content.decode()
    assert late_end.status_code == 400 and "结束日期晚于今天" in page and "生效日期" not in page
    assert "开始日期" in page and "结束日期" in page  # the labels the messages name
    late_start = client.post(url, {**data, "started_on": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert "开始日期晚于今天" in late_start.content.decode()
    backwards = client.post(url, {**data, "ended_on": (TODAY - dt.timedelta(days=301)).isoformat()})
    assert backwards.status_code == 400 and "结束日期早于开始日期" in backwards.content.decode()
    assert not CreditedService.objects.exists()
    # Ending today is work done.
    assert client.post(url, {**data, "ended_on": TODAY.isoformat()}).status_code == 302
