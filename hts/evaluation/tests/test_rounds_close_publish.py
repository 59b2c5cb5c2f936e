"""Closing (combining the raters, refusing while scores are missing or when closed twice) and
publishing (competition ranks in school and district, objection period, notifications), the published
ranking page, the Excel exports and the semester summary."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from hts.core.workflow import TransitionRefused, stale_message
from hts.evaluation.rounds import combine, services
from hts.evaluation.rounds.models import EvaluationRound, ItemResult, Rater, Score, Subject
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round, publish_by_hand, score_all
from hts.notifications.models import Notification
from testkit import World, client_for, make_teacher, make_user

pytestmark = pytest.mark.django_db
SHARES = [Decimal("1"), Decimal("0.7"), Decimal("0.5")]


def _score_everything(rounds: RoundWorld, extra: Decimal = Decimal(0)) -> None:
    for rater in rounds.raters:
        for subject, share in zip(rounds.subjects, SHARES, strict=True):
            score_all(rounds.round, rater, subject, share + extra)


def test_close_is_refused_naming_who_has_not_scored(rounds: RoundWorld) -> None:
    score_all(rounds.round, rounds.raters[0], rounds.subjects[0], Decimal("0.9"))
    client = client_for(rounds.organiser)
    page = client.post(f"/evaluation/rounds/{rounds.round.uid}/close/", follow=True).content.decode()
    assert "rater2" in page and "69" in page and "46" in page
    rounds.round.refresh_from_db()
    assert rounds.round.status == "open"


def test_close_combines_the_raters_into_results_totals_and_grades(rounds: RoundWorld) -> None:
    _score_everything(rounds)
    assert client_for(rounds.organiser).post(f"/evaluation/rounds/{rounds.round.uid}/close/").status_code == 302
    rounds.round.refresh_from_db()
    assert rounds.round.status == "closed"
    assert ItemResult.objects.filter(subject__round=rounds.round).count() == 69
    totals = {s.teacher.name: (s.total, s.grade) for s in rounds.round.subjects.all()}
    assert totals["李红"][1] == "excellent"
    assert totals["钱老师"][1] == "failed"
    for subject in rounds.round.subjects.all():
        assert subject.total == sum(r.points for r in subject.item_results.all())


def test_trimmed_mean_drops_the_extreme_raters(rounds: RoundWorld) -> None:
    rnd = rounds.round
    rnd.combination = "trimmed"
    rnd.save()
    third = Rater.objects.create(round=rnd, user=make_user("rater3"))
    subject = rounds.subjects[0]
    for other in rounds.subjects[1:]:
        for rater in (*rounds.raters, third):
            score_all(rnd, rater, other, Decimal("0.6"))
    score_all(rnd, rounds.raters[0], subject, Decimal("1"))
    score_all(rnd, rounds.raters[1], subject, Decimal("0"))
    score_all(rnd, third, subject, Decimal("0.5"))
    services.round_close(actor=rounds.organiser, rnd=rnd)
    item = rnd.version.items.get(number=1)
    result = ItemResult.objects.get(subject=subject, item=item)
    assert result.points == Score.objects.get(rater=third, subject=subject, item=item).points


def test_a_round_closed_twice_concurrently_is_refused_once(rounds: RoundWorld) -> None:
    _score_everything(rounds)
    first = EvaluationRound.objects.get(pk=rounds.round.pk)
    second = EvaluationRound.objects.get(pk=rounds.round.pk)  # loaded before the first close
    services.round_close(actor=rounds.organiser, rnd=first)
    with pytest.raises(TransitionRefused) as refused:
        services.round_close(actor=rounds.organiser, rnd=second)
    assert refused.value.messages == [stale_message()]
    assert ItemResult.objects.filter(subject__round=rounds.round).count() == 69


def test_publish_ranks_in_school_and_district_and_notifies(
    rounds: RoundWorld, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _score_everything(rounds)
    # A fourth person, in another school of the district, ties with 赵老师.
    other = make_teacher(world.school_a2, "吴老师")
    fourth = add_subject(rounds.round, other)
    for rater in rounds.raters:
        score_all(rounds.round, rater, fourth, SHARES[1])
    services.round_close(actor=rounds.organiser, rnd=rounds.round)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(rounds.organiser).post(f"/evaluation/rounds/{rounds.round.uid}/publish/")
    assert response.status_code == 302
    rnd = EvaluationRound.objects.get(pk=rounds.round.pk)
    assert rnd.status == "published" and rnd.published_at is not None
    assert rnd.objections_until is not None
    ranks = {s.teacher.name: (s.rank_in_school, s.rank_in_district) for s in rnd.subjects.all()}
    assert ranks == {"李红": (1, 1), "赵老师": (2, 2), "吴老师": (1, 2), "钱老师": (3, 4)}
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"teacher", "zhao", "qian"}


def test_publish_is_refused_before_closing(rounds: RoundWorld) -> None:
    client_for(rounds.organiser).post(f"/evaluation/rounds/{rounds.round.uid}/publish/")
    rounds.round.refresh_from_db()
    assert rounds.round.status == "open"


def test_the_published_ranking_for_organiser_subject_and_outsider(
    rounds: RoundWorld, world: World, django_assert_max_num_queries: Any
) -> None:
    _score_everything(rounds)
    other = make_teacher(world.school_a2, "吴老师")
    add_subject(rounds.round, other)
    publish_by_hand(rounds.round)
    url = f"/evaluation/rounds/{rounds.round.uid}/result/"
    body = client_for(world.district_staff).get(url).content.decode()
    assert "吴老师" in body and "李红" in body
    client = client_for(rounds.subject_users[1])
    client.get(url)
    # session, user, roles, studio grants, the round, the own subject, the school's ranking (count and
    # page), session save (3)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "赵老师" in body and "李红" in body and "吴老师" not in body  # own school only
    assert client_for(world.outsider_teacher_user).get(url).status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 404


def test_exports_write_every_score_and_escape_formulas(rounds: RoundWorld) -> None:
    _score_everything(rounds)
    Score.objects.filter(pk=Score.objects.first().pk).update(reason='=HYPERLINK("http://x")')
    services.round_close(actor=rounds.organiser, rnd=rounds.round)
    client = client_for(rounds.organiser)
    response = client.get(f"/evaluation/rounds/{rounds.round.uid}/scores.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 2 * 3 * 23
    formula_cells = [c for row in sheet.iter_rows() for c in row if str(c.value or "").startswith("=")]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    ranking = load_workbook(io.BytesIO(client.get(f"/evaluation/rounds/{rounds.round.uid}/ranking.xlsx").content))
    assert len(list(ranking.active.iter_rows())) == 4
    assert (
        client_for(rounds.subject_users[0]).get(f"/evaluation/rounds/{rounds.round.uid}/scores.xlsx").status_code == 403
    )


def test_the_semester_summary_sums_the_monthly_rounds(rounds: RoundWorld, world: World) -> None:
    _score_everything(rounds)
    publish_by_hand(rounds.round)
    import datetime as dt

    november = make_round(world, title="十一月", month=dt.date(2026, 11, 1), status="open")
    rater = Rater.objects.create(round=november, user=world.school_staff)
    subject = add_subject(november, world.teacher_a)
    score_all(november, rater, subject, Decimal("0.5"))
    publish_by_hand(november)
    client = client_for(world.school_staff)
    page = client.get("/evaluation/rounds/").content.decode()
    assert 'data-testid="summary-create"' in page
    client.post(f"/evaluation/rounds/{november.uid}/summary/")
    summary = EvaluationRound.objects.get(period="semester")
    assert set(summary.sources.all()) == {rounds.round, november}
    assert summary.subjects.count() == 3
    assert client.post(f"/evaluation/rounds/{summary.uid}/close/").status_code == 302
    summary.refresh_from_db()
    assert summary.status == "closed"
    li = summary.subjects.get(teacher=world.teacher_a)
    assert (
        li.total
        == rounds.round.subjects.get(teacher=world.teacher_a).total + subject.__class__.objects.get(pk=subject.pk).total
    )
    assert li.grade == "qualified"  # (100 + 50) of 200


def test_the_yearly_summary_sums_the_monthly_rounds_of_both_semesters(
    rounds: RoundWorld, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """001 10: the year is the sum of its semesters, i.e. of all its months; ranks are 1, 2, 2, 4 style."""
    import datetime as dt

    _score_everything(rounds)
    publish_by_hand(rounds.round)
    march = make_round(
        world,
        title="三月",
        month=dt.date(2027, 3, 1),
        status="open",
        semester=rounds.round.school_year.semesters.get(kind="spring"),
    )
    rater = Rater.objects.create(round=march, user=world.school_staff)
    for subject in rounds.subjects:
        score_all(march, rater, add_subject(march, subject.teacher), Decimal("0.5"))
    publish_by_hand(march)
    client = client_for(world.school_staff)
    assert 'data-testid="summary-yearly-create"' in client.get("/evaluation/rounds/").content.decode()
    client.post(f"/evaluation/rounds/{march.uid}/summary/", {"period": "yearly"})
    yearly = EvaluationRound.objects.get(period="yearly")
    assert set(yearly.sources.all()) == {rounds.round, march}
    assert client.post(f"/evaluation/rounds/{yearly.uid}/close/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/evaluation/rounds/{yearly.uid}/publish/").status_code == 302
    for subject in yearly.subjects.all():
        months = Subject.objects.filter(round__in=[rounds.round, march], teacher=subject.teacher)
        assert subject.total == sum(s.total for s in months)
        items = ItemResult.objects.filter(subject=subject)
        assert items.count() == 23 and sum(r.points for r in items) == subject.total
    people = list(yearly.subjects.all())
    expected = combine.competition_ranks([s.total for s in people])
    assert [s.rank_in_school for s in people] == expected == [s.rank_in_district for s in people]
    # The offer disappears once the year has its summary.
    assert 'data-testid="summary-yearly-create"' not in client.get("/evaluation/rounds/").content.decode()
    # A correction of the year may go up to the item's maximum times the months summed, not beyond.
    from hts.evaluation.publication import services as services_publication

    person = yearly.subjects.get(teacher=world.teacher_a)
    item = yearly.version.items.get(number=5)  # 10 points a month, two months summed
    services_publication.result_correct(
        actor=world.school_staff, subject=person, item=item, new_points=Decimal("19.5"), reason="复核"
    )
    with pytest.raises(ValidationError, match="20"):
        services_publication.result_correct(
            actor=world.school_staff, subject=person, item=item, new_points=Decimal("20.5"), reason="复核"
        )
