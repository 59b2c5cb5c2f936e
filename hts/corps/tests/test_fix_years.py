"""Fixes found in a browser trial of issue 14: one count of years as head teacher on every page, the
export headings and title rows, pro-rata allowance at a mid-month rank change, credited work not in
the future, and one call name per organiser and year."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from hts.core.models import ExportJob
from hts.corps.honours import services as honours
from hts.corps.honours.models import HonourCall
from hts.corps.models import CorpsPolicy
from hts.corps.ranks.models import AllowanceRate, AllowanceRoll, RankAssignment
from hts.corps.tests.ranks_kit import ganyu_scheme, rank, second_level
from hts.org.models import HeadTeacherService, SchoolYear, Teacher
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
    own = school.post(f"/corps/honours/new/?school={world.school_a.uid}", {**_call_post(year), "level": "school"})
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


# Point 1: one count of years ---------------------------------------------------------------------


def test_the_figure_is_days_over_365_rounded_down() -> None:
    from hts.org.service_time import has_served, years_text

    assert [years_text(days) for days in (0, 364, 365, 730, 3343, 6574)] == ["0.0", "0.9", "1.0", "2.0", "9.1", "18.0"]
    # Two calendar years open the two-year rules on the anniversary, whatever the leap days.
    assert has_served([(dt.date(2024, 1, 1), None)], 2, dt.date(2026, 1, 1))
    assert not has_served([(dt.date(2024, 1, 1), None)], 2, dt.date(2025, 12, 31))
    assert has_served([(dt.date(2024, 1, 1), None)], Decimal("1.5"), dt.date(2025, 7, 2))


def _broken_history(world: World) -> Any:
    """3343 days in three periods (two joined, then a gap): 9.2 by days / 365.25 and 9.1 by the
    old profile count (each closed period lost its last day); 9.1 now everywhere."""
    teacher = make_teacher(world.school_a, "断续老师")
    b_end = TODAY - dt.timedelta(days=1044)
    b_start = b_end - dt.timedelta(days=1199)
    a_end = b_start - dt.timedelta(days=1)
    spans = [(a_end - dt.timedelta(days=1199), a_end), (b_start, b_end), (TODAY - dt.timedelta(days=943), None)]
    for start, end in spans:
        HeadTeacherService.objects.create(teacher=teacher, school=world.school_a, started_on=start, ended_on=end)
    return teacher


def test_every_page_shows_the_same_years_for_a_broken_service_history(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, title_min_service_years=2, promotion_min_service_years=3)
    ganyu_scheme(world)
    teacher = _broken_history(world)
    client = client_for(world.school_staff)
    profile = client.get(f"/org/teachers/{teacher.uid}/").content.decode()
    assert re.search(r'data-testid="service-years">\s*9\.1\s*<', profile)
    assert "担任班主任9.1年" in profile  # the gates on the same profile
    archive = client.get(f"/corps/archive/{teacher.uid}/").content.decode()
    assert "担任班主任9.1年" in archive
    rank = client.get(f"/corps/ranks/{world.school_a.uid}/teachers/{teacher.uid}/").content.decode()
    assert "9.1 年" in rank
    gates = client.get(f"/corps/gates/{world.school_a.uid}/").content.decode()
    assert "担任班主任9.1年" in gates
    for page in (profile, archive, rank, gates):
        assert "9.2" not in page


def test_honours_eligibility_reads_the_same_years(world: World, year: SchoolYear) -> None:
    from hts.corps.honours.eligibility import eligibility_of

    teacher = _broken_history(world)
    data = {
        "title": "县级优秀班主任", "school_year": year, "kind": "person", "level": "county", "places": 1,
        "nominations_until": TODAY + dt.timedelta(days=10), "review_until": TODAY + dt.timedelta(days=20),
        "min_service_years": 10,
    }  # fmt: skip
    call = honours.call_create(actor=world.district_staff, data=data, region=world.district_a)
    found = eligibility_of(call, Teacher.objects.filter(pk=teacher.pk), TODAY)[teacher.pk]
    checks = {c.rule: c for c in found}
    assert not checks["service_years"].ok and "9.1" in checks["service_years"].reason


# Point 2: the exports' headings and title rows -------------------------------------------------


def _sheet(job: ExportJob) -> Any:
    assert job.status == ExportJob.Status.DONE, job.error
    return load_workbook(io.BytesIO(job.file.read())).worksheets[0]


def test_the_title_export_has_a_title_row_a_name_column_and_the_years_as_a_number(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    CorpsPolicy.objects.create(region=world.city, title_min_service_years=2, promotion_min_service_years=3)
    teacher = _broken_history(world)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.school_staff).post(f"/corps/gates/{world.school_a.uid}/export/")
    sheet = _sheet(ExportJob.objects.get())
    assert sheet["A1"].value == f"{world.school_a.name} {TODAY.year}年{TODAY.month}月 可申报职称人员名单"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert [c.value for c in sheet[2]] == ["姓名", "性别", "计算年限", "说明"]
    assert sheet.freeze_panes == "A3"
    row = [c.value for c in sheet[3]]
    assert row[0] == teacher.name and row[2] == pytest.approx(9.1) and isinstance(row[2], float | int)
    assert "担任班主任9.1年" in row[3]


def test_a_mid_month_rank_change_is_paid_by_days_and_the_roll_has_a_title_row(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    scheme = ganyu_scheme(world)
    client = client_for(world.school_staff)
    third, second = rank(scheme, "三级班主任"), rank(scheme, "二级班主任")
    rates = {f"rank_{third.pk}": "200", f"rank_{second.pk}": "300.50"}
    assert client.post(f"/corps/ranks/{world.school_a.uid}/rates/", rates).status_code == 302
    assert AllowanceRate.objects.count() == 2
    teacher = second_level(world, name="月中升级")
    RankAssignment.objects.create(teacher=teacher, school=world.school_a, rank=third, how="confirmed",
                                  started_on=dt.date(2025, 1, 1), ended_on=dt.date(2026, 3, 15))  # fmt: skip
    RankAssignment.objects.create(teacher=teacher, school=world.school_a, rank=second, how="confirmed",
                                  started_on=dt.date(2026, 3, 16))  # fmt: skip
    assert client.post(f"/corps/ranks/{world.school_a.uid}/rolls/", {"month": "2026-03"}).status_code == 302
    roll = AllowanceRoll.objects.get()
    line = roll.lines.get(teacher=teacher)
    # 200 × 15/31 + 300.50 × 16/31 = 7808/31 = 251.870…, to the fen half up.
    assert line.amount == Decimal("251.87") and line.rank_name == "二级班主任"
    assert line.note == "3月16日起 三级班主任→二级班主任；按日折算：200.00×15/31＋300.50×16/31"
    assert line.note in client.get(f"/corps/ranks/rolls/{roll.uid}/").content.decode()
    # A whole month at one rank is its rate, with no note.
    april = client.post(f"/corps/ranks/{world.school_a.uid}/rolls/", {"month": "2026-04"})
    assert april.status_code == 302
    whole = AllowanceRoll.objects.get(month=dt.date(2026, 4, 1)).lines.get(teacher=teacher)
    assert whole.amount == Decimal("300.50") and whole.note == ""
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/corps/ranks/rolls/{roll.uid}/export/").status_code == 302
    sheet = _sheet(ExportJob.objects.get())
    assert sheet["A1"].value == f"{world.school_a.name} 2026年3月 班主任津贴发放表"
    assert [c.value for c in sheet[2]][:5] == ["序号", "姓名", "职级", "任班主任月数", "津贴（元）"]
    row = [c.value for c in sheet[3 + [c.value for c in sheet["B"]][2:].index(teacher.name)]]
    assert row[4] == pytest.approx(251.87) and row[5].startswith("3月16日起 三级班主任→二级班主任")
