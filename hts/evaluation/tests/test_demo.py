"""The demo evaluation data (issue 6, 9): a semester of published monthly rounds for the demo school,
the studio's semester grades with one member to rotate out, a democratic rating and an observation."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from hts.accounts.models import User
from hts.evaluation.democratic.models import DemocraticRating, RatingResponse, RatingToken
from hts.evaluation.democratic.selectors import rating_results
from hts.evaluation.grades.models import MemberGrade
from hts.evaluation.observations.models import Observation, Observer
from hts.evaluation.publication.models import Correction, Objection
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Score, Subject
from hts.studios.models import Studio

MODELS = [
    EvaluationRound, Subject, Score, ItemResult, Objection, Correction, DemocraticRating, RatingToken,
    RatingResponse, Observation, Observer, MemberGrade,
]  # fmt: skip


def _counts() -> list[int]:
    return [model.objects.count() for model in MODELS]  # type: ignore[attr-defined]


def _client(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, username
    return client


def test_seeding_the_demo_twice_changes_no_evaluation_row(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    counts = _counts()

    monthly = EvaluationRound.objects.filter(period="monthly", school__code="FT-01").order_by("month")
    assert [r.status for r in monthly] == ["final", "final", "published", "published"]
    assert all(r.raters.count() == 2 for r in monthly)
    assert 6 <= monthly[0].subjects.count() <= 10
    teacher = User.objects.get(username="teacher")
    assert teacher.teacher_id is not None
    assert monthly[0].subjects.filter(teacher_id=teacher.teacher_id).exists()
    # Scores differ between people, and every round has combined results.
    assert monthly[0].subjects.values("total").distinct().count() > 3
    assert not Subject.objects.filter(round__in=monthly, total__isnull=True).exists()
    summary = EvaluationRound.objects.get(period="semester", school__code="FT-01")
    assert summary.status == "published" and set(summary.sources.all()) == set(monthly)
    objection = Objection.objects.get()
    assert objection.status == "upheld" and objection.raised_by == teacher
    assert objection.subject.round == monthly[0] and Correction.objects.get().objection == objection
    results = rating_results(DemocraticRating.objects.get())
    assert any(r.mean is not None for r in results) and any(r.count > 0 and r.mean is None for r in results)

    studio_round = EvaluationRound.objects.get(studio__isnull=False)
    assert studio_round.status == "final"
    grades = list(MemberGrade.objects.values_list("grade", flat=True))
    assert grades.count("failed") == 1 and len(grades) == studio_round.subjects.count() >= 3
    observation = Observation.objects.get()
    assert observation.status == "closed" and observation.observers.count() == 2
    assert observation.archive_item is not None and observation.archive_item.owner_teacher == observation.teacher

    call_command("seed_demo", stdout=StringIO())
    assert _counts() == counts


def test_the_demo_teacher_sees_results_and_the_host_the_rotation_step(
    db: Any, settings: Any, tmp_path: Any, django_assert_max_num_queries: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    password = settings.DEMO_PASSWORD

    teacher = _client("teacher", password)
    with django_assert_max_num_queries(12):
        mine = teacher.get("/evaluation/mine/")
    assert mine.status_code == 200
    page = mine.content.decode()
    for rnd in EvaluationRound.objects.filter(school__code="FT-01"):
        assert rnd.title in page
    own = Subject.objects.filter(teacher__user__username="teacher", round__status="final").first()
    assert own is not None
    assert teacher.get(own.get_absolute_url()).status_code == 200
    # Someone else's result stays closed to the demo teacher.
    other = Subject.objects.filter(round=own.round).exclude(teacher_id=own.teacher_id).first()
    assert other is not None
    assert teacher.get(other.get_absolute_url()).status_code in (403, 404)

    studio = Studio.objects.get(host__user__username="host")
    failed = MemberGrade.objects.select_related("membership__teacher").get(grade="failed")
    url = f"/evaluation/grades/studio/{studio.uid}/"
    host = _client("host", password)
    with django_assert_max_num_queries(20):
        response = host.get(url)
    assert response.status_code == 200
    assert response.context["rotation"] == [failed]
    assert 'data-testid="rotation-step"' in response.content.decode()
    assert failed.membership.person_name in response.content.decode()
    # The demo teacher (not in the studio) is refused the studio's grades.
    assert teacher.get(url).status_code in (403, 404)
