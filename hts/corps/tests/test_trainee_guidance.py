"""001 附件2 item 18 (培养和指导了青年教师做好班级管理工作): the mentor's guidance hours in the round's
period are proposed on the sheet the rater opens (evaluation asks corps through its registry)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hts.corps.structure.models import GuidanceSession, MentorPair
from hts.evaluation.rounds.evidence import proposals_for
from hts.evaluation.tests.conftest import RoundWorld, rounds  # noqa: F401 (the fixture)
from testkit import World, client_for, make_teacher


def test_item_18_proposes_the_mentors_guidance_hours_on_the_sheet(world: World, rounds: RoundWorld) -> None:  # noqa: F811
    mentor = rounds.subjects[0].teacher
    mentee = rounds.subjects[1].teacher
    young = make_teacher(world.school_a, "林青", mobile="13800000199")
    pair = MentorPair.objects.create(
        school=world.school_a, mentor=mentor, mentee=mentee, started_on=dt.date(2026, 8, 1)
    )
    other = MentorPair.objects.create(
        school=world.school_a, mentor=mentor, mentee=young, started_on=dt.date(2026, 8, 1)
    )
    GuidanceSession.objects.create(pair=pair, held_on=dt.date(2026, 9, 20), topic="班会设计", hours=Decimal("2"))
    GuidanceSession.objects.create(pair=other, held_on=dt.date(2026, 10, 15), topic="家访", hours=Decimal("1.5"))
    # Before the autumn semester: another period.
    GuidanceSession.objects.create(pair=pair, held_on=dt.date(2026, 8, 20), topic="开学准备", hours=Decimal("3"))

    client = client_for(rounds.raters[1].user)
    body = client.get(f"/evaluation/rounds/{rounds.round.uid}/sheet/{rounds.subjects[0].uid}/").content.decode()
    assert "指导青年教师2次,共3.5学时" in body
    item = rounds.version.items.get(number=18)
    proposal = proposals_for(rounds.round, rounds.subjects)[(rounds.subjects[0].pk, item.pk)]
    assert proposal.points == item.max_points == Decimal("3")
    assert [row["title"] for row in proposal.rows] == ["班会设计", "家访"]
    # The mentee received guidance; item 18 scores the one who gave it.
    mentee_body = client.get(f"/evaluation/rounds/{rounds.round.uid}/sheet/{rounds.subjects[1].uid}/").content.decode()
    assert "指导青年教师0次,共0学时" in mentee_body


def test_an_hours_parameter_proposes_in_proportion(world: World, rounds: RoundWorld) -> None:  # noqa: F811
    item = rounds.version.items.get(number=18)
    item.params = {"hours": 10}
    item.save()
    mentor = rounds.subjects[0].teacher
    pair = MentorPair.objects.create(
        school=world.school_a, mentor=mentor, mentee=rounds.subjects[2].teacher, started_on=dt.date(2026, 8, 1)
    )
    GuidanceSession.objects.create(pair=pair, held_on=dt.date(2026, 10, 1), topic="班干部培养", hours=Decimal("4"))
    proposal = proposals_for(rounds.round, rounds.subjects)[(rounds.subjects[0].pk, item.pk)]
    assert proposal.points == Decimal("1")  # 4 / 10 × 3 = 1.2, rounded down to 0.5
    assert "要求10学时" in proposal.summary
