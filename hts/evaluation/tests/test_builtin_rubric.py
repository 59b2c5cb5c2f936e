"""The built-in rubric of 001 附件2 is installed exactly: 23 items, 100 points, sections 15/40/15/30."""

from decimal import Decimal

import pytest

from hts.evaluation.rubrics.models import Rubric, RubricItem

pytestmark = pytest.mark.django_db


def test_the_ganyu_rubric_has_23_items_totalling_100_in_sections_of_15_40_15_30() -> None:
    rubric = Rubric.objects.get(builtin_code="ganyu")
    version = rubric.versions.get()
    assert version.status == "active"
    sections = list(version.sections.order_by("position"))
    assert [s.max_points for s in sections] == [Decimal(15), Decimal(40), Decimal(15), Decimal(30)]
    items = list(version.items.order_by("number"))
    assert [i.number for i in items] == list(range(1, 24))
    assert sum(i.max_points for i in items) == Decimal(100)
    for section in sections:
        assert sum(i.max_points for i in items if i.section_id == section.pk) == section.max_points
        assert section.method


def test_items_17_and_23_are_weighted_by_level_and_computed_from_records() -> None:
    items = {i.number: i for i in RubricItem.objects.filter(version__rubric__builtin_code="ganyu")}
    assert {n for n, i in items.items() if i.level_weighted} == {17, 23}
    assert items[17].computation == "research"
    assert items[23].computation == "honours"
    assert items[3].computation == "study_notes"
    assert items[3].params["chars"] == 5000
    assert items[3].params["village_chars"] == 3000
    assert items[1].scoring == RubricItem.Scoring.MANUAL


def test_every_builtin_rubric_sums_its_sections() -> None:
    for rubric in Rubric.objects.exclude(builtin_code=""):
        version = rubric.versions.get()
        total = sum(s.max_points for s in version.sections.all())
        assert total == sum(i.max_points for i in version.items.all()) == Decimal(100), rubric.name
