"""org asks the apps above it whether an honour is barred only through the bars they register."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hts.evaluation.grades.consequences import honour_bar
from hts.org import honour_bars
from hts.org import services as org_services
from testkit import World

DATA = {"kind": "personal", "title": "优秀班主任", "level": "county", "issuer": "区教育局"}


def test_evaluation_registers_its_bar_at_start_up() -> None:
    assert honour_bar in honour_bars._BARS


def test_a_registered_bar_refuses_the_honour_with_its_reason(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    def bar(teacher: Any, on: dt.date) -> str | None:
        seen.append((teacher, on))
        return "2026 年不得评优" if on.year == 2026 else None

    monkeypatch.setattr(honour_bars, "_BARS", [bar])
    with pytest.raises(ValidationError) as refused:
        org_services.honour_add(
            actor=world.school_staff, teacher=world.teacher_a, data={**DATA, "awarded_on": dt.date(2026, 3, 1)}
        )
    assert refused.value.message_dict == {"awarded_on": ["2026 年不得评优"]}
    assert seen == [(world.teacher_a, dt.date(2026, 3, 1))]
    honour = org_services.honour_add(
        actor=world.school_staff, teacher=world.teacher_a, data={**DATA, "awarded_on": dt.date(2027, 3, 1)}
    )
    assert honour.pk


def test_without_bars_every_honour_is_allowed(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(honour_bars, "_BARS", [])
    honour = org_services.honour_add(
        actor=world.school_staff, teacher=world.teacher_a, data={**DATA, "awarded_on": dt.date(2026, 3, 1)}
    )
    assert honour.pk
