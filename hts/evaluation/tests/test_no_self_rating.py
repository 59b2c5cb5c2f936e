"""No one rates themself (issue 13, 4): a host rated himself in his own round and ranked first. A
person evaluated in a round cannot be its rater (refused in the services, kept out of the rater
choice, and the round cannot open with one), and an observer never scores their own lesson."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from hts.evaluation.observations import services as observation_services
from hts.evaluation.observations.models import Observation, Observer
from hts.evaluation.rounds.models import EvaluationRound, Rater, Score
from hts.evaluation.rounds.selectors import rater_candidates
from hts.evaluation.rounds.services import Entry, scores_save
from hts.evaluation.rubrics.models import RubricVersion
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round
from testkit import World, client_for, make_running_studio, make_school_year

pytestmark = pytest.mark.django_db


def _studio_round(world: World) -> EvaluationRound:
    """A draft semester round of the host's own studio (world.teacher_user hosts it)."""
    studio = make_running_studio(world)
    year = make_school_year(world.city, 2026)
    version = RubricVersion.objects.get(rubric__builtin_code="studio_member", number=1)
    return EvaluationRound.objects.create(
        title="学期考核",
        period="semester",
        school_year=year,
        semester=year.semesters.get(kind="autumn"),
        studio=studio,
        region_path=studio.host_school.region.path,
        version=version,
        created_by=world.teacher_user,
    )


def test_the_host_evaluated_in_his_round_cannot_add_himself_as_rater(world: World) -> None:
    rnd = _studio_round(world)
    host = world.teacher_user
    client = client_for(host)
    url = f"/evaluation/rounds/{rnd.uid}/"
    assert client.post(url + "subjects/add/", {"subject-query": world.teacher_a.name}).status_code == 302
    assert host in rater_candidates(rnd, subjects_too=True)
    assert host not in rater_candidates(rnd)  # kept out of the rater choice
    refused = client.post(url + "raters/add/", {"rater-query": host.username})
    assert refused.status_code == 400
    assert "自己" in refused.content.decode()
    assert not rnd.raters.exists()


def test_a_rater_cannot_be_added_as_a_person_evaluated(world: World) -> None:
    rnd = _studio_round(world)
    host = world.teacher_user
    client = client_for(host)
    url = f"/evaluation/rounds/{rnd.uid}/"
    assert client.post(url + "raters/add/", {"rater-query": host.username}).status_code == 302
    refused = client.post(url + "subjects/add/", {"subject-query": world.teacher_a.name})
    assert refused.status_code == 400
    assert "自己" in refused.content.decode()
    assert not rnd.subjects.exists()


def test_a_round_whose_rater_is_evaluated_in_it_does_not_open(world: World) -> None:
    rnd = make_round(world)
    add_subject(rnd, world.teacher_a)
    Rater.objects.create(round=rnd, user=world.teacher_user)  # written before the rule existed
    response = client_for(world.school_staff).post(f"/evaluation/rounds/{rnd.uid}/open/", follow=True)
    assert world.teacher_a.name in response.content.decode() and "自己" in response.content.decode()
    rnd.refresh_from_db()
    assert rnd.status == "draft"


def test_a_rater_cannot_score_themself_on_the_sheet_or_in_the_service(rounds: RoundWorld, world: World) -> None:
    rater = Rater.objects.create(round=rounds.round, user=world.teacher_user)  # teacher_a is subjects[0]
    own, other = rounds.subjects[0], rounds.subjects[1]
    item = rounds.version.items.order_by("number").first()
    assert item is not None
    client = client_for(world.teacher_user)
    sheet = f"/evaluation/rounds/{rounds.round.uid}/sheet/"
    response = client.post(f"{sheet}{own.uid}/", {f"item_{item.pk}": "1", f"reason_{item.pk}": "自评"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        scores_save(actor=world.teacher_user, rater=rater, subject=own, entries={item.pk: Entry(Decimal("1"), "自评")})
    assert not Score.objects.filter(rater=rater).exists()
    # Someone else they may still rate.
    scores_save(actor=world.teacher_user, rater=rater, subject=other, entries={item.pk: Entry(Decimal("1"), "依据")})
    assert Score.objects.filter(rater=rater, subject=other).count() == 1


def test_an_observer_cannot_score_their_own_lesson(world: World) -> None:
    lesson = RubricVersion.objects.get(rubric__builtin_code="lesson", number=1)
    observation = Observation.objects.create(
        teacher=world.teacher_a,
        version=lesson,
        school=world.school_a,
        topic="诚信伴我行",
        held_on=dt.date(2026, 10, 15),
        organised_by=world.school_staff,
    )
    Observer.objects.create(observation=observation, user=world.teacher_user)  # written before the rule existed
    item: Any = lesson.items.order_by("number").first()
    with pytest.raises(PermissionDenied):
        observation_services.observation_score(
            actor=world.teacher_user, observation=observation, points={item.pk: Decimal("10")}, comment=""
        )
    assert not Observer.objects.get(user=world.teacher_user).scores.exists()
