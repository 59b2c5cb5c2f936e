"""Issue 13, point 2: the host standard's research rule (studios) reads the research records the
bureau verified, through the registry research fills at start-up: concluded projects led or joined,
and projects recorded as achievements once verified. Checked through the apply and review pages."""

from __future__ import annotations

import datetime as dt

import pytest

from hts.org.models import Honour
from hts.research.models import Achievement, ResearchProject
from hts.studios import services
from hts.studios.models import Batch, Studio, Tier
from testkit import World, client_for, make_running_studio

APPLICATION = {"name": "向阳花工作室", "stage": "primary", "theme": "家校共育", "plan": "三年规划"}


@pytest.fixture
def batch(world: World) -> Batch:
    for kind, level in (("personal", "city"), ("class", "county")):
        Honour.objects.create(
            teacher=world.teacher_a, kind=kind, title="表彰", level=level, awarded_on=dt.date(2020, 9, 1)
        )
    return services.batch_create(
        actor=world.city_staff, region=world.city, name="深圳市第三批名班主任工作室", tier=Tier.CITY,
        start_year=2026, cycle_years=None, template="shenzhen",
    )  # fmt: skip


def _research_state(world: World, batch: Batch, **declared: str) -> str:
    """The research rule's state on the apply page, for what the applicant typed (the form is sent
    without a name, so the page comes back with the check)."""
    response = client_for(world.teacher_user).post(
        "/studios/apply/", {**APPLICATION, "name": "", "batch": str(batch.uid), **declared}
    )
    rule = next(r for r in response.context["check"] if r.code == "host.research")
    return "met" if rule.met else "pending" if rule.pending else "unmet"


def _project(world: World, status: str, level: str = "city") -> ResearchProject:
    studio = make_running_studio(world, start_year=2020, name="福田区德育工作室")
    return ResearchProject.objects.create(
        studio=studio, title="小学德育课题", level=level, status=status, lead=world.teacher_a,
        starts_on=dt.date(2021, 3, 1), ends_on=dt.date(2022, 12, 31),
    )  # fmt: skip


def _achievement(world: World, status: str, reason: str = "") -> Achievement:
    return Achievement.objects.create(
        owner=world.teacher_a, kind=Achievement.Kind.PROJECT, title="市级德育课题结题", level="city",
        achieved_on=dt.date(2023, 6, 1), issuer="深圳市教育科学研究院", status=status, reject_reason=reason,
    )  # fmt: skip


def test_a_concluded_city_project_meets_the_rule_without_a_declaration(world: World, batch: Batch) -> None:
    assert _research_state(world, batch) == "unmet"
    _project(world, ResearchProject.Status.CONCLUDED)
    assert _research_state(world, batch) == "met"


def test_a_project_still_running_or_below_the_level_does_not_count(world: World, batch: Batch) -> None:
    _project(world, ResearchProject.Status.MIDTERM)
    assert _research_state(world, batch) == "unmet"
    ResearchProject.objects.update(status=ResearchProject.Status.CONCLUDED, level="county")
    assert _research_state(world, batch) == "unmet"


def test_an_achievement_counts_once_the_bureau_verifies_it(world: World, batch: Batch) -> None:
    achievement = _achievement(world, Achievement.Status.PENDING)
    assert _research_state(world, batch, research_title="市级德育课题", research_level="city") == "pending"
    response = client_for(world.teacher_user).post(
        "/studios/apply/",
        {**APPLICATION, "batch": str(batch.uid), "research_title": "市级德育课题", "research_level": "city"},
    )
    assert response.status_code == 302
    studio = Studio.objects.get()
    # The bureau's review page points at the record still to verify, with its link.
    review = client_for(world.city_staff).get(f"/studios/{studio.uid}/").content.decode()
    assert f"/research/achievements/{achievement.uid}/" in review and "待核实" in review
    # Verifying the record (the research pages) meets the rule; the declaration needs no check then.
    assert client_for(world.city_staff).post(f"/research/achievements/{achievement.uid}/verify/").status_code == 302
    review = client_for(world.city_staff).get(f"/studios/{studio.uid}/").content.decode()
    assert 'data-testid="rule-host.research" data-state="met"' in review
    assert (
        client_for(world.city_staff).post(f"/studios/{studio.uid}/review/material/", {"passed": "1"}).status_code == 302
    )


def test_a_rejected_achievement_is_not_a_record(world: World, batch: Batch) -> None:
    _achievement(world, Achievement.Status.REJECTED, reason="证书不符")
    assert _research_state(world, batch) == "unmet"
