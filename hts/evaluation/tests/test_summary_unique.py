"""One summary per organiser and period (issue 13, 3): twenty POSTs made twenty drafts. The second
create is told the summary exists and where; the database holds it even when the POSTs arrive at once.
The summary's page and the list name the months it lacks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, OperationalError, transaction
from django.test import Client

from hts.evaluation.rounds import summaries
from hts.evaluation.rounds.models import EvaluationRound, Rater
from hts.evaluation.rubrics.builtin import install_builtin
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round, publish_by_hand, score_all
from testkit import World, client_for, run_at_once


def _published_october(world: World) -> EvaluationRound:
    october = make_round(world, status="open")
    rater = Rater.objects.create(round=october, user=world.school_staff)
    score_all(october, rater, add_subject(october, world.teacher_a), Decimal("0.8"))
    publish_by_hand(october)
    return october


@pytest.mark.django_db
def test_twenty_posts_one_after_another_make_one_summary_and_say_where_it_is(world: World) -> None:
    october = _published_october(world)
    client = client_for(world.school_staff)
    url = f"/evaluation/rounds/{october.uid}/summary/"
    for _ in range(20):
        response = client.post(url, {"period": "yearly"}, follow=True)
    yearly = EvaluationRound.objects.get(period="yearly")
    assert EvaluationRound.objects.filter(period="yearly").count() == 1
    page = response.content.decode()
    assert "已存在" in page and f'href="{yearly.get_absolute_url()}"' in page, page
    # A semester summary of the same organiser is another period: it may still be made, once.
    client.post(url, {"period": "semester"})
    client.post(url, {"period": "semester"})
    assert EvaluationRound.objects.filter(period="semester").count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_summary_key(world: World) -> None:
    october = _published_october(world)
    first = summaries.summary_round_create(actor=world.school_staff, source=october, period="yearly")
    second = make_round(world, period="yearly", title="另一个")
    second.summary_key = first.summary_key
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # Rounds that are not summaries all share the empty key.
    assert EvaluationRound.objects.filter(summary_key="").count() >= 2


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_make_one_summary(world: World) -> None:
    install_builtin(apps)  # an earlier transactional test may have emptied the tables
    october = _published_october(world)
    clients = [client_for(world.school_staff) for _ in range(20)]
    url = f"/evaluation/rounds/{october.uid}/summary/"

    def post(client: Client) -> int:
        status = client.post(url, {"period": "yearly"}).status_code
        if status == 400:
            # The test database (SQLite in memory, shared cache) answers "locked" at once where a file
            # or PostgreSQL database waits; saving the session then fails as "interrupted" (400).
            # run_at_once retries a "locked" call, as the user would press again.
            raise OperationalError("database table is locked (session)")
        return status

    results = run_at_once([(lambda c=c: post(c)) for c in clients])
    assert results == [302] * 20, results
    assert EvaluationRound.objects.filter(period="yearly").count() == 1


@pytest.mark.django_db
def test_the_summary_page_and_the_list_name_the_months_it_lacks(rounds: RoundWorld, world: World) -> None:
    for rater in rounds.raters:
        for subject in rounds.subjects:
            score_all(rounds.round, rater, subject, Decimal("0.8"))
    publish_by_hand(rounds.round)  # October 2026 only
    client = client_for(world.school_staff)
    client.post(f"/evaluation/rounds/{rounds.round.uid}/summary/", {"period": "semester"})
    summary = EvaluationRound.objects.get(period="semester")
    page = client.get(summary.get_absolute_url()).content.decode()
    # Autumn 2026-09-01 … 2027-01-20: September, November, December and January lack a round.
    assert "缺少：2026年9月、2026年11月、2026年12月、2027年1月" in page, page
    listing = client.get("/evaluation/rounds/").content.decode()
    assert 'data-testid="round-missing-months"' in listing and "缺少：2026年9月" in listing
    # A monthly round lacks nothing and says nothing.
    assert listing.count('data-testid="round-missing-months"') == 1


@pytest.mark.django_db
def test_the_list_reads_the_missing_months_of_a_page_in_constant_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    client = client_for(world.school_staff)
    for month in (9, 10, 11):
        rnd = make_round(world, title=f"{month}月", month=dt.date(2026, month, 1), status="open")
        score_all(
            rnd, Rater.objects.create(round=rnd, user=world.school_staff), add_subject(rnd, world.teacher_a), Decimal(1)
        )
        publish_by_hand(rnd)
    october = EvaluationRound.objects.get(month=dt.date(2026, 10, 1))
    client.post(f"/evaluation/rounds/{october.uid}/summary/", {"period": "semester"})
    client.post(f"/evaluation/rounds/{october.uid}/summary/", {"period": "yearly"})
    client.get("/evaluation/rounds/")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        page = client.get("/evaluation/rounds/").content.decode()
    assert page.count('data-testid="round-missing-months"') == 2
