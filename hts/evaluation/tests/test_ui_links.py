"""The evaluation pages are connected: the round page links to its objections (where it is finalised),
its democratic ratings and their results; those pages link back; 我的考评 leads a rater to their sheets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from hts.evaluation.democratic.models import DemocraticRating
from hts.evaluation.rounds.models import EvaluationRound, Rater
from hts.evaluation.rubrics.models import RubricVersion
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round, publish_by_hand, score_all
from testkit import World, client_for, make_running_studio, make_teacher, make_user

pytestmark = pytest.mark.django_db


def test_the_organiser_reaches_the_democratic_ratings_from_the_round(rounds: RoundWorld) -> None:
    client = client_for(rounds.organiser)
    page = client.get(rounds.round.get_absolute_url()).content.decode()
    assert f'href="/evaluation/democratic/round/{rounds.round.uid}/new/"' in page
    assert client.get(f"/evaluation/democratic/round/{rounds.round.uid}/new/").status_code == 200
    rating = DemocraticRating.objects.create(
        round=rounds.round, audience="parents", question="满意吗？", scale=5, min_responses=3
    )
    page = client.get(rounds.round.get_absolute_url()).content.decode()
    assert f'href="/evaluation/democratic/{rating.uid}/"' in page
    # The results page links back to its round.
    results = client.get(f"/evaluation/democratic/{rating.uid}/").content.decode()
    assert f'href="{rounds.round.get_absolute_url()}"' in results
    # Not published yet: no objections page to link to.
    assert "objections-link" not in page


def test_a_rater_who_does_not_organise_sees_no_democratic_section(rounds: RoundWorld) -> None:
    rater = rounds.raters[1].user
    response = client_for(rater).get(rounds.round.get_absolute_url())
    if response.status_code == 200:
        assert 'data-testid="democratic-ratings"' not in response.content.decode()
    else:
        assert response.status_code in (403, 404)
    assert client_for(rater).get(f"/evaluation/democratic/round/{rounds.round.uid}/new/").status_code == 403


def test_published_round_links_to_objections_whose_finalise_asks_first(rounds: RoundWorld, world: World) -> None:
    for subject in rounds.subjects:
        for rater in rounds.raters:
            score_all(rounds.round, rater, subject, Decimal("0.7"))
    publish_by_hand(rounds.round)
    client = client_for(rounds.organiser)
    page = client.get(rounds.round.get_absolute_url()).content.decode()
    objections_url = f"/evaluation/rounds/{rounds.round.uid}/objections/"
    assert f'href="{objections_url}"' in page
    objections = client.get(objections_url).content.decode()
    assert 'data-testid="finalise"' in objections and "data-confirm=" in objections
    assert f'href="{rounds.round.get_absolute_url()}"' in objections
    # Someone of another district gets nothing.
    assert client_for(world.district_b_staff).get(objections_url).status_code in (403, 404)


def test_a_final_studio_round_links_to_the_studio_grades(world: World) -> None:
    studio = make_running_studio(world)
    rnd = make_round(
        world,
        status="published",
        school=None,
        studio=studio,
        period=EvaluationRound.Period.SEMESTER,
        month=None,
        version=RubricVersion.objects.get(rubric__builtin_code="studio_member", number=1),
        created_by=world.teacher_user,
        objections_until=dt.date(2026, 1, 1),
    )
    client = client_for(world.teacher_user)
    url = f"/evaluation/rounds/{rnd.uid}/objections/"
    assert 'data-testid="grades-link"' not in client.get(url).content.decode()
    EvaluationRound.objects.filter(pk=rnd.pk).update(status="final")
    assert f'href="/evaluation/grades/studio/{studio.uid}/"' in client.get(url).content.decode()


def test_my_evaluations_leads_to_my_sheets(world: World) -> None:
    rnd = make_round(world, status="open")
    add_subject(rnd, make_teacher(world.school_a, "赵老师"))
    rater = make_user("rater9", teacher=make_teacher(world.school_a, "孙组长"))
    Rater.objects.create(round=rnd, user=rater)
    page = client_for(rater).get("/evaluation/mine/").content.decode()
    assert 'href="/evaluation/sheets/"' in page
    sheets = client_for(rater).get("/evaluation/sheets/").content.decode()
    assert rnd.title in sheets


def test_round_detail_with_ratings_stays_within_its_budget(
    rounds: RoundWorld, django_assert_max_num_queries: Any
) -> None:
    for audience in ("parents", "pupils", "colleagues"):
        DemocraticRating.objects.create(round=rounds.round, audience=audience, question="q", scale=5, min_responses=3)
    client = client_for(rounds.organiser)
    client.get(rounds.round.get_absolute_url())
    # As test_rounds_create's detail budget: the three ratings are read in one query.
    with django_assert_max_num_queries(19):
        response = client.get(rounds.round.get_absolute_url())
    assert response.content.decode().count("/evaluation/democratic/") >= 3
