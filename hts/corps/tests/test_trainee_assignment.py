"""Assigning a head teacher (001 二 4): the trainee year and the qualification certificate are asked
on every path that assigns one (the class form, the service record, the roster import); the school
office may assign anyway with a written reason, kept on an override record and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hts.core.models import AuditEntry
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.corps.trainee.demo import months_before
from hts.corps.trainee.models import TraineePost
from hts.org.models import AssignmentOverride, HeadTeacherService, SchoolClass, Teacher
from hts.org.tests.test_roster import TEACHER_HEADERS, xlsx
from testkit import World, client_for, make_teacher

TODAY = dt.date.today()
TRAINEE_RULE = "见习期规定（001 二 4）"
QUALIFICATION_RULE = "任职资格证规定（001 二 4）"


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    """001's numbers: twelve months as trainee or assistant, and a valid qualification certificate."""
    return CorpsPolicy.objects.create(region=world.city, trainee_months=12, qualification_required=True)


def _new_teacher(world: World, months: int, *, certificate: bool = True) -> Teacher:
    teacher = make_teacher(world.school_a, "周新", birth_year=2000, mobile="13900000077")
    if months:
        TraineePost.objects.create(school_class=world.class_a, teacher=teacher, kind="assistant",
                                   started_on=months_before(TODAY, months), ended_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    if certificate:
        Certificate.objects.create(kind="qualification", number=f"Q-{teacher.pk}", holder=teacher,
                                   issuer=world.district_a, issued_on=TODAY - dt.timedelta(days=30),
                                   valid_until=TODAY + dt.timedelta(days=1000), evidence="县岗前培训合格")  # fmt: skip
    return teacher


def _empty_class(world: World) -> SchoolClass:
    return SchoolClass.objects.create(school=world.school_a, stage="primary", grade=4, name="2班")


def _class_form(school_class: SchoolClass, head: Teacher, reason: str = "") -> dict[str, Any]:
    return {"stage": "primary", "grade": school_class.grade, "name": school_class.name, "head_teacher": head.pk,
            "deputy": "", "override_reason": reason}  # fmt: skip


def _edit(world: World, school_class: SchoolClass, head: Teacher, reason: str = "", user: Any = None) -> Any:
    client = client_for(user or world.school_staff)
    return client.post(f"/org/classes/{school_class.uid}/edit/", _class_form(school_class, head, reason))


# The class form ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("policy")
def test_eleven_months_are_refused_with_the_rule_named(world: World) -> None:
    school_class = _empty_class(world)
    teacher = _new_teacher(world, 11)
    response = _edit(world, school_class, teacher)
    body = response.content.decode()
    assert response.status_code == 200 and TRAINEE_RULE in body
    assert "至少12个月" in body and "周新仅有11个月" in body and "书面理由" in body
    school_class.refresh_from_db()
    assert school_class.head_teacher is None
    assert not AssignmentOverride.objects.exists()


@pytest.mark.usefixtures("policy")
def test_twelve_months_and_a_valid_certificate_pass(world: World) -> None:
    school_class = _empty_class(world)
    teacher = _new_teacher(world, 12)
    assert _edit(world, school_class, teacher).status_code == 302
    school_class.refresh_from_db()
    assert school_class.head_teacher == teacher
    assert not AssignmentOverride.objects.exists()


@pytest.mark.usefixtures("policy")
def test_without_a_valid_certificate_the_qualification_rule_refuses(world: World) -> None:
    school_class = _empty_class(world)
    teacher = _new_teacher(world, 12, certificate=False)
    Certificate.objects.create(kind="qualification", number="Q-old", holder=teacher, issuer=world.district_a,
                               issued_on=TODAY - dt.timedelta(days=1200), valid_until=TODAY - dt.timedelta(days=5),
                               evidence="过期")  # fmt: skip
    body = _edit(world, school_class, teacher).content.decode()
    assert QUALIFICATION_RULE in body and TRAINEE_RULE not in body
    school_class.refresh_from_db()
    assert school_class.head_teacher is None


@pytest.mark.usefixtures("policy")
def test_the_office_assigns_anyway_with_a_written_reason_kept_and_audited(world: World) -> None:
    school_class = _empty_class(world)
    teacher = _new_teacher(world, 11, certificate=False)
    reason = "原班主任病休，经校务会研究由周新临时担任"
    assert _edit(world, school_class, teacher, reason).status_code == 302
    school_class.refresh_from_db()
    assert school_class.head_teacher == teacher
    override = AssignmentOverride.objects.get()
    assert (override.teacher, override.school_class, override.reason, override.decided_by) == (
        teacher, school_class, reason, world.school_staff)  # fmt: skip
    assert TRAINEE_RULE in override.problems and QUALIFICATION_RULE in override.problems
    entry = AuditEntry.objects.get(action="org.assignment.overridden")
    assert entry.changes["reason"] == [None, reason]


def test_a_teacher_who_headed_a_class_before_is_not_new(world: World, policy: CorpsPolicy) -> None:
    """001 二 4 asks the trainee year of 新上岗的中小学教师: earlier headship stands for it; the
    qualification certificate is still asked."""
    school_class = _empty_class(world)
    teacher = _new_teacher(world, 0)
    HeadTeacherService.objects.create(teacher=teacher, school=world.school_b, started_on=dt.date(2015, 9, 1),
                                      ended_on=dt.date(2019, 7, 1))  # fmt: skip
    assert _edit(world, school_class, teacher).status_code == 302
    other = make_teacher(world.school_a, "郑旧", mobile="13900000078")
    HeadTeacherService.objects.create(teacher=other, school=world.school_a, started_on=dt.date(2015, 9, 1),
                                      ended_on=dt.date(2019, 7, 1))  # fmt: skip
    body = _edit(world, _class_b(world), other).content.decode()
    assert QUALIFICATION_RULE in body and TRAINEE_RULE not in body


def _class_b(world: World) -> SchoolClass:
    return SchoolClass.objects.create(school=world.school_a, stage="primary", grade=5, name="3班")


def test_no_corps_policy_no_check(world: World) -> None:
    school_class = _empty_class(world)
    teacher = _new_teacher(world, 0, certificate=False)
    assert _edit(world, school_class, teacher).status_code == 302


@pytest.mark.usefixtures("policy")
def test_keeping_the_same_head_teacher_is_not_a_new_assignment(world: World) -> None:
    teacher = _new_teacher(world, 0, certificate=False)
    school_class = SchoolClass.objects.create(school=world.school_a, stage="primary", grade=4, name="2班",
                                              head_teacher=teacher)  # fmt: skip
    assert _edit(world, school_class, teacher).status_code == 302


@pytest.mark.usefixtures("policy")
def test_a_new_class_with_a_head_teacher_is_checked_too(world: World) -> None:
    teacher = _new_teacher(world, 11)
    data = {**_class_form(_empty_class(world), teacher), "name": "9班"}
    response = client_for(world.school_staff).post(f"/org/schools/{world.school_a.uid}/classes/new/", data)
    assert TRAINEE_RULE in response.content.decode()
    assert not SchoolClass.objects.filter(name="9班").exists()


# The service record ------------------------------------------------------------------------------


def _service(world: World, teacher: Teacher, reason: str = "", **dates: str) -> Any:
    data = {"school": world.school_a.pk, "school_class": "", "class_label": "四年级2班",
            "started_on": dates.get("started_on", TODAY.isoformat()), "ended_on": dates.get("ended_on", ""),
            "override_reason": reason}  # fmt: skip
    return client_for(world.school_staff).post(f"/org/teachers/{teacher.uid}/service/", data)


@pytest.mark.usefixtures("policy")
def test_a_current_service_record_is_checked_and_may_be_overridden(world: World) -> None:
    teacher = _new_teacher(world, 11)
    refused = _service(world, teacher)
    assert refused.status_code == 400 and TRAINEE_RULE in refused.content.decode()
    assert not HeadTeacherService.objects.filter(teacher=teacher).exists()
    assert _service(world, teacher, "县教育局同意破格").status_code == 302
    record = HeadTeacherService.objects.get(teacher=teacher)
    assert record.overrides.get().reason == "县教育局同意破格"
    # The reason stays on the record: the teacher's page shows it beside the period, with the rule.
    page = client_for(world.school_staff).get(f"/org/teachers/{teacher.uid}/").content.decode()
    assert "破格任用（" in page and "县教育局同意破格" in page and TRAINEE_RULE in page


@pytest.mark.usefixtures("policy")
def test_a_past_period_is_history_and_goes_in_unchecked(world: World) -> None:
    teacher = _new_teacher(world, 0, certificate=False)
    assert _service(world, teacher, started_on="2010-09-01", ended_on="2013-07-01").status_code == 302
    assert not AssignmentOverride.objects.exists()


# The roster import -------------------------------------------------------------------------------


@pytest.mark.usefixtures("policy")
def test_the_roster_import_refuses_a_new_current_period_that_fails_a_rule(world: World) -> None:
    teacher = _new_teacher(world, 11)
    row = [
        teacher.mobile,
        teacher.name,
        "女",
        "2000",
        "福田实验小学",
        "语文",
        "",
        "本科",
        TODAY.isoformat(),
        "",
        "四年级2班",
    ]
    response = client_for(world.school_staff).post(
        "/org/rosters/import/", {"kind": "teachers", "file": SimpleUploadedFile("t.xlsx", xlsx([row], TEACHER_HEADERS))}
    )
    problems = [(p.column, p.message) for p in response.context["result"].problems]
    assert any(column == "班主任起始日期" and TRAINEE_RULE in message and "书面理由" in message
               for column, message in problems)  # fmt: skip
    assert not HeadTeacherService.objects.filter(teacher=teacher).exists()
    # With twelve months the same row goes in.
    TraineePost.objects.filter(teacher=teacher).update(started_on=months_before(TODAY, 12))
    again = client_for(world.school_staff).post(
        "/org/rosters/import/", {"kind": "teachers", "file": SimpleUploadedFile("t.xlsx", xlsx([row], TEACHER_HEADERS))}
    )
    assert again.status_code == 302
    assert HeadTeacherService.objects.filter(teacher=teacher, started_on=TODAY).exists()


@pytest.mark.usefixtures("policy")
def test_the_roster_import_checks_a_teacher_it_creates(world: World) -> None:
    row = ["13900000099", "新来的", "男", "2001", "福田实验小学", "数学", "", "本科", TODAY.isoformat(), "", ""]
    response = client_for(world.school_staff).post(
        "/org/rosters/import/", {"kind": "teachers", "file": SimpleUploadedFile("t.xlsx", xlsx([row], TEACHER_HEADERS))}
    )
    messages = " ".join(p.message for p in response.context["result"].problems)
    assert TRAINEE_RULE in messages and QUALIFICATION_RULE in messages
    assert not Teacher.objects.filter(mobile="13900000099").exists()


@pytest.mark.usefixtures("policy")
def test_a_headship_that_began_before_the_policy_is_the_record_of_what_was(world: World) -> None:
    """A county's first roster lists its serving head teachers since long before the rules (逐步推行)."""
    row = ["13900000098", "老班主任", "女", "1980", "福田实验小学", "语文", "", "本科", "2016-09-01", "", "六年级1班"]
    response = client_for(world.school_staff).post(
        "/org/rosters/import/", {"kind": "teachers", "file": SimpleUploadedFile("t.xlsx", xlsx([row], TEACHER_HEADERS))}
    )
    assert response.status_code == 302
    assert HeadTeacherService.objects.filter(teacher__mobile="13900000098", ended_on__isnull=True).exists()
