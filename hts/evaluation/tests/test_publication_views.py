"""The pages a person and an organiser use after publication: my evaluations, the result item by item
(rater names hidden from the person), objections, corrections, finalising, and the PDF report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from hts.evaluation.publication.models import Objection
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.tests.conftest import RoundWorld, publish_by_hand, score_all
from testkit import client_for


@pytest.fixture
def published(rounds: RoundWorld) -> RoundWorld:
    for subject, share in zip(rounds.subjects, ("0.8", "0.7", "0.5"), strict=True):
        for rater in rounds.raters:
            score_all(rounds.round, rater, subject, Decimal(share))
    publish_by_hand(rounds.round)
    # Objections are open today.
    EvaluationRound.objects.filter(pk=rounds.round.pk).update(
        objections_until=timezone.localdate() + dt.timedelta(days=3)
    )
    rounds.round.refresh_from_db()
    for subject in rounds.subjects:
        subject.refresh_from_db()
    return rounds


def test_my_evaluations_lists_published_rounds_only(published: RoundWorld, django_assert_max_num_queries: Any) -> None:
    client = client_for(published.subject_users[0])
    with django_assert_max_num_queries(8):
        response = client.get("/evaluation/mine/")
    assert response.status_code == 200
    body = response.content.decode()
    assert published.round.title in body and "80" in body
    EvaluationRound.objects.filter(pk=published.round.pk).update(status=EvaluationRound.Status.CLOSED)
    assert published.round.title not in client.get("/evaluation/mine/").content.decode()
    # Staff without a teacher record have no "own" evaluations.
    assert client_for(published.organiser).get("/evaluation/mine/").status_code == 403


def test_the_person_sees_items_ranks_and_anonymous_raters(
    published: RoundWorld, django_assert_max_num_queries: Any
) -> None:
    subject = published.subjects[0]
    client = client_for(published.subject_users[0])
    with django_assert_max_num_queries(15):
        response = client.get(f"/evaluation/results/{subject.uid}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "评委1" in body and "评委2" in body
    assert "rater2" not in body  # the second rater's name
    assert 'data-testid="item-23"' in body
    assert 'data-testid="objection-form"' in body
    assert 'data-testid="correct-form"' not in body
    # The organiser sees the raters' names and may correct.
    organiser_body = client_for(published.organiser).get(f"/evaluation/results/{subject.uid}/").content.decode()
    assert "rater2" in organiser_body and 'data-testid="correct-form"' in organiser_body


def test_a_colleague_and_another_district_get_404(published: RoundWorld, world: Any) -> None:
    url = f"/evaluation/results/{published.subjects[0].uid}/"
    assert client_for(published.subject_users[1]).get(url).status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.district_staff).get(url).status_code == 200  # the bureau above the school
    assert client_for(world.nobody).get(url).status_code == 403
    assert client_for(published.subject_users[1]).get(url + "report.pdf").status_code == 404


def test_the_person_does_not_see_an_unpublished_result(published: RoundWorld) -> None:
    EvaluationRound.objects.filter(pk=published.round.pk).update(status=EvaluationRound.Status.CLOSED)
    url = f"/evaluation/results/{published.subjects[0].uid}/"
    assert client_for(published.subject_users[0]).get(url).status_code == 404
    assert client_for(published.organiser).get(url).status_code == 200


def test_objection_journey_through_the_pages(published: RoundWorld, django_assert_max_num_queries: Any) -> None:
    subject = published.subjects[2]
    item = published.version.items.get(number=17)
    person = client_for(published.subject_users[2])
    refused = person.post(f"/evaluation/results/{subject.uid}/objections/new/", {"item": item.pk, "reason": ""})
    assert refused.status_code == 400
    response = person.post(f"/evaluation/results/{subject.uid}/objections/new/", {"item": item.pk, "reason": "漏计"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    # A colleague cannot object for someone else (404: not theirs to see).
    colleague = client_for(published.subject_users[1])
    assert colleague.post(f"/evaluation/results/{subject.uid}/objections/new/", {"reason": "x"}).status_code == 404
    assert colleague.get(f"/evaluation/objections/{objection.uid}/").status_code == 404

    organiser = client_for(published.organiser)
    with django_assert_max_num_queries(10):
        listing = organiser.get(f"/evaluation/rounds/{published.round.uid}/objections/")
    assert listing.status_code == 200 and "漏计" in listing.content.decode()
    # The person cannot decide their own objection.
    assert person.post(f"/evaluation/objections/{objection.uid}/decide/", {}).status_code == 403
    missing_points = organiser.post(
        f"/evaluation/objections/{objection.uid}/decide/", {"decision": "upheld", "outcome": "补计", "item": item.pk}
    )
    assert missing_points.status_code == 400
    decided = organiser.post(
        f"/evaluation/objections/{objection.uid}/decide/",
        {"decision": "upheld", "outcome": "经核实补计", "item": item.pk, "new_points": str(item.max_points)},
    )
    assert decided.status_code == 302
    subject.refresh_from_db()
    page = person.get(f"/evaluation/results/{subject.uid}/").content.decode()
    assert "经核实补计" in page
    assert f'data-testid="total">{subject.total.normalize():f}' in page or str(subject.total) in page


def test_organiser_corrects_and_finalises_through_the_pages(published: RoundWorld, world: Any) -> None:
    subject = published.subjects[0]
    item = published.version.items.get(number=1)
    organiser = client_for(published.organiser)
    url = f"/evaluation/results/{subject.uid}/correct/"
    assert organiser.post(url, {"item": item.pk, "new_points": "999", "reason": "复核"}).status_code == 400
    assert (
        client_for(world.district_b_staff).post(url, {"item": item.pk, "new_points": "1", "reason": "x"}).status_code
        == 404
    )
    assert organiser.post(url, {"item": item.pk, "new_points": "1", "reason": "复核"}).status_code == 302
    assert "复核" in client_for(published.subject_users[0]).get(f"/evaluation/results/{subject.uid}/").content.decode()

    finalise = f"/evaluation/rounds/{published.round.uid}/finalise/"
    assert client_for(world.district_b_staff).post(finalise).status_code == 404
    organiser.post(finalise)  # within the objection period: refused with a message
    published.round.refresh_from_db()
    assert published.round.status == EvaluationRound.Status.PUBLISHED
    EvaluationRound.objects.filter(pk=published.round.pk).update(
        objections_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert organiser.post(finalise).status_code == 302
    published.round.refresh_from_db()
    assert published.round.status == EvaluationRound.Status.FINAL


def test_the_report_pdf(published: RoundWorld) -> None:
    subject = published.subjects[0]
    response = client_for(published.subject_users[0]).get(f"/evaluation/results/{subject.uid}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
