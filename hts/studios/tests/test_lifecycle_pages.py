"""Lifecycle on the pages (issue 13, points 6, 7 and 9): the yellow card wherever a studio is listed,
assessment dates that cannot be impossible with the due one offered, and closed studios whose
archive, activities and grades stay reachable read-only."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.accounts.models import User
from hts.studios import services
from hts.studios.models import Batch, Membership, Studio, StudioAssessment
from hts.studios.policy_templates import policy_values
from testkit import World, client_for, make_running_studio, make_teacher, make_user


@pytest.fixture
def yellow(world: World) -> Studio:
    return make_running_studio(world, status=Studio.Status.YELLOW_CARD, name="黄牌工作室")


@pytest.fixture
def member(world: World, yellow: Studio) -> User:
    teacher = make_teacher(world.school_a2, "成员甲", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=yellow, role="member", teacher=teacher, status="active")
    return make_user("member_a", teacher=teacher)


def _my_studios(html: str) -> str:
    start = html.index('data-testid="my-studios"')
    return html[start : html.index("</ul>", start)]


# The yellow card, everywhere -------------------------------------------------------------------


def test_the_member_home_shows_the_yellow_card_not_running(member: User, yellow: Studio) -> None:
    section = _my_studios(client_for(member).get("/home/").content.decode())
    assert "黄牌工作室" in section and "黄牌警告" in section
    assert "运行中" not in section


def test_the_join_directory_marks_a_yellow_carded_studio(world: World, yellow: Studio) -> None:
    teacher = make_teacher(world.school_a2, "想加入", serving_since=dt.date(2016, 9, 1))
    html = client_for(make_user("joiner", teacher=teacher)).get("/studios/join/").content.decode()
    assert "黄牌工作室" in html and "黄牌警告" in html


def test_the_quota_matrix_and_the_funds_list_mark_a_yellow_carded_studio(world: World, yellow: Studio) -> None:
    client = client_for(world.city_staff)
    matrix = client.get("/activities/quotas/").content.decode()
    row = matrix[matrix.index('data-testid="matrix-row-黄牌工作室"') :]
    assert "黄牌警告" in row[: row.index("</th>")]
    funds = client.get("/funds/").content.decode()
    assert "黄牌警告" in funds[funds.index("黄牌工作室") :][:400]


def test_the_coverage_table_counts_yellow_carded_studios_apart(world: World) -> None:
    batch = Batch.objects.create(region=world.city, name="深圳市第二批", tier="city", start_year=2026, cycle_years=3)
    from hts.studios.models import BatchPolicy

    BatchPolicy.objects.create(batch=batch, template="shenzhen", **policy_values("shenzhen"))
    Studio.objects.create(
        batch=batch, name="黄牌", stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status="yellow_card",
    )  # fmt: skip
    response = client_for(world.city_staff).get("/studios/coverage/")
    html = response.content.decode()
    assert 'data-testid="coverage-yellow"' in html and "1 个黄牌警告" in html


# Assessment dates ------------------------------------------------------------------------------


@pytest.fixture
def current(world: World) -> Studio:
    """A 2024–2026 studio assessed in November 2026: 2024 and 2025 have ended, 2026 has not."""
    return make_running_studio(world, start_year=2024)


def test_the_form_offers_the_assessment_that_is_due(world: World, current: Studio) -> None:
    client = client_for(world.city_staff)
    form = client.get(current.get_absolute_url()).context["assessment_form"]
    assert (form.initial["kind"], form.initial["year"]) == ("yearly", 2024)
    StudioAssessment.objects.create(studio=current, kind="yearly", year=2024, grade="qualified")
    StudioAssessment.objects.create(studio=current, kind="yearly", year=2025, grade="qualified")
    form = client.get(current.get_absolute_url()).context["assessment_form"]
    assert (form.initial["kind"], form.initial["year"]) == ("final", 2026)  # 2026 is the cycle's last year


def test_a_yearly_assessment_of_a_year_not_ended_is_refused_beside_the_year(world: World, current: Studio) -> None:
    response = client_for(world.city_staff).post(
        f"/studios/{current.uid}/assess/", {"kind": "yearly", "year": "2026", "grade": "failed"}
    )
    assert response.status_code == 400
    assert "2026 年尚未结束" in response.content.decode()
    current.refresh_from_db()
    assert current.status == Studio.Status.ACTIVE
    assert not StudioAssessment.objects.exists()


def test_the_end_of_cycle_grade_is_refused_before_the_last_year(world: World) -> None:
    studio = make_running_studio(world, start_year=2026)  # 2026–2028: it has just started
    with pytest.raises(Exception, match="2028"):
        services.assessment_record(actor=world.city_staff, studio=studio, kind="final", year=2028, grade="excellent")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.ACTIVE and studio.final_grade == ""


def test_an_expired_studio_gets_its_end_of_cycle_grade(world: World) -> None:
    studio = make_running_studio(world, start_year=2023)  # 2023–2025
    services.studios_expire()
    studio.refresh_from_db()
    assert studio.status == Studio.Status.EXPIRED
    services.assessment_record(actor=world.city_staff, studio=studio, kind="yearly", year=2025, grade="qualified")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.EXPIRED  # a passed year does not reopen it
    services.assessment_record(actor=world.city_staff, studio=studio, kind="final", year=2025, grade="excellent")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.COMPLETED and studio.final_grade == "excellent"


# Closed studios stay reachable ------------------------------------------------------------------


@pytest.mark.parametrize("status", [Studio.Status.REVOKED, Studio.Status.EXPIRED])
def test_a_closed_studio_keeps_its_archive_activities_and_grades_reachable_read_only(world: World, status: str) -> None:
    studio = make_running_studio(world, status=status, name="已关闭工作室")
    host = client_for(world.teacher_user)
    page = host.get(studio.get_absolute_url()).content.decode()
    for link in ("archive-link", "grades-link", "activities-link"):
        assert f'data-testid="{link}"' in page, link
    archive = host.get(f"/archives/studio/{studio.uid}/")
    assert archive.status_code == 200
    html = archive.content.decode()
    assert 'data-testid="archive-read-only"' in html and 'data-testid="new-material"' not in html
    assert host.get(f"/evaluation/grades/studio/{studio.uid}/").status_code == 200


# Eligibility where people look ------------------------------------------------------------------


def test_an_excellent_end_of_cycle_grade_shows_on_the_hosts_profile_and_the_bureau_list(world: World) -> None:
    studio = make_running_studio(world, start_year=2023, name="优秀工作室")  # 2023–2025
    other = make_running_studio(world, start_year=2023, name="未考核工作室")
    Studio.objects.filter(pk=other.pk).update(host=world.teacher_b, host_school=world.school_b)
    services.studios_expire()
    studio.refresh_from_db()
    services.assessment_record(actor=world.city_staff, studio=studio, kind="final", year=2025, grade="excellent")
    client = client_for(world.city_staff)
    profile = client.get(f"/org/teachers/{world.teacher_a.uid}/").content.decode()
    assert 'data-testid="host-eligibility"' in profile and "优秀工作室" in profile
    assert studio.batch.policy.excellent_eligibility in profile
    listing = client.get("/studios/eligible-hosts/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "李红" in html and "优秀工作室" in html and "未考核工作室" not in html
    # Another district's staff see no host of 福田区.
    assert "李红" not in client_for(world.district_b_staff).get("/studios/eligible-hosts/").content.decode()
    # A teacher is refused the bureau's list.
    assert client_for(world.outsider_teacher_user).get("/studios/eligible-hosts/").status_code in (403, 404)
