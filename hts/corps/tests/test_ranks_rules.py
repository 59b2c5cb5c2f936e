"""Each rank criterion on hand-built records, with the example scheme's numbers (001 二 5 names the
factors; the Ganyu template ships an editable example), and the proposal: the highest rank whose
criteria all hold, with what was found and what was needed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from hts.corps.ranks.models import RankCriterion
from hts.corps.ranks.rules import Records, judge, load_records, propose
from hts.corps.tests.ranks_kit import achievement, certificate, ganyu_scheme, head_teacher, second_level
from hts.evaluation.models import YearlyFailure
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.tests.conftest import add_subject, make_round
from hts.org.models import SchoolYear
from testkit import World, make_school_year

ON = dt.date(2026, 11, 27)


def _c(kind: str, **values: object) -> RankCriterion:
    return RankCriterion(kind=kind, **values)


def test_years_in_post_count_the_union_of_service_records() -> None:
    records = Records(service=[(dt.date(2020, 9, 1), dt.date(2023, 8, 31)), (dt.date(2022, 9, 1), None)])
    found = judge(_c("service_years", number=Decimal(6)), records, ON)
    assert found.met and "6.2" in found.found
    assert not judge(_c("service_years", number=Decimal(7)), records, ON).met


def test_yearly_grades_count_excellent_years_in_the_window_and_failures_bar() -> None:
    records = Records(
        excellent_years=[(dt.date(2019, 9, 1), dt.date(2020, 8, 31)), (dt.date(2024, 9, 1), dt.date(2025, 8, 31))],
        failures=[(dt.date(2022, 9, 1), dt.date(2023, 8, 31), "2022—2023学年")],
    )
    assert judge(_c("excellent_years", number=Decimal(2)), records, ON).met
    assert not judge(_c("excellent_years", number=Decimal(2), within_years=5), records, ON).met
    failure = judge(_c("no_failure", within_years=5), records, ON)
    assert not failure.met and "2022—2023学年" in failure.found
    assert judge(_c("no_failure", within_years=3), records, ON).met


def test_achievements_sum_level_weights_in_the_window() -> None:
    records = Records(achievements=[(dt.date(2025, 5, 1), Decimal("0.8")), (dt.date(2018, 5, 1), Decimal("1.0"))])
    assert judge(_c("achievements", number=Decimal("1.8")), records, ON).met
    within = judge(_c("achievements", number=Decimal("1.6"), within_years=3), records, ON)
    assert not within.met and "0.8" in within.found and "1.6" in within.needed


def test_education_title_and_certificate() -> None:
    records = Records(
        education="master", title="一级教师", certificates=[("qualification", ON + dt.timedelta(days=10), False)]
    )
    assert judge(_c("education", education="bachelor"), records, ON).met
    assert not judge(_c("education", education="doctor"), records, ON).met
    assert not judge(_c("education", education="college"), Records(education="other"), ON).met
    assert judge(_c("title", titles="一级教师、高级教师"), records, ON).met
    assert not judge(_c("title", titles="高级教师"), records, ON).met
    # The title as schools type it, with its stage prefix, is the same title (a senior teacher of 18
    # years was refused 一级班主任 for "中小学高级教师").
    senior = Records(title="中小学高级教师")
    assert judge(_c("title", titles="一级教师、高级教师、正高级教师"), senior, ON).met
    assert not judge(_c("title", titles="正高级教师"), senior, ON).met
    assert not judge(_c("title", titles="高级教师"), Records(title="中小学正高级教师"), ON).met
    assert judge(_c("certificate", certificate_kind="qualification"), records, ON).met
    expired = Records(certificates=[("qualification", ON - dt.timedelta(days=1), False)])
    revoked = Records(certificates=[("qualification", None, True)])
    assert not judge(_c("certificate", certificate_kind="qualification"), expired, ON).met
    assert not judge(_c("certificate", certificate_kind="qualification"), revoked, ON).met


def test_the_proposal_is_the_highest_rank_whose_criteria_all_hold(world: World) -> None:
    scheme = ganyu_scheme(world)
    candidate = second_level(world)
    beginner = head_teacher(world.school_a, "新手", 0.5)
    certificate(beginner, world)
    no_certificate = head_teacher(world.school_a, "无证", 10)
    records = load_records([candidate, beginner, no_certificate])
    today = timezone.localdate()
    proposal = propose(scheme, records[candidate.pk], today)
    assert proposal.rank is not None and proposal.rank.name == "二级班主任"
    top = proposal.ranks[0]
    assert top.rank.name == "一级班主任" and not top.met
    # Each criterion says what it found against what it needs.
    service = next(f for f in proposal.ranks[1].findings if f.criterion == RankCriterion.Kind.SERVICE_YEARS.label)
    assert service.met and "4" in service.found and "3" in service.needed
    assert propose(scheme, records[beginner.pk], today).rank is None
    assert propose(scheme, records[no_certificate.pk], today).rank is None


def test_pending_achievements_and_unfinished_yearly_rounds_do_not_count(world: World) -> None:
    teacher = head_teacher(world.school_a, "待核实", 4)
    achievement(teacher, verified=False)
    achievement(teacher, verified=False)
    year = make_school_year(world.city, 2024)
    final = make_round(world, period="yearly", school_year=year, semester=None, month=None, status="final")
    draft = make_round(world, period="yearly", school_year=make_school_year(world.city, 2023), semester=None,
                       month=None, status="published", title="未定稿")  # fmt: skip
    for rnd in (final, draft):
        subject = add_subject(rnd, teacher)
        subject.grade = "excellent"
        subject.save()
    records = load_records([teacher])[teacher.pk]
    assert records.achievements == [] and records.excellent_years == [(year.starts_on, year.ends_on)]


def test_a_confirmed_failure_is_read_and_a_reported_one_is_not(world: World) -> None:
    teacher = head_teacher(world.school_a, "考核", 4)
    years = [make_school_year(world.city, start) for start in (2024, 2025)]
    for year, status in zip(years, (YearlyFailure.Status.CONFIRMED, YearlyFailure.Status.REPORTED), strict=True):
        rnd = make_round(world, period=EvaluationRound.Period.YEARLY, school_year=year, semester=None, month=None,
                         title=f"{year.label}")  # fmt: skip
        YearlyFailure.objects.create(teacher=teacher, school_year=year, subject=add_subject(rnd, teacher),
                                     status=status)  # fmt: skip
    failures = load_records([teacher])[teacher.pk].failures
    assert [label for _s, _e, label in failures] == [SchoolYear.objects.get(starts_on__year=2024).label]


def test_no_scheme_proposes_nothing() -> None:
    assert propose(None, Records(), ON).rank is None
