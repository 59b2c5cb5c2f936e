"""The quota pages say why a cell is "—" (issue 13, 8): outside the studio's cycle, before it started,
a school break, a closed studio, a rule of nobody in the team, a column of another batch's policy. The
reason is the cell's title and a numbered footnote, since a phone has no hover."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from hts.core.workflow import log_transition
from hts.studios import services as studio_services
from hts.studios.models import Membership, Studio
from testkit import World, client_for, make_school_year

pytestmark = pytest.mark.django_db


def _studio(
    world: World, template: str, *, start_year: int = 2025, name: str = "向阳花", host: bool = True, given: bool = True
) -> Studio:
    batch = studio_services.batch_create(
        actor=world.city_staff, region=world.city, name=f"{name}批次", tier="city", start_year=start_year,
        cycle_years=None, template=template,
    )  # fmt: skip
    studio = Studio.objects.create(
        batch=batch, name=name, stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="active",
    )  # fmt: skip
    if host:
        Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    if given:  # 授牌 on September 1st of the first year
        transition = log_transition(target=studio, from_state="approved", to_state="active", actor=world.city_staff)
        at = timezone.make_aware(dt.datetime(start_year, 9, 1, 9))
        type(transition).objects.filter(pk=transition.pk).update(at=at)
    return studio


def _cells(html: str, studio: str) -> str:
    found = re.search(rf'data-testid="matrix-row-{studio}">(.*?)</tr>', html, re.S)
    assert found, html
    return found.group(1)


def _notes(html: str) -> list[str]:
    found = re.search(r'data-testid="quota-notes">(.*?)</ol>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def test_the_matrix_says_a_month_is_before_the_studio_started(world: World) -> None:
    make_school_year(world.city, 2024)
    make_school_year(world.city, 2025)
    _studio(world, "shenzhen")  # cycle 2025–2027, 授牌 2025-09-01
    html = client_for(world.city_staff).get("/activities/quotas/", {"month": "2025-06"}).content.decode()
    reason = "早于工作室授牌、开始建设周期的日期（2025-09-01）。"
    assert f'title="{reason}"' in _cells(html, "向阳花")
    assert _notes(html) == [reason]


def test_the_matrix_says_a_month_is_a_school_break_or_after_the_cycle(world: World) -> None:
    make_school_year(world.city, 2025)  # autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10
    _studio(world, "shenzhen")
    client = client_for(world.city_staff)
    august = client.get("/activities/quotas/", {"month": "2026-08"}).content.decode()
    assert 'title="寒暑假期间：每周、每月指标只在学期内计算。"' in _cells(august, "向阳花")
    assert "寒暑假期间：每周、每月指标只在学期内计算。" in _notes(august)
    later = client.get("/activities/quotas/", {"month": "2028-03"}).content.decode()
    assert 'title="晚于工作室的建设周期（2025—2027 年）。"' in _cells(later, "向阳花")


def test_the_matrix_names_a_rule_of_nobody_and_a_column_of_another_batch(world: World) -> None:
    make_school_year(world.city, 2025)
    _studio(world, "shenzhen", name="深圳式")
    _studio(world, "zaozhuang", name="枣庄式")  # each mentor's open lesson: the studio has no mentor
    html = client_for(world.city_staff).get("/activities/quotas/", {"month": "2025-10"}).content.decode()
    zaozhuang = _cells(html, "枣庄式")
    assert 'title="工作室没有导师：此指标无人需要完成。"' in zaozhuang
    assert 'title="不是该工作室所属批次的指标。"' in zaozhuang and 'title="不是该工作室所属批次的指标。"' in _cells(
        html, "深圳式"
    )
    notes = _notes(html)
    assert "工作室没有导师：此指标无人需要完成。" in notes and "不是该工作室所属批次的指标。" in notes
    assert len(notes) == len(set(notes))  # each reason once, however many cells


def test_the_studio_page_says_why_there_is_no_current_period(world: World) -> None:
    make_school_year(world.city, 2026)
    studio = _studio(world, "shenzhen", start_year=timezone.localdate().year + 1, host=False, given=False)
    html = client_for(world.city_staff).get(f"/activities/studio/{studio.uid}/quotas/").content.decode()
    batch = studio.batch
    reason = f"早于工作室的建设周期（{batch.start_year}—{batch.end_year} 年）。"
    assert f'title="{reason}"' in html and _notes(html) == [reason]


def test_the_studio_page_says_a_rule_of_the_host_is_nobodys_without_one(world: World) -> None:
    make_school_year(world.city, 2025)
    make_school_year(world.city, 2026)
    studio = _studio(world, "shenzhen", host=False)
    html = client_for(world.city_staff).get(f"/activities/studio/{studio.uid}/quotas/").content.decode()
    assert "工作室没有主持人：此指标无人需要完成。" in _notes(html)  # the host's yearly city training


def test_the_studio_page_of_a_closed_studio_says_it_is_closed(world: World) -> None:
    make_school_year(world.city, 2025)
    studio = _studio(world, "shenzhen")
    Studio.objects.filter(pk=studio.pk).update(status="revoked")
    html = client_for(world.city_staff).get(f"/activities/studio/{studio.uid}/quotas/").content.decode()
    notes = _notes(html)
    assert len(notes) == 1 and notes[0].startswith("工作室状态为“") and "不再考核指标" in notes[0]
    assert html.count('data-testid="quota-blank"') >= 5


def test_the_matrix_keeps_its_query_budget_with_the_reasons(world: World, django_assert_max_num_queries: Any) -> None:
    make_school_year(world.city, 2025)
    for n in range(4):
        _studio(world, "shenzhen" if n % 2 else "zaozhuang", name=f"工作室{n}")
    client = client_for(world.city_staff)
    client.get("/home/")
    # One more than the matrix's own: what the studios' websites published counts as publicity.
    with django_assert_max_num_queries(17):
        html = client.get("/activities/quotas/", {"month": "2025-06"}).content.decode()
    assert html.count('data-testid="quota-blank"') > 4


def test_the_excel_export_writes_the_reason_beside_the_dash(world: World) -> None:
    from hts.activities.quotas import selectors as quotas
    from hts.activities.quotas.export_jobs import cell_text

    make_school_year(world.city, 2025)
    studio = _studio(world, "shenzhen")
    row = quotas.matrix([studio], dt.date(2025, 6, 1), today=dt.date(2025, 11, 1))["rows"][0]
    assert cell_text(row["cells"]["offline_monthly"]) == "—（早于工作室授牌、开始建设周期的日期（2025-09-01）。）"
    assert cell_text(None) == "—（不是该工作室所属批次的指标。）"
