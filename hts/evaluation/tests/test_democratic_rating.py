"""Democratic rating: the organiser adds a rating and issues one-time links; a link rates once without
signing in; results per person appear only from the rating's threshold; no page ties an answer to a link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from hts.core.models import AuditEntry
from hts.evaluation.democratic import services
from hts.evaluation.democratic.models import DemocraticRating, RatingResponse, RatingToken
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.tests.conftest import RoundWorld, make_round
from testkit import World, client_for, run_at_once


def _rating(rw: RoundWorld, **extra: Any) -> DemocraticRating:
    data = {"audience": "parents", "question": "您对这位班主任的工作满意吗？", "scale": 5, "min_responses": 3}
    return DemocraticRating.objects.create(round=rw.round, **{**data, **extra})


def _issue(rw: RoundWorld, rating: DemocraticRating, n: int = 3) -> list[Any]:
    return services.rating_tokens_issue(actor=rw.organiser, rating=rating, per_subject=n)


def test_the_organiser_adds_a_rating_to_an_open_round(rounds: RoundWorld) -> None:
    client = client_for(rounds.organiser)
    url = f"/evaluation/democratic/round/{rounds.round.uid}/new/"
    page = client.get(url)
    assert page.status_code == 200
    # Every field is named in Chinese (the rubric item's field has no translated name on its model).
    labels = [str(field.label) for field in page.context["form"]]
    assert "评分项" in labels and not any(label.isascii() for label in labels), labels
    item = rounds.version.items.get(number=21)
    response = client.post(
        url,
        {"audience": "parents", "question": "满意吗？", "scale": "5", "min_responses": "10", "item": str(item.pk)},
    )
    rating = DemocraticRating.objects.get(round=rounds.round)
    assert response.status_code == 302
    assert response["Location"] == f"/evaluation/democratic/{rating.uid}/"
    assert rating.item == item
    assert AuditEntry.objects.filter(action="evaluation.democratic.created").exists()
    # A second rating by the same audience is refused, input kept.
    again = client.post(url, {"audience": "parents", "question": "再问一次", "scale": "5", "min_responses": "10"})
    assert again.status_code == 400
    assert "再问一次" in again.content.decode()
    assert DemocraticRating.objects.count() == 1


def test_a_closed_round_takes_no_new_rating(rounds: RoundWorld) -> None:
    rounds.round.status = EvaluationRound.Status.CLOSED
    rounds.round.save()
    response = client_for(rounds.organiser).post(
        f"/evaluation/democratic/round/{rounds.round.uid}/new/",
        {"audience": "pupils", "question": "q", "scale": "5", "min_responses": "10"},
    )
    assert response.status_code == 400
    assert not DemocraticRating.objects.exists()


def test_outsiders_cannot_reach_the_rating(rounds: RoundWorld, world: World) -> None:
    rating = _rating(rounds)
    for user in (world.district_b_staff, world.school_staff.__class__.objects.get(username="rater2")):
        client = client_for(user)
        assert client.get(f"/evaluation/democratic/{rating.uid}/").status_code in (403, 404)
        assert client.get(f"/evaluation/democratic/round/{rounds.round.uid}/new/").status_code in (403, 404)
        assert client.post(f"/evaluation/democratic/{rating.uid}/links/", {"per_subject": "2"}).status_code in (
            403,
            404,
        )
    assert client_for(world.district_b_staff).get(f"/evaluation/democratic/{rating.uid}/").status_code == 404
    assert client_for(world.teacher_user).get(f"/evaluation/democratic/{rating.uid}/").status_code == 403
    assert not RatingToken.objects.exists()


def test_links_are_shown_once_with_qr_codes_and_only_hashes_are_kept(rounds: RoundWorld) -> None:
    rating = _rating(rounds)
    response = client_for(rounds.organiser).post(f"/evaluation/democratic/{rating.uid}/links/", {"per_subject": "2"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    tokens = re.findall(r"/evaluation/democratic/r/([A-Za-z0-9_-]+)/", body)
    assert len(set(tokens)) == 6
    assert body.count("<svg") == 6
    hashes = set(RatingToken.objects.values_list("token_hash", flat=True))
    assert hashes == {services.token_hash(t) for t in tokens}
    assert not any(t in hashes for t in tokens)
    # The results page shows counts, never a token.
    detail = client_for(rounds.organiser).get(f"/evaluation/democratic/{rating.uid}/").content.decode()
    assert not any(t in detail for t in tokens)


def test_issuing_refuses_a_bad_count(rounds: RoundWorld) -> None:
    rating = _rating(rounds)
    response = client_for(rounds.organiser).post(f"/evaluation/democratic/{rating.uid}/links/", {"per_subject": "0"})
    assert response.status_code == 400
    assert not RatingToken.objects.exists()


def test_a_link_rates_once_without_signing_in(rounds: RoundWorld, client: Any) -> None:
    rating = _rating(rounds)
    issued = _issue(rounds, rating, 1)
    entry = issued[0]
    url = f"/evaluation/democratic/r/{entry.token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert entry.subject.teacher.name in page.content.decode()
    assert rating.question in page.content.decode()
    response = client.post(url, {"mark": "4", "comment": "很负责"})
    assert response.status_code == 200
    assert "匿名" in response.content.decode() or "anonymous" in response.content.decode()
    answer = RatingResponse.objects.get()
    assert (answer.subject, answer.mark, answer.comment) == (entry.subject, 4, "很负责")
    assert RatingToken.objects.get(token_hash=services.token_hash(entry.token)).used
    again = client.post(url, {"mark": "1"})
    assert again.status_code == 410
    assert RatingResponse.objects.count() == 1
    assert client.get(url).status_code == 410


def test_a_mark_out_of_the_scale_is_refused_and_the_link_stays_unused(rounds: RoundWorld, client: Any) -> None:
    rating = _rating(rounds)
    entry = _issue(rounds, rating, 1)[0]
    response = client.post(f"/evaluation/democratic/r/{entry.token}/", {"mark": "6", "comment": "留着"})
    assert response.status_code == 400
    assert "留着" in response.content.decode()
    assert not RatingResponse.objects.exists()
    assert not RatingToken.objects.filter(used=True).exists()


@pytest.mark.parametrize("case", ["unknown", "round_closed", "past_closes_on", "draft"])
def test_unusable_links_are_refused_clearly_and_write_nothing(rounds: RoundWorld, client: Any, case: str) -> None:
    rating = _rating(rounds, closes_on=dt.date(2000, 1, 1) if case == "past_closes_on" else None)
    entry = _issue(rounds, rating, 1)[0]
    token = "nonsense-token" if case == "unknown" else entry.token
    if case in ("round_closed", "draft"):
        rounds.round.status = "closed" if case == "round_closed" else "draft"
        rounds.round.save()
    response = client.post(f"/evaluation/democratic/r/{token}/", {"mark": "3"})
    assert response.status_code == (404 if case == "unknown" else 410)
    assert 'data-testid="rating-refused"' in response.content.decode()
    assert not RatingResponse.objects.exists()
    assert not RatingToken.objects.filter(used=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_link_used_twice_at_once_records_one_answer(world: World) -> None:
    from django.apps import apps

    from hts.evaluation.rubrics.builtin import install_builtin
    from hts.evaluation.tests.conftest import add_subject
    from testkit import make_teacher

    install_builtin(apps)  # an earlier transactional test's flush removes what the data migration installed
    rnd = make_round(world, status="open")
    add_subject(rnd, make_teacher(world.school_a, "并发老师"))
    rating = DemocraticRating.objects.create(round=rnd, audience="pupils", question="q", scale=5, min_responses=3)
    token = services.rating_tokens_issue(actor=world.school_staff, rating=rating, per_subject=1)[0].token

    def answer() -> str:
        services.rating_respond(token=token, mark=5)
        return "ok"

    outcomes = ["refused" if isinstance(r, services.TokenRefused) else r for r in run_at_once([answer] * 4)]
    assert outcomes.count("ok") == 1
    assert RatingResponse.objects.count() == 1


def test_a_stale_token_row_cannot_claim_twice(rounds: RoundWorld) -> None:
    """The claim is a conditional UPDATE: a second answer that read the token before the first one
    used it (simulated by marking it used after the lookup) is refused and writes nothing."""
    rating = _rating(rounds)
    entry = _issue(rounds, rating, 1)[0]
    original = services.token_lookup

    def lookup_then_someone_else_answers(token: str) -> Any:
        row = original(token)
        RatingToken.objects.filter(pk=row.pk).update(used=True)
        return row

    services.token_lookup = lookup_then_someone_else_answers  # type: ignore[assignment]
    try:
        with pytest.raises(services.TokenRefused) as refused:
            services.rating_respond(token=entry.token, mark=3)
    finally:
        services.token_lookup = original  # type: ignore[assignment]
    assert refused.value.status == 410
    assert not RatingResponse.objects.exists()


def test_results_show_only_from_the_threshold(
    rounds: RoundWorld, client: Any, django_assert_max_num_queries: Any
) -> None:
    rating = _rating(rounds, min_responses=3)
    issued = _issue(rounds, rating, 3)
    first, second = rounds.subjects[0], rounds.subjects[1]
    marks = {first.pk: [5, 4, 3], second.pk: [2, 2]}
    for subject_id, subject_marks in marks.items():
        tokens = [e.token for e in issued if e.subject.pk == subject_id]
        for token, mark in zip(tokens, subject_marks, strict=False):
            client.post(f"/evaluation/democratic/r/{token}/", {"mark": str(mark), "comment": f"评语{mark}"})
    organiser = client_for(rounds.organiser)
    organiser.get(f"/evaluation/democratic/{rating.uid}/")  # warm the session and principal caches
    # session, user, roles, studio grants, rating (scoped round subquery), people, answers, comments, tokens
    with django_assert_max_num_queries(12):
        response = organiser.get(f"/evaluation/democratic/{rating.uid}/")
    assert response.status_code == 200
    results = {row.subject.pk: row for row in response.context["results"]}
    assert results[first.pk].count == 3
    assert str(results[first.pk].mean) == "4.00"
    assert results[second.pk].count == 2
    assert results[second.pk].mean is None
    assert results[second.pk].comments == []
    body = response.content.decode()
    assert "4.00" in body
    assert "评语2" not in body  # below the threshold nothing of the answers shows
    assert "评语5" in body


def test_no_page_or_record_ties_an_answer_to_a_link(rounds: RoundWorld, client: Any) -> None:
    field_names = {f.name for f in RatingResponse._meta.get_fields()}
    assert field_names == {"id", "rating", "subject", "mark", "comment"}
    rating = _rating(rounds)
    entry = _issue(rounds, rating, 1)[0]
    client.post(f"/evaluation/democratic/r/{entry.token}/", {"mark": "5"})
    answer = RatingResponse.objects.get()
    token_row = RatingToken.objects.get(token_hash=services.token_hash(entry.token))
    body = client_for(rounds.organiser).get(f"/evaluation/democratic/{rating.uid}/").content.decode()
    assert str(answer.id) not in body
    assert token_row.token_hash not in body
    entries = AuditEntry.objects.all()
    assert not any(entry.token in str(e.changes) or str(answer.id) in str(e.changes) for e in entries)
