"""Issue 13, point 21: a teacher's head-teacher periods at one school neither overlap nor stay open
two at a time: refused in the form, in the service and in the roster import, with the reason.

world.teacher_a (李红, mobile 13800000001) has served at 福田实验小学 since 2015-09-01, still open."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hts.org import services
from hts.org.models import HeadTeacherService
from hts.org.tests.test_roster import TEACHER_HEADERS, problems, upload, xlsx
from testkit import World, client_for


def _add(world: World, start: str, end: str = "", school: Any = None) -> Any:
    data = {"school": (school or world.school_a).pk, "class_label": "", "started_on": start, "ended_on": end}
    return client_for(world.district_staff).post(f"/org/teachers/{world.teacher_a.uid}/service/", data)


def _periods(world: World) -> int:
    return HeadTeacherService.objects.filter(teacher=world.teacher_a).count()


def test_a_second_open_period_at_the_same_school_is_refused_with_the_reason(world: World) -> None:
    response = _add(world, "2019-09-01")
    body = response.content.decode()
    assert response.status_code == 400
    assert "自 2015-09-01 起的班主任任职尚未结束" in body
    assert 'value="2019-09-01"' in body  # what was typed comes back
    assert _periods(world) == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [("2014-09-01", "2016-07-01"), ("2016-09-01", "2018-07-01"), ("2012-09-01", "2015-09-01")],
)
def test_a_period_that_shares_a_day_with_another_is_refused(world: World, start: str, end: str) -> None:
    response = _add(world, start, end)
    assert response.status_code == 400
    assert "与本校 2015-09-01–至今 的班主任任职重叠" in response.content.decode()
    assert _periods(world) == 1


def test_an_earlier_period_that_ends_before_the_open_one_is_kept(world: World) -> None:
    assert _add(world, "2010-09-01", "2015-07-10").status_code == 302
    assert _periods(world) == 2
    # …and one that overlaps that closed period is refused in turn.
    assert "2010-09-01–2015-07-10" in _add(world, "2013-09-01", "2014-07-01").content.decode()
    assert _periods(world) == 2


def test_an_open_period_at_another_school_is_a_different_post(world: World) -> None:
    assert _add(world, "2019-09-01", school=world.school_a2).status_code == 302
    assert _periods(world) == 2


def test_the_service_refuses_what_the_form_would(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.service_record_add(
            actor=world.school_staff,
            teacher=world.teacher_a,
            data={"school": world.school_a, "started_on": "2020-09-01", "ended_on": None},
        )
    assert "started_on" in refused.value.message_dict
    assert _periods(world) == 1


def _row(start: str, end: str = "") -> list[str]:
    row = dict.fromkeys(TEACHER_HEADERS, "")
    row.update({"手机号": "13800000001", "姓名": "李红", "性别": "女", "出生年份": "1985", "学校": "福田实验小学"})
    row.update({"班主任起始日期": start, "班主任结束日期": end})
    return [row[header] for header in TEACHER_HEADERS]


def test_the_import_refuses_a_row_whose_period_overlaps_and_imports_nothing(world: World) -> None:
    response = upload(client_for(world.district_staff), "名册.xlsx", xlsx([_row("2019-09-01")]))
    assert response.status_code == 400
    [(row, column, message)] = problems(response)
    assert (row, column) == (2, "班主任起始日期") and "尚未结束" in message
    assert _periods(world) == 1


def test_the_import_may_still_close_the_period_it_matches_by_start_date(world: World) -> None:
    response = upload(client_for(world.district_staff), "名册.xlsx", xlsx([_row("2015-09-01", "2020-07-10")]))
    assert response.status_code == 302
    [period] = HeadTeacherService.objects.filter(teacher=world.teacher_a)
    assert str(period.ended_on) == "2020-07-10"
    # The next period after it then imports as well.
    assert upload(client_for(world.district_staff), "名册.xlsx", xlsx([_row("2020-09-01")])).status_code == 302
    assert _periods(world) == 2
