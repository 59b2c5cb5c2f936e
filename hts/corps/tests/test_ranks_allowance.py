"""The allowance by rank (001 三 9): the school's amounts, a month's roll with each head teacher's rank,
months in post and amount; exporting to Excel freezes it; a change after that makes version 2 and the
first stays as exported; two staff building the same month at once make one roll."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from hts.core.models import ExportJob
from hts.core.tabular import read_table
from hts.corps.ranks.models import AllowanceRate, AllowanceRoll, RankAssignment
from hts.corps.ranks.selectors import months_in_post
from hts.corps.ranks.services import roll_build
from hts.corps.tests.ranks_kit import ganyu_scheme, rank, second_level
from hts.evaluation.rubrics.builtin import install_builtin
from hts.org.models import HeadTeacherService
from testkit import World, client_for, run_at_once


def _without_caption(content: bytes) -> bytes:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert "班主任津贴发放表" in sheet["A1"].value
    sheet.unmerge_cells(str(next(iter(sheet.merged_cells.ranges))))
    sheet.delete_rows(1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _url(world: World, *parts: str) -> str:
    return "/".join([f"/corps/ranks/{world.school_a.uid}", *parts]) + "/"


def _rates(world: World, scheme: Any) -> None:
    client = client_for(world.school_staff)
    data = {
        f"rank_{rank(scheme, name).pk}": amount for name, amount in (("三级班主任", "200"), ("二级班主任", "300.50"))
    }
    assert client.post(_url(world, "rates"), data).status_code == 302


def test_months_in_post_count_whole_months_of_service() -> None:
    spans = [(dt.date(2024, 9, 1), None)]
    assert months_in_post(spans, dt.date(2026, 3, 31)) == 19
    assert months_in_post([(dt.date(2026, 3, 1), dt.date(2026, 3, 31))], dt.date(2026, 3, 31)) == 1


def test_the_school_sets_amounts_per_rank_and_refuses_a_negative_one(world: World) -> None:
    scheme = ganyu_scheme(world)
    _rates(world, scheme)
    assert AllowanceRate.objects.get(rank__name="二级班主任").amount == Decimal("300.50")
    bad = client_for(world.school_staff).post(_url(world, "rates"), {f"rank_{rank(scheme, '三级班主任').pk}": "-5"})
    assert bad.status_code == 400 and AllowanceRate.objects.get(rank__name="三级班主任").amount == Decimal("200")


def test_a_roll_is_frozen_when_exported_and_a_change_makes_version_2(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    scheme = ganyu_scheme(world)
    _rates(world, scheme)
    teacher = second_level(world)
    today = timezone.localdate()
    month = today.replace(day=1)
    RankAssignment.objects.create(teacher=teacher, school=world.school_a, rank=rank(scheme, "二级班主任"),
                                  how="confirmed", started_on=today - dt.timedelta(days=60))  # fmt: skip
    client = client_for(world.school_staff)
    built = client.post(_url(world, "rolls"), {"month": month.strftime("%Y-%m")})
    first = AllowanceRoll.objects.get()
    assert built["Location"] == f"/corps/ranks/rolls/{first.uid}/"
    lines = {line.teacher_name: line for line in first.lines.all()}
    assert lines[teacher.name].amount == Decimal("300.50") and lines[teacher.name].rank_name == "二级班主任"
    assert lines[teacher.name].months_in_post == 48
    assert lines[world.teacher_a.name].amount == 0 and lines[world.teacher_a.name].note  # no rank decided
    assert first.total == Decimal("300.50")
    # Building again with nothing changed keeps the draft.
    client.post(_url(world, "rolls"), {"month": month.strftime("%Y-%m")})
    assert AllowanceRoll.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        exported = client.post(f"/corps/ranks/rolls/{first.uid}/export/")
    assert exported.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    # The title row first (hts.core.tabular's caption), then the header.
    table = read_table("x.xlsx", _without_caption(job.file.read()), max_rows=100)
    assert table.headers[:5] == ["序号", "姓名", "职级", "任班主任月数", "津贴（元）"]
    assert [teacher.name, "二级班主任", "48"] == [
        str(c) for c in table.rows[[r[1] for r in table.rows].index(teacher.name)][1:4]
    ]
    first.refresh_from_db()
    assert first.frozen and first.exported_by == world.school_staff
    # A change after the export: a new head teacher this month makes version 2; version 1 is kept.
    newcomer = second_level(world, name="新来的")
    RankAssignment.objects.create(teacher=newcomer, school=world.school_a, rank=rank(scheme, "三级班主任"),
                                  how="changed", reason="r", started_on=month)  # fmt: skip
    client.post(_url(world, "rolls"), {"month": month.strftime("%Y-%m")})
    first.refresh_from_db()
    second = AllowanceRoll.objects.get(version=2)
    assert first.frozen and first.lines.count() == 2 and first.total == Decimal("300.50")
    assert second.status == "draft" and second.lines.count() == 3 and second.total == Decimal("500.50")
    page = client.get(f"/corps/ranks/rolls/{second.uid}/").content.decode()
    assert "第2版" in page and "第1版" in page


def test_a_roll_counts_who_served_in_the_month_at_the_rank_of_its_last_day_paid_by_days(world: World) -> None:
    scheme = ganyu_scheme(world)
    _rates(world, scheme)
    month = dt.date(2026, 3, 1)
    teacher = second_level(world, name="月中离任")
    HeadTeacherService.objects.filter(teacher=teacher).update(ended_on=dt.date(2026, 3, 15))
    RankAssignment.objects.create(teacher=teacher, school=world.school_a, rank=rank(scheme, "三级班主任"),
                                  how="confirmed", started_on=dt.date(2025, 1, 1), ended_on=dt.date(2026, 3, 9))  # fmt: skip
    RankAssignment.objects.create(teacher=teacher, school=world.school_a, rank=rank(scheme, "二级班主任"),
                                  how="confirmed", started_on=dt.date(2026, 3, 10))  # fmt: skip
    roll, changed = roll_build(actor=world.school_staff, school=world.school_a, month=month)
    line = roll.lines.get(teacher=teacher)
    # Shown at the rank of the last day served; paid by days at each rank: 200 × 9/31 + 300.50 × 22/31.
    assert changed and line.rank_name == "二级班主任" and line.amount == Decimal("271.32")
    assert line.note.startswith("3月10日起 三级班主任→二级班主任")
    future = timezone.localdate().replace(day=1) + dt.timedelta(days=40)
    response = client_for(world.school_staff).post(_url(world, "rolls"), {"month": future.strftime("%Y-%m")})
    assert response.status_code == 400 and AllowanceRoll.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_building_the_same_month_at_once_make_one_roll(world: World) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    ganyu_scheme(world)
    month = timezone.localdate().replace(day=1)
    results = run_at_once([lambda: roll_build(actor=world.school_staff, school=world.school_a, month=month)] * 2)
    assert all(isinstance(result, tuple) for result in results), results
    assert AllowanceRoll.objects.count() == 1
    assert {result[0].pk for result in results} == {AllowanceRoll.objects.get().pk}


def test_the_rolls_pages_in_a_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    scheme = ganyu_scheme(world)
    _rates(world, scheme)
    for n in range(30):
        teacher = second_level(world, name=f"教师{n:02d}")
        RankAssignment.objects.create(teacher=teacher, school=world.school_a, rank=rank(scheme, "二级班主任"),
                                      how="confirmed", started_on=dt.date(2025, 1, 1))  # fmt: skip
    for month in range(1, 13):
        roll_build(actor=world.school_staff, school=world.school_a, month=dt.date(2025, month, 1))
    client = client_for(world.school_staff)
    with django_assert_max_num_queries(20):
        assert client.get(_url(world, "rolls")).status_code == 200
    roll = AllowanceRoll.objects.first()
    with django_assert_max_num_queries(20):
        page = client.get(f"/corps/ranks/rolls/{roll.uid}/")
    assert page.content.decode().count('data-testid="roll-line"') == 31
