"""Appointment and honours objections share one base (hts/corps/objections): objections filed before
it keep their author, text and state through its migration, and are decided by the shared service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hts.corps.appointment import services
from hts.corps.appointment.models import Objection
from hts.corps.honours.models import HonourObjection
from hts.corps.objections.models import ObjectionBase
from hts.notifications.models import Notification
from testkit import World

BEFORE = [("corps", "0011_honour_call_title_once")]


def test_both_objections_are_the_shared_base() -> None:
    shared = {"raised_by", "text", "status", "decision", "decided_by", "decided_at"}
    for model in (Objection, HonourObjection):
        assert issubclass(model, ObjectionBase)
        assert shared <= {field.name for field in model._meta.get_fields()}
        assert model._meta.get_field("decision").max_length == 500


@pytest.mark.django_db(transaction=True)
def test_an_objection_filed_before_the_shared_base_keeps_its_author_and_is_decided(world: World) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    rnd = old.get_model("corps", "AppointmentRound").objects.create(
        school_id=world.school_a.pk, title="竞聘", term_from=dt.date(2027, 9, 1), term_to=dt.date(2028, 8, 31),
        status="publicity", objections_until=dt.date(2099, 1, 1),
    )  # fmt: skip
    old.get_model("corps", "Objection").objects.create(round=rnd, filed_by_id=world.teacher_user.pk, text="有异议")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    objection = Objection.objects.get()
    assert (objection.raised_by_id, objection.text, objection.status) == (world.teacher_user.pk, "有异议", "open")
    services.objection_decide(actor=world.school_staff, objection=objection, upheld=False, decision="经核实不成立")
    objection.refresh_from_db()
    assert (objection.status, objection.decided_by_id, objection.decision) == (
        "dismissed",
        world.school_staff.pk,
        "经核实不成立",
    )
    assert Notification.objects.filter(recipient=world.teacher_user).exists()
