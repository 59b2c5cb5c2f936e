"""Scores proposed from the class work log (issue 15, 4): each item of 001 附件2 that the log backs,
against hand-built logs held to 001's numbers (the Ganyu class work policy), with exact points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hts.classwork.models import ClassworkPolicy, Kind, LeftBehindFile, LogEntry, Pupil
from hts.evaluation.rounds import evidence_classwork
from hts.evaluation.rounds.evidence import Proposal, compute
from hts.evaluation.rounds.evidence_classwork import masked
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.tests.conftest import RoundWorld, add_subject
from hts.org.models import SchoolClass
from hts.studios.policy_templates import ganyu
from testkit import World, client_for, make_teacher

D = Decimal


@pytest.fixture
def policy(world: World) -> ClassworkPolicy:
    """001's numbers, set on the city: the district's schools inherit them."""
    return ClassworkPolicy.objects.create(region=world.city, **ganyu.CLASSWORK)


def _log(school_class: Any, semester: Any, kind: str, day: dt.date, **fields: Any) -> LogEntry:
    return LogEntry.objects.create(school_class=school_class, semester=semester, kind=kind, on=day, **fields)


def _pupils(school_class: Any, names: list[str], left: int = 0) -> list[Pupil]:
    return [
        Pupil.objects.create(school_class=school_class, name=name, gender="F", left_behind=n < left)
        for n, name in enumerate(names)
    ]


def _result(rnd: EvaluationRound, subject: Any, number: int) -> tuple[Proposal | None, str]:
    item = rnd.version.items.get(number=number)
    proposals, blocked = compute(rnd, [subject])
    return proposals.get((subject.pk, item.pk)), blocked.get((subject.pk, item.pk), "")


def _points(rnd: EvaluationRound, subject: Any, number: int) -> Decimal:
    proposal, why = _result(rnd, subject, number)
    assert proposal is not None, why
    return proposal.points


def _semester_round(rounds: RoundWorld) -> EvaluationRound:
    base = rounds.round
    return EvaluationRound.objects.create(
        title="2026秋学期", period="semester", school_year=base.school_year, semester=base.semester,
        school=base.school, region_path=base.region_path, version=base.version, status="open",
    )  # fmt: skip


def test_the_ganyu_rubric_states_which_item_reads_which_kind(db: None) -> None:
    from hts.evaluation.rubrics.models import RubricItem

    items = {i.number: i for i in RubricItem.objects.filter(version__rubric__builtin_code="ganyu")}
    assert {n: i.computation for n, i in items.items() if i.computation.startswith("log_")} == {
        5: "log_safety",
        6: "log_plans",
        7: "log_monthly",
        9: "log_incidents",
        10: "log_home_school",
        11: "log_left_behind",
        15: "log_cadre",
        16: "log_pupils_known",
    }
    assert items[7].params == {"kinds": ["blackboard"]}
    assert items[10].params == {"kinds": ["parent_meeting", "home_visit"]}
    assert all(items[n].scoring == "computed" for n in (5, 6, 7, 9, 10, 11, 15, 16))


def test_no_policy_no_proposal_and_the_summary_says_why(world: World, rounds: RoundWorld) -> None:
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, 10, 8), title="迎国庆")
    proposal, why = _result(rounds.round, rounds.subjects[0], 7)
    assert proposal is None and "未设班级工作政策" in why


def test_a_teacher_heading_no_class_has_no_proposal(rounds: RoundWorld, policy: ClassworkPolicy) -> None:
    proposal, why = _result(rounds.round, rounds.subjects[1], 7)
    assert proposal is None and "未担任班主任" in why


def test_item_7_blackboard_issues_each_month_against_the_policy(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    subject = rounds.subjects[0]
    assert _points(rounds.round, subject, 7) == D("0")  # October's round, no issue in October
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, 9, 5), title="开学")
    assert _points(rounds.round, subject, 7) == D("0")  # September's is not October's
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, 10, 8), title="迎国庆")
    proposal, _why = _result(rounds.round, subject, 7)
    assert proposal is not None and proposal.points == D("4")
    assert "每月应不少于1次" in proposal.summary
    assert [(r["date"], r["title"]) for r in proposal.rows] == [("2026-10-08", "迎国庆")]
    # The semester: September and October met, November, December and January not: 2 of 5 × 4 = 1.6 → 1.5.
    assert _points(_semester_round(rounds), subject, 7) == D("1.5")
    # The policy's number, not code's: two a month makes October short.
    policy.blackboard_issues_a_month = 2
    policy.save()
    assert _points(rounds.round, subject, 7) == D("0")
    policy.blackboard_issues_a_month = None
    policy.save()
    proposal, why = _result(rounds.round, subject, 7)
    assert proposal is None and "未设每月黑板报次数" in why


def test_item_15_cadre_meetings_every_two_weeks(world: World, rounds: RoundWorld, policy: ClassworkPolicy) -> None:
    subject = rounds.subjects[0]
    _log(world.class_a, rounds.semester, Kind.CADRE_MEETING, dt.date(2026, 10, 9))
    proposal, _why = _result(rounds.round, subject, 15)
    # October has 31 days of school: 2 meetings due every 14 days, 1 held: 1/2 × 3 = 1.5.
    assert proposal is not None and proposal.points == D("1.5")
    assert "应开2次，已开1次" in proposal.summary
    _log(world.class_a, rounds.semester, Kind.CADRE_MEETING, dt.date(2026, 10, 23))
    assert _points(rounds.round, subject, 15) == D("3")


def test_item_10_parent_meetings_and_every_pupil_visited(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    subject = rounds.subjects[0]
    first, second, _third, _fourth = _pupils(world.class_a, ["陈小雨", "刘子轩", "王欣怡", "张浩然"])
    _log(world.class_a, rounds.semester, Kind.PARENT_MEETING, dt.date(2026, 9, 10), title="新学期家长会")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 9, 20), pupil=first, visit_mode="visit")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 10, 20), pupil=second, visit_mode="phone")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 10, 21), pupil=second, visit_mode="online")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 11, 3), pupil=_third, visit_mode="visit")
    proposal, _why = _result(rounds.round, subject, 10)
    # Up to October's end: 1 of 2 parent meetings, 2 of 4 pupils visited (a phone call counts): 0.5 × 3.
    assert proposal is not None and proposal.points == D("1.5")
    assert "家长会1次（应不少于2次）" in proposal.summary and "家访2/4名学生" in proposal.summary
    # Pupils' names masked in the rows a rater sees.
    titles = " ".join(r["title"] for r in proposal.rows)
    assert "陈*雨" in titles and "陈小雨" not in titles and "刘*轩" in titles
    _log(world.class_a, rounds.semester, Kind.PARENT_MEETING, dt.date(2026, 12, 10), title="期中家长会")
    # The semester: 2 of 2 meetings, 3 of 4 visited: (1 + 0.75) / 2 × 3 = 2.625 → 2.5.
    assert _points(_semester_round(rounds), subject, 10) == D("2.5")


def test_item_16_pupils_whose_visit_says_what_was_learnt(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    subject = rounds.subjects[0]
    first, second, _third, _fourth = _pupils(world.class_a, ["陈小雨", "刘子轩", "王欣怡", "张浩然"])
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 9, 20), pupil=first, notes="在家作息规律")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 9, 21), pupil=second)  # nothing learnt
    proposal, _why = _result(rounds.round, subject, 16)
    assert proposal is not None and proposal.points == D("1")  # 1 of 4 × 4
    assert len(proposal.rows) == 1
    policy.visit_every_pupil = False
    policy.save()
    proposal, why = _result(rounds.round, subject, 16)
    assert proposal is None and "未设每生家访" in why


def test_item_11_left_behind_pupils_visited_and_their_files(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    subject = rounds.subjects[0]
    proposal, _why = _result(rounds.round, subject, 11)
    assert proposal is not None and proposal.points == D("3") and "无留守儿童" in proposal.summary
    first, second, other = _pupils(world.class_a, ["陈小雨", "张浩然", "李思涵"], left=2)
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 9, 20), pupil=first, visit_mode="visit")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 9, 22), pupil=other, visit_mode="visit")
    proposal, _why = _result(rounds.round, subject, 11)
    assert proposal is not None and proposal.points == D("0.5")  # (1/2 visited + 0/2 files) / 2 × 3 = 0.75
    assert "留守儿童2名，已家访1名" in proposal.summary and "已建档案0份" in proposal.summary
    assert [r["title"] for r in proposal.rows] == ["陈*雨、实地走访"]
    # A file kept counts beside a visit: (1/2 + 2/2) / 2 × 3 = 2.25 → 2.
    for pupil in (first, second):
        LeftBehindFile.objects.create(
            pupil=pupil, guardian_name="祖母", guardian_relation="祖母", parents_work="外地", contact_plan="每周电话"
        )
    proposal, _why = _result(rounds.round, subject, 11)
    assert proposal is not None and proposal.points == D("2") and "已建档案2份" in proposal.summary


def test_item_6_plan_and_summary_the_summary_due_in_the_last_month(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    subject = rounds.subjects[0]
    assert _points(rounds.round, subject, 6) == D("0")
    _log(world.class_a, rounds.semester, Kind.PLAN, dt.date(2026, 9, 2), title="班级工作计划")
    proposal, _why = _result(rounds.round, subject, 6)
    assert proposal is not None and proposal.points == D("3")  # October: the summary is not yet due
    assert "学期总结尚未到期" in proposal.summary
    semester = _semester_round(rounds)
    assert _points(semester, subject, 6) == D("1.5")  # the semester: plan, no summary
    _log(world.class_a, rounds.semester, Kind.SUMMARY, dt.date(2027, 1, 15), title="学期总结")
    assert _points(semester, subject, 6) == D("3")


def test_item_5_safety_education_or_outing_plans(world: World, rounds: RoundWorld, policy: ClassworkPolicy) -> None:
    subject = rounds.subjects[0]
    assert _points(rounds.round, subject, 5) == D("0")
    _log(world.class_a, rounds.semester, Kind.SAFETY, dt.date(2026, 10, 12), title="秋游安全预案")
    assert _points(rounds.round, subject, 5) == D("10")


def test_item_9_incidents_and_their_handling(world: World, rounds: RoundWorld, policy: ClassworkPolicy) -> None:
    subject = rounds.subjects[0]
    proposal, _why = _result(rounds.round, subject, 9)
    assert proposal is not None and proposal.points == D("5") and "无突发事件记录" in proposal.summary
    _log(world.class_a, rounds.semester, Kind.INCIDENT, dt.date(2026, 10, 12), title="课间摔伤", notes="送医并告知家长")
    _log(world.class_a, rounds.semester, Kind.INCIDENT, dt.date(2026, 10, 15), title="同学争执")
    proposal, _why = _result(rounds.round, subject, 9)
    assert proposal is not None and proposal.points == D("2.5")  # 1 of 2 handled × 5
    assert "记录突发事件2起，写明处理经过1起" in proposal.summary


def test_a_head_teacher_of_two_classes_is_scored_on_their_mean(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    second = SchoolClass.objects.create(
        school=world.school_a, stage="primary", grade=4, name="2班", head_teacher=world.teacher_a
    )
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, 10, 8), title="迎国庆")
    proposal, _why = _result(rounds.round, rounds.subjects[0], 7)
    assert proposal is not None and proposal.points == D("2")  # 1 of 2 classes met October
    assert "三年级1班" in proposal.summary and "四年级2班" in proposal.summary
    assert proposal.rows[0]["class"] == "三年级1班"
    assert second.pk


def test_queries_do_not_grow_with_the_number_of_head_teachers(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    def head_with_log(n: int) -> Any:
        teacher = make_teacher(world.school_a, f"班主任{n}", mobile=f"1391111{n:04d}")
        school_class = SchoolClass.objects.create(
            school=world.school_a, stage="primary", grade=5, name=f"{n}班", head_teacher=teacher
        )
        pupil = Pupil.objects.create(school_class=school_class, name=f"学生{n}", gender="M", left_behind=True)
        for kind in Kind.values:
            _log(
                school_class, rounds.semester, kind, dt.date(2026, 10, 9), pupil=pupil if kind == "home_visit" else None
            )
        return add_subject(rounds.round, teacher)

    one = [head_with_log(0)]
    with CaptureQueriesContext(connection) as few:
        single, _blocked = compute(rounds.round, one)
    many = one + [head_with_log(n) for n in range(1, 30)]
    with CaptureQueriesContext(connection) as lots:
        proposals, _blocked = compute(rounds.round, many)
    assert len(lots.captured_queries) == len(few.captured_queries)
    log_items = rounds.version.items.filter(computation__startswith="log_").count()
    assert sum(1 for (_s, item) in proposals if item in set(
        rounds.version.items.filter(computation__startswith="log_").values_list("pk", flat=True)
    )) == 30 * log_items  # fmt: skip
    assert len(single) >= log_items


def test_a_rater_sees_the_proposals_with_their_evidence(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    subject = rounds.subjects[0]
    pupil = _pupils(world.class_a, ["陈小雨"], left=1)[0]
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, 10, 8), title="迎国庆")
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 10, 9), pupil=pupil, visit_mode="phone",
         notes="了解在家学习")  # fmt: skip
    rater = client_for(rounds.raters[1].user)
    sheet = rater.get(f"/evaluation/rounds/{rounds.round.uid}/sheet/{subject.uid}/")
    assert sheet.status_code == 200
    page = sheet.content.decode()
    assert "黑板报每月应不少于1次" in page and "家访1/1名学生" in page
    evidence = rater.get(f"/evaluation/rubrics/evidence/{subject.uid}/")
    assert evidence.status_code == 200
    page = evidence.content.decode()
    assert "迎国庆" in page and "2026-10-08" in page and "黑板报" in page
    assert "陈*雨、电话交流" in page
    assert "陈小雨" not in page  # a rater is not the pupil's head teacher
    assert "home_visit" not in page and "blackboard" not in page


def test_masked_names() -> None:
    assert [masked(n) for n in ("张小明", "张明", "欧阳小明", "张")] == ["张*明", "张*", "欧**明", "*"]


def test_a_yearly_round_holds_every_month_of_both_semesters(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy
) -> None:
    base = rounds.round
    yearly = EvaluationRound.objects.create(
        title="2026学年", period="yearly", school_year=base.school_year, school=base.school,
        region_path=base.region_path, version=base.version, status="open",
    )  # fmt: skip
    subject = add_subject(yearly, world.teacher_a)
    for month in (9, 10, 11, 12):
        _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, month, 8), title=f"{month}月")
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2027, 1, 8), title="1月")
    # Autumn Sep–Jan (5 months, all met) and spring Feb–Jul (6, none): 5 of 11 × 4 = 1.8 → 1.5.
    assert _points(yearly, subject, 7) == D("1.5")


def test_a_whole_city_is_read_through_the_rounds_subjects_with_the_same_result(
    world: World, rounds: RoundWorld, policy: ClassworkPolicy, monkeypatch: Any
) -> None:
    """Past ID_LIST_LIMIT people the log is filtered by a subquery on the round's subjects (a list of
    40,000 ids exceeds SQLite's variable limit); only the people asked for get proposals."""
    _log(world.class_a, rounds.semester, Kind.BLACKBOARD, dt.date(2026, 10, 8), title="迎国庆")
    pupil = _pupils(world.class_a, ["陈小雨", "刘子轩"], left=1)[0]
    _log(world.class_a, rounds.semester, Kind.HOME_VISIT, dt.date(2026, 10, 9), pupil=pupil, notes="了解")
    by_ids, _blocked = compute(rounds.round, rounds.subjects)
    monkeypatch.setattr(evidence_classwork, "ID_LIST_LIMIT", 0)
    by_subquery, _blocked = compute(rounds.round, rounds.subjects)
    assert {k: (p.points, p.summary, p.rows) for k, p in by_subquery.items()} == {
        k: (p.points, p.summary, p.rows) for k, p in by_ids.items()
    }
    only_first, _blocked = compute(rounds.round, rounds.subjects[:1])
    assert {subject for subject, _item in only_first} == {rounds.subjects[0].pk}
