"""Two staff deciding the same objection at once: one wins, the other is told, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hts.accounts.models import Role
from hts.core.models import WorkflowTransition
from hts.corps.appointment import services
from hts.corps.appointment.models import Application, AppointmentRound, Objection, Post
from hts.org.models import SchoolClass
from testkit import World, make_teacher, make_user, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_staff_decide_one_objection_at_once(world: World) -> None:
    school = world.school_a
    rnd = AppointmentRound.objects.create(
        school=school, title="竞聘", term_from=dt.date(2027, 9, 1), term_to=dt.date(2028, 8, 31),
        status=AppointmentRound.Status.PUBLICITY, objections_until=dt.date(2099, 1, 1),
    )  # fmt: skip
    school_class = SchoolClass.objects.create(school=school, stage="primary", grade=1, name="1班")
    post = Post.objects.create(round=rnd, school_class=school_class)
    teacher = make_teacher(school, "申报人")
    application = Application.objects.create(
        round=rnd, teacher=teacher, status="qualified", teaching_years=3, subject_taught="语文",
        reasons="r", plans="p", preferred_grades=[1],
    )  # fmt: skip
    rnd.assignments.create(post=post, application=application, reason="建议")
    objection = Objection.objects.create(round=rnd, raised_by=world.teacher_user, text="有异议")
    second_staff = make_user("school2", Role.SCHOOL_STAFF, school=school)

    def decide(actor: object, upheld: bool) -> object:
        return services.objection_decide(
            actor=actor, objection=Objection.objects.get(pk=objection.pk), upheld=upheld, decision=f"{actor}"
        )

    results = run_at_once([lambda: decide(world.school_staff, True), lambda: decide(second_staff, False)])
    wins = [r for r in results if isinstance(r, Objection)]
    losses = [r for r in results if isinstance(r, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1, results
    # Told, whether the guard saw the decision already or the shared decide service (which names who decided) did.
    told = " ".join(losses[0].messages)
    assert "已处理" in told or "已由" in told, told
    objection.refresh_from_db()
    rnd.refresh_from_db()
    winner = wins[0]
    assert objection.status == winner.status and objection.decided_by == winner.decided_by
    # The upheld decision moved the round back; a dismissal left it: never both, never half.
    expected = "assigning" if winner.status == "upheld" else "publicity"
    assert rnd.status == expected
    moves = WorkflowTransition.objects.filter(target_id=str(rnd.uid)).count()
    assert moves == (1 if winner.status == "upheld" else 0)
