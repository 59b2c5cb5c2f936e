"""The Ganyu demo school's monthly round proposes the rubric's items from the seeded class work log
(issue 15, 7): its staff, as a rater, sees the proposals with their records, pupils masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hts.accounts.models import Role, User
from hts.classwork.models import LogEntry, Pupil
from hts.demo.ganyu import seed_ganyu
from hts.evaluation.rounds.evidence import compute
from hts.evaluation.rounds.models import EvaluationRound
from testkit import client_for, make_user

DAY = dt.date(2026, 11, 16)  # inside the autumn semester of the demo's calendar


@pytest.fixture
def seeded(db: Any, monkeypatch: Any) -> EvaluationRound:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DAY)
    User.objects.filter(pk=make_user("admin", Role.SYSTEM_ADMIN).pk).update(is_superuser=True)
    seed_ganyu(DAY)
    return EvaluationRound.objects.get(school__code="GY-01", period="monthly", month=dt.date(2026, 11, 1))


def test_the_demo_round_proposes_the_log_items_from_the_seeded_log(seeded: EvaluationRound) -> None:
    pupil = Pupil.objects.select_related("school_class__head_teacher").first()
    assert pupil is not None and LogEntry.objects.exists()
    head = pupil.school_class.head_teacher
    subject = seeded.subjects.get(teacher=head)
    proposals, _blocked = compute(seeded, [subject])
    by_number = {seeded.version.items.get(pk=item).number: p for (_s, item), p in proposals.items()}
    assert {5, 6, 7, 9, 10, 11, 15, 16} <= set(by_number)
    assert by_number[10].rows and by_number[7].summary
    # A second run makes no second round.
    seed_ganyu(DAY)
    assert EvaluationRound.objects.filter(school__code="GY-01").count() == 1
    staff = User.objects.get(username="ganyu_school")
    page = client_for(staff).get(f"/evaluation/rubrics/evidence/{subject.uid}/").content.decode()
    assert "家访" in page and pupil.name not in page
