"""The raters' scoring sheet: only the round's raters while it is open; bad scores refused beside the
field with the whole sheet kept; proposals from records need a reason to differ; history kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hts.evaluation.rounds.evidence import Proposal
from hts.evaluation.rounds.models import EvaluationRound, Rater, Score
from hts.evaluation.tests.conftest import RoundWorld, score_all
from testkit import World, client_for

pytestmark = pytest.mark.django_db


def _url(rounds: RoundWorld, index: int = 0) -> str:
    return f"/evaluation/rounds/{rounds.round.uid}/sheet/{rounds.subjects[index].uid}/"


def _full_sheet(rounds: RoundWorld, share: Decimal = Decimal("0.8")) -> dict[str, str]:
    return {
        f"item_{item.pk}": str((item.max_points * share).quantize(Decimal("0.01")))
        for item in rounds.version.items.all()
    }


@pytest.fixture
def no_proposals(monkeypatch: Any) -> None:
    """Hand-scored sheets: no computed proposals to differ from (evidence is tested by its own helper)."""
    monkeypatch.setattr("hts.evaluation.rounds.services.proposals_for", lambda rnd, subjects: {})
    monkeypatch.setattr("hts.evaluation.rounds.views.proposals_for", lambda rnd, subjects: {})


def test_the_sheet_page_within_its_query_budget(rounds: RoundWorld, django_assert_max_num_queries: Any) -> None:
    client = client_for(rounds.raters[1].user)
    # session, user, roles, studio grants, rater with round, subject, items, scores, neighbours, session
    # save (3) = 12, plus evidence.proposals_for for the person (about ten queries, fixed per sheet)
    with django_assert_max_num_queries(24):
        response = client.get(_url(rounds))
    assert response.status_code == 200
    assert response.content.decode().count('class="form-control form-control-sm sheet-points"') == 23


@pytest.mark.usefixtures("no_proposals")
def test_a_rater_scores_a_person_and_the_history_keeps_each_change(rounds: RoundWorld) -> None:
    client = client_for(rounds.raters[1].user)
    assert client.get(_url(rounds)).status_code == 200
    response = client.post(_url(rounds), {**_full_sheet(rounds), "then": "next"})
    assert response.status_code == 302
    assert "/sheet/" in response["Location"] and str(rounds.subjects[0].uid) not in response["Location"]
    scores = Score.objects.filter(rater=rounds.raters[1], subject=rounds.subjects[0])
    assert scores.count() == 23
    first = rounds.version.items.get(number=1)
    client.post(_url(rounds), {**_full_sheet(rounds), f"item_{first.pk}": "1"})
    score = scores.get(item=first)
    assert score.points == Decimal("1")
    assert score.history.count() == 2


@pytest.mark.usefixtures("no_proposals")
def test_a_score_above_the_maximum_or_negative_is_refused_and_the_sheet_kept(rounds: RoundWorld) -> None:
    client = client_for(rounds.raters[1].user)
    items = list(rounds.version.items.order_by("number"))
    data = {**_full_sheet(rounds), f"item_{items[0].pk}": "99", f"item_{items[1].pk}": "-1"}
    data[f"item_{items[2].pk}"] = "1.25"
    response = client.post(_url(rounds), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="99"' in body and 'value="-1"' in body and 'value="1.25"' in body
    assert 'class="invalid-feedback d-block"' in body
    assert not Score.objects.exists()


def test_the_service_refuses_over_the_maximum_too(rounds: RoundWorld) -> None:
    from django.core.exceptions import ValidationError

    from hts.evaluation.rounds.services import Entry, scores_save

    item = rounds.version.items.get(number=1)
    with pytest.raises(ValidationError) as error:
        scores_save(
            actor=rounds.raters[1].user,
            rater=rounds.raters[1],
            subject=rounds.subjects[0],
            entries={item.pk: Entry(points=item.max_points + 1)},
        )
    assert f"item_{item.pk}" in error.value.message_dict


def test_a_score_other_than_the_proposal_needs_a_reason(rounds: RoundWorld, monkeypatch: Any) -> None:
    item = rounds.version.items.get(number=3)
    proposal = Proposal(points=Decimal("2"), summary="学习笔记 6000 字", rows=[{"chars": 6000}])

    def fake(rnd: Any, subjects: Any) -> dict[tuple[int, int], Proposal]:
        return {(s.pk, item.pk): proposal for s in subjects}

    monkeypatch.setattr("hts.evaluation.rounds.services.proposals_for", fake)
    monkeypatch.setattr("hts.evaluation.rounds.views.proposals_for", fake)
    client = client_for(rounds.raters[1].user)
    page = client.get(_url(rounds)).content.decode()
    assert "学习笔记 6000 字" in page and f'name="item_{item.pk}" value="2"' in page
    data = {**_full_sheet(rounds), f"item_{item.pk}": "1"}
    assert client.post(_url(rounds), data).status_code == 400
    assert not Score.objects.exists()
    data[f"reason_{item.pk}"] = "笔记多为摘抄"
    assert client.post(_url(rounds), data).status_code == 302
    score = Score.objects.get(item=item, rater=rounds.raters[1])
    assert (score.points, score.proposed, score.reason) == (Decimal("1"), Decimal("2"), "笔记多为摘抄")
    assert score.evidence["summary"] == "学习笔记 6000 字"


def test_someone_not_in_the_round_is_refused(rounds: RoundWorld, world: World) -> None:
    for user in (world.outsider_teacher_user, world.district_staff, world.teacher_user):
        client = client_for(user)
        assert client.get(_url(rounds)).status_code == 404
        assert client.post(_url(rounds), _full_sheet(rounds)).status_code == 404
        assert client.get(f"/evaluation/rounds/{rounds.round.uid}/sheet/").status_code == 404
    assert not Score.objects.exists()
    assert client_for(world.legal_rep).get(_url(rounds)).status_code == 403


def test_no_scoring_once_the_round_is_closed(rounds: RoundWorld) -> None:
    rounds.round.status = "closed"
    rounds.round.save()
    client = client_for(rounds.raters[1].user)
    # The rater is sent to their list of sheets (told why), and a late POST saves nothing.
    assert client.get(_url(rounds))["Location"] == "/evaluation/sheets/"
    assert client.post(_url(rounds), _full_sheet(rounds))["Location"] == "/evaluation/sheets/"
    assert not Score.objects.exists()


@pytest.mark.usefixtures("no_proposals")
def test_submit_needs_every_person_fully_scored(rounds: RoundWorld) -> None:
    rater = rounds.raters[1]
    client = client_for(rater.user)
    url = f"/evaluation/rounds/{rounds.round.uid}/sheet/"
    client.post(_url(rounds), _full_sheet(rounds))
    client.post(url)
    rater.refresh_from_db()
    assert rater.submitted_at is None
    for subject in rounds.subjects[1:]:
        score_all(rounds.round, rater, subject, Decimal("0.7"))
    assert client.get(url).status_code == 200
    client.post(url)
    rater.refresh_from_db()
    assert rater.submitted_at is not None
    assert "rater2" not in [r.user.username for r in Rater.objects.filter(submitted_at__isnull=True)]


def test_my_sheets_lists_only_my_open_rounds(rounds: RoundWorld, world: World) -> None:
    body = client_for(rounds.raters[1].user).get("/evaluation/sheets/").content.decode()
    assert rounds.round.title in body
    assert rounds.round.title not in client_for(world.outsider_teacher_user).get("/evaluation/sheets/").content.decode()


def test_a_rater_following_a_sheet_link_after_scoring_closed_is_told_why(rounds: RoundWorld, world: World) -> None:
    EvaluationRound.objects.filter(pk=rounds.round.pk).update(status=EvaluationRound.Status.CLOSED)
    client = client_for(rounds.raters[1].user)
    for url in (_url(rounds), f"/evaluation/rounds/{rounds.round.uid}/sheet/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [("/evaluation/sheets/", 302)]
        assert "不在评分阶段" in response.content.decode()
    # Whoever never rated the round meets the same 404 as for a missing one.
    assert client_for(world.outsider_teacher_user).get(_url(rounds)).status_code in (403, 404)
    assert client_for(world.district_b_staff).get(_url(rounds)).status_code == 404
