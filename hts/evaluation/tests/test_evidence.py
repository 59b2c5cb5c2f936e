"""Scores proposed from records: each computation against hand-built records, with exact points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hts.activities.models import Activity, Attendance
from hts.archives.models import ArchiveItem
from hts.core.workflow import log_transition
from hts.evaluation.democratic.models import DemocraticRating, RatingResponse
from hts.evaluation.rounds.evidence import Proposal, compute, proposals_for, text_length
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rubrics.models import Rubric, RubricItem, RubricSection, RubricVersion
from hts.evaluation.tests.conftest import RoundWorld, add_subject, make_round
from hts.org.models import Honour
from hts.research.models import Achievement, ResearchProject, WeightPolicy
from testkit import World, client_for, make_running_studio, make_teacher, make_user

D = Decimal


def _item(rnd: Any, number: int) -> RubricItem:
    return rnd.version.items.get(number=number)


def _proposal(rounds: RoundWorld, subject_index: int, number: int) -> Proposal | None:
    subject = rounds.subjects[subject_index]
    return proposals_for(rounds.round, rounds.subjects).get((subject.pk, _item(rounds.round, number).pk))


def _note(teacher: Any, chars: int, date: dt.date, kind: str = "reading") -> ArchiveItem:
    return ArchiveItem.objects.create(
        owner_teacher=teacher, kind=kind, title=f"笔记{chars}", body=f"<p>{'学' * chars}</p>\n", date=date
    )


def _achievement(teacher: Any, level: str, *, kind: str = "paper_published", status: str = "verified", **extra: Any):
    return Achievement.objects.create(
        owner=teacher,
        kind=kind,
        title=f"{kind}-{level}",
        level=level,
        achieved_on=extra.pop("achieved_on", dt.date(2026, 10, 10)),
        issuer="期刊",
        status=status,
        **extra,
    )


def test_text_length_strips_tags_and_spaces() -> None:
    assert text_length("<p>班主任 工作</p>\n<b>笔记</b>&nbsp;") == 7


def test_study_notes_per_semester_with_the_village_threshold(world: World, rounds: RoundWorld) -> None:
    teacher_a, zhao, _qian = (s.teacher for s in rounds.subjects)
    _note(teacher_a, 2500, dt.date(2026, 9, 10))
    _note(teacher_a, 1500, dt.date(2026, 12, 1))
    _note(teacher_a, 9000, dt.date(2026, 8, 20))  # before the semester
    _note(teacher_a, 9000, dt.date(2026, 10, 1), kind="summary")  # not a reading note
    # 赵 teaches at a village school (村小): 3000 characters suffice.
    world.school_a2.village = True
    world.school_a2.save()
    zhao.school = world.school_a2
    zhao.save()
    rounds.subjects[1].school = world.school_a2
    rounds.subjects[1].save()
    _note(zhao, 3000, dt.date(2026, 10, 5))

    first = _proposal(rounds, 0, 3)
    assert first is not None
    assert first.points == D("2")  # 4000 / 5000 × 3 = 2.4, rounded down to 0.5
    assert "4000字" in first.summary and "5000字" in first.summary
    assert [row["chars"] for row in first.rows] == [2500, 1500]
    second = _proposal(rounds, 1, 3)
    assert second is not None and second.points == D("3") and "村小" in second.summary
    third = _proposal(rounds, 2, 3)
    assert third is not None and third.points == D("0")


def test_study_notes_take_the_length_from_the_rubric_item_not_from_code(world: World, rounds: RoundWorld) -> None:
    teacher_a = rounds.subjects[0].teacher
    _note(teacher_a, 4000, dt.date(2026, 10, 1))
    item = _item(rounds.round, 3)
    item.params = {**item.params, "chars": 4000}
    item.save(update_fields=["params"])
    proposal = _proposal(rounds, 0, 3)
    assert proposal is not None and proposal.points == item.max_points and "4000字以上" in proposal.summary


def test_study_notes_without_a_length_in_the_item_are_scored_by_hand(world: World, rounds: RoundWorld) -> None:
    _note(rounds.subjects[0].teacher, 9000, dt.date(2026, 10, 1))
    item = _item(rounds.round, 3)
    item.params = {"kinds": ["reading"]}
    item.save(update_fields=["params"])
    assert _proposal(rounds, 0, 3) is None


def test_a_verified_project_recorded_as_an_achievement_counts_as_a_concluded_project(
    world: World, rounds: RoundWorld
) -> None:
    """A project led or joined outside the platform, recorded with its 结项证书 as an achievement: once
    the bureau verified it, it counts where the item counts concluded projects (the host standard
    reads the same records)."""
    teacher_a, zhao, _qian = (s.teacher for s in rounds.subjects)
    _achievement(teacher_a, "city", kind="project")
    _achievement(zhao, "city", kind="project", status="pending")
    first = _proposal(rounds, 0, 17)
    assert first is not None and first.points == D("6")
    assert [row["kind"] for row in first.rows] == ["project"]
    pending = _proposal(rounds, 1, 17)
    assert pending is not None and pending.points == D("0")


def test_research_scales_the_items_points_by_the_weight_of_the_best_verified_result(
    world: World, rounds: RoundWorld
) -> None:
    """001 附件2 item 17 (6 points; 权重 校级、乡级 0.6, 县级 0.8, 市级及以上 1): a county-level paper
    proposes 0.8 × 6 = 4.8, the best verified result counting."""
    teacher_a, zhao, qian = (s.teacher for s in rounds.subjects)
    _achievement(teacher_a, "county")  # 0.8 × 6 = 4.8
    _achievement(teacher_a, "school")  # 0.6 × 6 = 3.6: not the best, not added
    _achievement(teacher_a, "city", status="pending")  # not verified: not counted
    _achievement(teacher_a, "city", kind="honour")  # an honour, not research
    _achievement(teacher_a, "city", achieved_on=dt.date(2026, 8, 1))  # before the semester
    studio = make_running_studio(world)
    project = ResearchProject.objects.create(
        studio=studio,
        title="班级文化课题",
        level="city",
        status="concluded",
        starts_on=dt.date(2025, 3, 1),
        ends_on=dt.date(2026, 6, 30),
        lead=zhao,
    )
    project.members.add(qian)
    log_transition(target=project, from_state="midterm", to_state="concluded", actor=world.admin)
    _achievement(zhao, "school")

    first = _proposal(rounds, 0, 17)
    assert first is not None and first.points == D("4.8")
    assert [row["points"] for row in first.rows] == ["4.8", "3.6"]
    assert "县(区)级" in first.summary and "6×0.8=4.8" in first.summary
    zhao_proposal = _proposal(rounds, 1, 17)
    assert zhao_proposal is not None and zhao_proposal.points == D("6")  # the city-level project he led
    assert {row["source"] for row in zhao_proposal.rows} == {"achievement", "project"}
    qian_proposal = _proposal(rounds, 2, 17)
    assert qian_proposal is not None and qian_proposal.points == D("6")  # a member of the concluded project

    # The region's own weights (福田区: county 0.5) replace the defaults.
    WeightPolicy.objects.create(
        region=world.district_a,
        school=D("0.5"),
        township=D("0.5"),
        county=D("0.5"),
        city=D("1"),
        province=D("1"),
        national=D("1"),
    )
    again = _proposal(rounds, 0, 17)
    assert again is not None and again.points == D("3")  # 0.5 × 6


def test_no_verified_result_proposes_nothing_for_a_weighted_item(rounds: RoundWorld) -> None:
    _achievement(rounds.subjects[0].teacher, "city", status="pending")
    proposal = _proposal(rounds, 0, 17)
    assert proposal is not None and proposal.points == D("0") and proposal.rows == []


def test_an_item_set_to_count_per_result_adds_points_per_result_up_to_its_maximum(
    world: World, rounds: RoundWorld
) -> None:
    """A staff copy may keep the per-result reading: ``per_unit`` × weight per result, capped."""
    teacher_a, zhao, _qian = (s.teacher for s in rounds.subjects)
    item = _item(rounds.round, 17)
    item.level_counting = RubricItem.LevelCounting.PER_RESULT
    item.params = {**item.params, "per_unit": "2"}
    item.save(update_fields=["level_counting", "params"])
    _achievement(teacher_a, "county")  # 0.8 × 2 = 1.6
    _achievement(teacher_a, "city")  # 1 × 2 = 2
    for _n in range(4):
        _achievement(zhao, "city")  # 4 × 1 × 2 = 8, capped at the item's 6
    first = _proposal(rounds, 0, 17)
    assert first is not None and first.points == D("3.6")
    zhao_proposal = _proposal(rounds, 1, 17)
    assert zhao_proposal is not None and zhao_proposal.points == D("6") and "上限" in zhao_proposal.summary


def test_no_builtin_item_counts_per_result(db: None) -> None:
    weighted = RubricItem.objects.filter(version__rubric__builtin_code__gt="", level_weighted=True)
    assert weighted.count() == 4  # 001 附件2 items 17 and 23; the studio member rubric's items 4 and 5
    assert set(weighted.values_list("level_counting", flat=True)) == {RubricItem.LevelCounting.BEST}
    assert not [item.params for item in weighted if "per_unit" in item.params]


def test_a_project_concluded_outside_the_period_does_not_count(world: World, rounds: RoundWorld) -> None:
    studio = make_running_studio(world)
    ResearchProject.objects.create(
        studio=studio,
        title="旧课题",
        level="city",
        status="concluded",
        starts_on=dt.date(2024, 3, 1),
        ends_on=dt.date(2025, 6, 30),
        lead=rounds.subjects[0].teacher,
    )  # no log entry: its end date, before the semester, is its conclusion
    proposal = _proposal(rounds, 0, 17)
    assert proposal is not None and proposal.points == D("0")


def test_honours_from_achievements_and_honour_records(rounds: RoundWorld) -> None:
    """001 附件2 item 23 (4 points): a county-level honour proposes 0.8 × 4 = 3.2."""
    teacher = rounds.subjects[0].teacher
    Honour.objects.create(teacher=teacher, title="优秀班主任", level="county", awarded_on=dt.date(2026, 11, 1))
    Honour.objects.create(teacher=teacher, title="旧荣誉", level="city", awarded_on=dt.date(2025, 11, 1))
    _achievement(teacher, "school", kind="contest")  # 0.6 × 4 = 2.4
    _achievement(teacher, "city", kind="paper_published")  # research, not honours
    proposal = _proposal(rounds, 0, 23)
    assert proposal is not None
    assert proposal.points == D("3.2")
    assert len(proposal.rows) == 2
    school_only = _proposal(rounds, 1, 23)
    assert school_only is not None and school_only.points == D("0")
    _achievement(rounds.subjects[1].teacher, "township", kind="honour")
    township = _proposal(rounds, 1, 23)
    assert township is not None and township.points == D("2.4")  # 乡级 0.6 × 4


def test_plans_share_of_the_kinds_present(world: World, rounds: RoundWorld) -> None:
    """A studio member's plan and summary in the archive (the Ganyu rubric's item 6 reads the class
    work log instead: test_evidence_classwork.py)."""
    teacher_a, zhao, _qian = (s.teacher for s in rounds.subjects)
    rnd = _studio_round(world, "plans", {"kinds": ["dev_plan", "summary"]}, "3")
    subjects = [add_subject(rnd, s.teacher) for s in rounds.subjects]
    item = rnd.version.items.get()
    _note(teacher_a, 10, dt.date(2026, 9, 5), kind="dev_plan")
    _note(zhao, 10, dt.date(2026, 9, 5), kind="dev_plan")
    _note(zhao, 10, dt.date(2027, 1, 10), kind="summary")
    proposals = proposals_for(rnd, subjects)
    first = proposals[(subjects[0].pk, item.pk)]
    assert first.points == D("1.5") and "缺" in first.summary
    assert proposals[(subjects[1].pk, item.pk)].points == D("3")
    assert proposals[(subjects[2].pk, item.pk)].points == D("0")


def test_democratic_rating_only_above_the_anonymity_threshold(rounds: RoundWorld) -> None:
    item = _item(rounds.round, 21)
    rating = DemocraticRating.objects.create(
        round=rounds.round, audience="parents", question="满意吗", scale=5, min_responses=3, item=item
    )
    first, second, _third = rounds.subjects
    for mark in (5, 4, 3):
        RatingResponse.objects.create(rating=rating, subject=first, mark=mark)
    for mark in (5, 5):
        RatingResponse.objects.create(rating=rating, subject=second, mark=mark)
    proposals, blocked = compute(rounds.round, rounds.subjects)
    assert proposals[(first.pk, item.pk)].points == D("2.40")  # mean 4 of 5 × 3
    assert (second.pk, item.pk) not in proposals
    assert "2份" in blocked[(second.pk, item.pk)] and "3份" in blocked[(second.pk, item.pk)]


def _studio_round(world: World, computation: str, params: dict, max_points: str) -> Any:
    rubric = Rubric.objects.create(name="工作室考核", kind="studio_member", region=world.district_a)
    version = RubricVersion.objects.create(rubric=rubric, number=1, status="active")
    section = RubricSection.objects.create(version=version, position=1, title="一", max_points=D(max_points))
    RubricItem.objects.create(
        version=version,
        section=section,
        number=1,
        text="活动",
        max_points=D(max_points),
        scoring="computed",
        computation=computation,
        params=params,
    )
    return make_round(world, status="open", version=version)


def _activity(studio: Any, day: int, month: int = 10) -> Activity:
    start = timezone.make_aware(dt.datetime(2026, month, day, 14, 0))
    return Activity.objects.create(
        studio=studio,
        kind="collective_study",
        title=f"研修{month}-{day}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )


def test_training_attendance_with_credit_against_the_studios_activities(world: World) -> None:
    studio = make_running_studio(world)
    rnd = _studio_round(world, "training", {}, "30")
    subject = add_subject(rnd, world.teacher_a)
    first, second, third = _activity(studio, 10), _activity(studio, 20), _activity(studio, 25)
    _activity(studio, 10, month=8)  # before the semester
    Attendance.objects.create(activity=first, teacher=world.teacher_a, status="present", method="qr")
    Attendance.objects.create(activity=second, teacher=world.teacher_a, status="late", method="qr")
    Attendance.objects.create(activity=third, teacher=world.teacher_a, status="absent", method="manual", reason="病假")
    _activity(studio, 28)  # expected, no record
    proposal = proposals_for(rnd, [subject])[(subject.pk, rnd.version.items.get().pk)]
    assert proposal.points == D("15")  # 2 of 4 × 30
    assert len(proposal.rows) == 4


def test_activities_given_with_a_cap(world: World) -> None:
    studio = make_running_studio(world)
    rnd = _studio_round(world, "activities", {"per_activity": "2"}, "5")
    subject = add_subject(rnd, world.teacher_a)
    other = add_subject(rnd, world.teacher_b)
    for day in (3, 4, 5):
        _activity(studio, day).presenters.add(world.teacher_a)
    _activity(studio, 6).presenters.add(world.teacher_b)
    item = rnd.version.items.get()
    proposals = proposals_for(rnd, [subject, other])
    assert proposals[(subject.pk, item.pk)].points == D("5")  # 3 × 2 = 6, capped at 5
    assert proposals[(other.pk, item.pk)].points == D("2")


def test_a_yearly_round_counts_the_school_year(world: World, rounds: RoundWorld) -> None:
    base = rounds.round
    yearly = EvaluationRound.objects.create(
        title="2026学年", period="yearly", school_year=base.school_year, school=base.school,
        region_path=base.region_path, version=base.version, status="open",
    )  # fmt: skip
    subject = add_subject(yearly, world.teacher_a)
    _note(world.teacher_a, 5000, dt.date(2027, 3, 1))  # spring semester of the same school year
    proposal = proposals_for(yearly, [subject])[(subject.pk, yearly.version.items.get(number=3).pk)]
    assert proposal.points == D("3")


def test_queries_do_not_grow_with_the_number_of_people(
    world: World, rounds: RoundWorld, django_assert_max_num_queries: Any
) -> None:
    rating = DemocraticRating.objects.create(
        round=rounds.round, audience="pupils", question="q", min_responses=3, item=_item(rounds.round, 21)
    )
    for subject in rounds.subjects:
        _note(subject.teacher, 100, dt.date(2026, 10, 1))
        _achievement(subject.teacher, "city")
        RatingResponse.objects.create(rating=rating, subject=subject, mark=4)
    with CaptureQueriesContext(connection) as one:
        proposals_for(rounds.round, rounds.subjects[:1])
    more = [
        add_subject(rounds.round, make_teacher(world.school_a, f"老师{n}", mobile=f"1390000{n:04d}")) for n in range(12)
    ]
    with django_assert_max_num_queries(len(one.captured_queries)):
        proposals = proposals_for(rounds.round, [*rounds.subjects, *more])
    # 12, and the class work log's classes and their regions' policies, read once for its eight items
    assert len(one.captured_queries) <= 14
    # four computed items with proposals (3, 17, 18: guidance hours, 23); the democratic one below
    # threshold; the class work log's items without a class work policy in this region
    assert len(proposals) == 15 * 4


def test_evidence_page_for_raters_and_the_organiser_only(
    world: World, rounds: RoundWorld, django_assert_max_num_queries: Any
) -> None:
    subject = rounds.subjects[0]
    _note(subject.teacher, 4000, dt.date(2026, 10, 1))
    url = f"/evaluation/rubrics/evidence/{subject.uid}/"
    rater = client_for(rounds.raters[1].user)
    _achievement(subject.teacher, "city")
    with django_assert_max_num_queries(25):
        response = rater.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "4000字" in page
    # A record's type and kind as people read them, never their stored codes.
    assert "成果" in page and "市级" in page
    assert ">achievement<" not in page and ">paper_published<" not in page
    assert client_for(world.school_staff).get(url).status_code == 200  # the organiser
    assert client_for(world.teacher_user).get(url).status_code == 404  # the person themself is no rater
    assert client_for(world.outsider_teacher_user).get(url).status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(make_user("lonely")).get(url).status_code == 403


def test_training_attendance_expects_the_meetings_a_teacher_was_invited_to(world: World) -> None:
    """A school's head-teacher meeting (an activity of the school, not of a studio) expects its invited,
    so a missed one lowers the proposal (附件1 duty 18)."""
    studio = make_running_studio(world)
    rnd = _studio_round(world, "training", {}, "30")
    subject = add_subject(rnd, world.teacher_a)
    attended = _activity(studio, 10)
    Attendance.objects.create(activity=attended, teacher=world.teacher_a, status="present", method="qr")
    meeting = Activity.objects.create(
        school=world.school_a, kind="ht_meeting", title="班主任例会",
        starts_at=attended.starts_at + dt.timedelta(days=5), ends_at=attended.ends_at + dt.timedelta(days=5),
    )  # fmt: skip
    meeting.invitees.add(world.teacher_a)
    proposal = proposals_for(rnd, [subject])[(subject.pk, rnd.version.items.get().pk)]
    assert proposal.points == D("15")  # 1 of 2 × 30
    assert {row["title"] for row in proposal.rows} == {attended.title, "班主任例会"}
