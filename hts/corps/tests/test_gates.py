"""The gates of 001 8 with 001's numbers (2 years for a title application, 3 for promotion, a
confirmed failing year bars honours and promotion until the next school year), on the profile and on
the school's page, with the credited club work, the 优秀 share and the title export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hts.core.models import AuditEntry, ExportJob
from hts.corps.gates.models import CreditedService, ExcellentCount, ExcellentShare
from hts.corps.gates.selectors import HONOURS, PROMOTION, TITLE, gates_of
from hts.corps.models import CorpsPolicy
from hts.evaluation.models import YearlyFailure
from hts.evaluation.tests.conftest import add_subject, make_round
from hts.org.models import HeadTeacherService, SchoolYear, Teacher
from hts.org.service_time import reached_on
from testkit import World, client_for, make_school_year, make_teacher, make_user


def ganyu_policy(world: World, **extra: Any) -> CorpsPolicy:
    values = {
        "title_min_service_years": 2,
        "promotion_min_service_years": 3,
        "failing_year_blocks_honours": True,
        "template": "ganyu",
        **extra,
    }
    return CorpsPolicy.objects.create(region=world.city, **values)


def _by_code(gates: list[Any]) -> dict[str, Any]:
    return {gate.code: gate for gate in gates}


# The rule, on hand-built records ---------------------------------------------------------------


def test_two_years_open_the_title_gate_and_three_the_promotion_gate(world: World) -> None:
    policy = ganyu_policy(world)
    service = [(dt.date(2024, 9, 1), None)]
    on = dt.date(2026, 3, 1)
    gates = _by_code(gates_of(policy, service=service, credited=[], failures=[], years=[], on=on))
    assert not gates[TITLE].open and gates[TITLE].opens_on == dt.date(2026, 9, 1)
    assert not gates[PROMOTION].open and gates[PROMOTION].opens_on == dt.date(2027, 9, 1)
    # 546 days / 365 = 1.496, rounded down: the figure never shows time not yet served.
    assert "1.4" in gates[TITLE].reason and "2" in gates[TITLE].reason
    assert gates[HONOURS].open
    # On the second anniversary the title gate opens; promotion waits for the third.
    gates = _by_code(gates_of(policy, service=service, credited=[], failures=[], years=[], on=dt.date(2026, 9, 1)))
    assert gates[TITLE].open and not gates[PROMOTION].open
    gates = _by_code(gates_of(policy, service=service, credited=[], failures=[], years=[], on=dt.date(2027, 9, 1)))
    assert gates[PROMOTION].open


def test_overlapping_periods_count_once_and_a_closed_career_never_opens() -> None:
    # Two classes at once for a year count one year, not two.
    overlapping = [(dt.date(2024, 9, 1), dt.date(2025, 8, 31)), (dt.date(2024, 9, 1), dt.date(2025, 8, 31))]
    assert reached_on(overlapping, 2) is None
    # A gap is not counted: one year, a year off, then serving again.
    gap = [(dt.date(2020, 9, 1), dt.date(2021, 8, 31)), (dt.date(2022, 9, 1), None)]
    assert reached_on(gap, 2) == dt.date(2023, 9, 1)


def test_credited_club_work_counts_for_the_title_but_not_for_promotion(world: World) -> None:
    policy = ganyu_policy(world)
    service = [(dt.date(2025, 9, 1), None)]
    credited = [(dt.date(2024, 9, 1), dt.date(2025, 8, 31))]
    gates = _by_code(
        gates_of(policy, service=service, credited=credited, failures=[], years=[], on=dt.date(2026, 9, 1))
    )
    assert gates[TITLE].open
    assert not gates[PROMOTION].open and gates[PROMOTION].opens_on == dt.date(2028, 9, 1)


def test_a_rule_left_empty_is_off(world: World) -> None:
    policy = ganyu_policy(world, title_min_service_years=None, failing_year_blocks_honours=False)
    gates = gates_of(policy, service=[], credited=[], failures=[], years=[], on=dt.date(2026, 3, 1))
    assert [gate.code for gate in gates] == [PROMOTION]
    assert gates_of(None, service=[], credited=[], failures=[], years=[], on=dt.date(2026, 3, 1)) == []


def _this_year(world: World) -> SchoolYear:
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    make_school_year(world.city, start + 1)
    return make_school_year(world.city, start)


def _failure(world: World, teacher: Teacher, year: SchoolYear, status: str) -> YearlyFailure:
    rnd = make_round(
        world, school_year=year, semester=year.semesters.get(kind="autumn"), month=year.starts_on, period="yearly"
    )
    return YearlyFailure.objects.create(
        teacher=teacher, school_year=year, subject=add_subject(rnd, teacher), status=status
    )


def test_a_confirmed_failing_year_bars_honours_until_the_next_school_year(world: World) -> None:
    ganyu_policy(world)
    year = _this_year(world)
    _failure(world, world.teacher_a, year, YearlyFailure.Status.CONFIRMED)
    page = client_for(world.teacher_user).get(f"/org/teachers/{world.teacher_a.uid}/")
    text = page.content.decode()
    assert 'data-testid="gate-honours"' in text
    assert (year.ends_on + dt.timedelta(days=1)).isoformat() in text  # the next school year starts then


def test_only_a_confirmed_failure_counts(world: World) -> None:
    ganyu_policy(world)
    year = _this_year(world)
    _failure(world, world.teacher_a, year, YearlyFailure.Status.REPORTED)
    from hts.corps.gates.selectors import teacher_gates

    assert _by_code(teacher_gates(world.teacher_a))[HONOURS].open


# The profile and the school's page -------------------------------------------------------------


def test_the_profile_shows_each_gate_with_its_reason_and_date(world: World) -> None:
    ganyu_policy(world)
    today = timezone.localdate()
    start = today - dt.timedelta(days=400)
    young = make_teacher(world.school_a, "周新", serving_since=start)
    user = make_user("young", teacher=young)
    text = client_for(user).get(f"/org/teachers/{young.uid}/").content.decode()
    assert 'data-testid="gate-title"' in text and 'data-testid="gate-promotion"' in text
    # Two and three years after the start (29 February starts aside).
    assert start.replace(year=start.year + 2).isoformat() in text
    assert start.replace(year=start.year + 3).isoformat() in text


def test_no_policy_no_gates_on_the_profile(world: World) -> None:
    text = client_for(world.teacher_user).get(f"/org/teachers/{world.teacher_a.uid}/").content.decode()
    assert "gate-title" not in text


def _head_teachers(world: World, count: int) -> None:
    today = timezone.localdate()
    for n in range(count):
        teacher = make_teacher(world.school_a, f"教师{n:02d}", serving_since=today - dt.timedelta(days=300 * n))
        HeadTeacherService.objects.create(
            teacher=teacher, school=world.school_a2, started_on=today - dt.timedelta(days=50)
        )


def test_the_school_page_lists_head_teachers_with_gates_in_a_query_budget(
    world: World, django_assert_max_num_queries: Any
) -> None:
    ganyu_policy(world)
    _this_year(world)
    _head_teachers(world, 30)
    client = client_for(world.school_staff)
    assert client.get("/corps/gates/")["Location"] == f"/corps/gates/{world.school_a.uid}/"
    with django_assert_max_num_queries(25):
        page = client.get(f"/corps/gates/{world.school_a.uid}/")
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="gate-row"') == 25
    with django_assert_max_num_queries(25):
        assert client.get(f"/corps/gates/{world.school_a.uid}/?page=2").status_code == 200


def test_school_staff_credit_club_work_and_the_title_gate_counts_it(world: World) -> None:
    ganyu_policy(world)
    today = timezone.localdate()
    teacher = make_teacher(world.school_a, "社团老师", serving_since=today - dt.timedelta(days=400))
    client = client_for(world.school_staff)
    data = {
        "teacher": teacher.pk,
        "started_on": (today - dt.timedelta(days=800)).isoformat(),
        "ended_on": (today - dt.timedelta(days=401)).isoformat(),
        "what": "书法兴趣小组辅导",
        "reason": "校务会认定等同班主任工作",
    }
    response = client.post(f"/corps/gates/{world.school_a.uid}/credited/new/", data)
    assert response.status_code == 302
    record = CreditedService.objects.get()
    assert record.created_by == world.school_staff
    assert AuditEntry.objects.filter(action="corps.credited_service.created").count() == 1
    from hts.corps.gates.selectors import teacher_gates

    gates = _by_code(teacher_gates(teacher))
    assert gates[TITLE].open and not gates[PROMOTION].open
    # An end before the start is refused, nothing written.
    bad = client.post(f"/corps/gates/{world.school_a.uid}/credited/new/", {**data, "ended_on": "2000-01-01"})
    assert bad.status_code == 400 and CreditedService.objects.count() == 1


def test_a_teacher_of_another_school_cannot_be_credited(world: World) -> None:
    data = {
        "teacher": world.teacher_b.pk,
        "started_on": "2024-09-01",
        "ended_on": "2025-07-01",
        "what": "社团",
        "reason": "认定",
    }
    response = client_for(world.school_staff).post(f"/corps/gates/{world.school_a.uid}/credited/new/", data)
    assert response.status_code == 400 and not CreditedService.objects.exists()


def test_the_excellent_share_is_met_or_not(world: World) -> None:
    _this_year(world)
    client = client_for(world.school_staff)
    url = f"/corps/gates/{world.school_a.uid}/"
    assert client.post(f"{url}share/", {"percent": "30"}).status_code == 302
    assert client.post(f"{url}counts/", {"total": "10", "head_teachers": "2"}).status_code == 302
    assert 'data-testid="share-not-met"' in client.get(url).content.decode()
    assert client.post(f"{url}counts/", {"total": "10", "head_teachers": "3"}).status_code == 302
    assert 'data-testid="share-met"' in client.get(url).content.decode()
    assert ExcellentShare.objects.get().percent == 30 and ExcellentCount.objects.get().head_teachers == 3
    # More head teachers than 优秀 in all is refused.
    assert client.post(f"{url}counts/", {"total": "2", "head_teachers": "3"}).status_code == 400
    assert ExcellentCount.objects.get().total == 10


def test_the_title_export_lists_who_may_apply(world: World, django_capture_on_commit_callbacks: Any) -> None:
    ganyu_policy(world)
    year = _this_year(world)
    today = timezone.localdate()
    make_teacher(world.school_a, "资深老师", serving_since=today - dt.timedelta(days=1000))
    make_teacher(world.school_a, "新手老师", serving_since=today - dt.timedelta(days=100))
    failed = make_teacher(world.school_a, "未通过", serving_since=today - dt.timedelta(days=1000))
    _failure(world, failed, year, YearlyFailure.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.school_staff).post(f"/corps/gates/{world.school_a.uid}/export/")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    sheet = load_workbook(io.BytesIO(job.file.read())).worksheets[0]
    names = [cell.value for cell in sheet["A"]][2:]  # below the title row and the header
    assert "资深老师" in names and "新手老师" not in names and "未通过" not in names


# Refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_school", "other_district"])
def test_staff_outside_the_school_get_404(world: World, who: str) -> None:
    user = (
        make_user("school_b", "school_staff", school=world.school_b)
        if who == "other_school"
        else world.district_b_staff
    )
    client = client_for(user)
    url = f"/corps/gates/{world.school_a.uid}/"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}share/", {"percent": "30"}).status_code in (403, 404)
    assert client.post(f"{url}export/").status_code == 404
    credit = {
        "teacher": world.teacher_a.pk,
        "started_on": "2024-09-01",
        "ended_on": "2025-07-01",
        "what": "社团",
        "reason": "认定",
    }
    assert client.post(f"{url}credited/new/", credit).status_code in (403, 404)
    assert not ExcellentShare.objects.exists() and not ExportJob.objects.exists()
    assert not CreditedService.objects.exists()


@pytest.mark.parametrize("who", ["teacher_user", "outsider_teacher_user"])
def test_head_teachers_and_plain_teachers_are_refused(world: World, who: str) -> None:
    client = client_for(getattr(world, who))
    url = f"/corps/gates/{world.school_a.uid}/"
    assert client.get(url).status_code == 403
    assert client.post(f"{url}share/", {"percent": "30"}).status_code == 403
    assert client.post(f"{url}credited/new/", {}).status_code == 403
    assert client.post(f"{url}export/").status_code == 403


def test_the_district_bureau_sees_but_does_not_enter(world: World) -> None:
    client = client_for(world.district_staff)
    schools = client.get("/corps/gates/").content.decode()
    assert world.school_a.name in schools and world.school_a2.name in schools and world.school_b.name not in schools
    url = f"/corps/gates/{world.school_a.uid}/"
    assert client.get(url).status_code == 200
    assert client.post(f"{url}share/", {"percent": "30"}).status_code == 403
    assert not ExcellentShare.objects.exists()
