"""Two staff deciding the same objection at once: one decision wins, the other is refused, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hts.accounts.models import Role
from hts.corps.honours import services
from hts.corps.honours.models import HonourCall, HonourObjection, Nomination, PanelMember
from hts.org.models import SchoolYear
from testkit import World, make_user, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_staff_deciding_one_objection_at_once(world: World) -> None:
    today = dt.date.today()
    year = SchoolYear.objects.create(
        region=world.city,
        label="本学年",
        starts_on=today - dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=200),
    )
    call = HonourCall.objects.create(
        title="县级优秀班主任", school_year=year, level="county", places=1, region=world.district_a,
        organiser_path=world.district_a.path, nominations_until=today, review_until=today,
        status="publicity", published_on=today, objections_until=today + dt.timedelta(days=5),
    )  # fmt: skip
    PanelMember.objects.create(call=call, user=world.district_staff)
    nomination = Nomination.objects.create(
        call=call, school=world.school_a, teacher=world.teacher_a, statement="x", status="proposed", rank=1
    )
    objection = HonourObjection.objects.create(nomination=nomination, raised_by=world.teacher_user, text="材料不实")
    second = make_user("district_2", Role.BUREAU_STAFF, region=world.district_a)

    results = run_at_once(
        [
            lambda: services.objection_decide(
                actor=world.district_staff, objection=objection, uphold=True, decision="属实"
            ),
            lambda: services.objection_decide(actor=second, objection=objection, uphold=False, decision="不属实"),
        ]
    )
    decided = [r for r in results if isinstance(r, HonourObjection)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(decided) == 1 and len(refused) == 1, results
    assert "已由" in " ".join(refused[0].messages)
    objection.refresh_from_db()
    nomination.refresh_from_db()
    assert objection.status == decided[0].status and objection.decided_by == decided[0].decided_by
    assert nomination.status == ("removed" if objection.status == "upheld" else "proposed")
