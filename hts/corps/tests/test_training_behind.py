"""Who is behind on training (001 二 4: 在岗班主任每年必须参加校级班主任培训; 每三年必须参加一次县级以上的班主任培训),
for the school and the bureau, with its Excel export and reminders (the button and the daily command);
and the training section of the work archive."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from hts.accounts.models import Role
from hts.activities.models import Activity
from hts.core.models import ExportJob
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.corps.training.archive import training_section
from hts.corps.training.models import Course, CourseKind, Enrolment
from hts.corps.training.selectors import behind
from hts.notifications.models import Notification
from testkit import World, client_for, make_teacher, make_user

ON = dt.date(2026, 6, 1)


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    from hts.studios.policy_templates.ganyu import CORPS

    return CorpsPolicy.objects.create(region=world.city, **CORPS)


def _passed(world: World, teacher: Any, kind: str, year: int) -> Enrolment:
    school = teacher.school if kind == CourseKind.SCHOOL else None
    course = Course.objects.create(kind=kind, title=f"{year} {kind}", year=year, school=school,
                                   region=None if school else world.district_a, pass_mark=Decimal(60))  # fmt: skip
    return Enrolment.objects.create(course=course, teacher=teacher, theory_score=80, practice_score=70)


def _qualification(world: World, teacher: Any, issued_on: dt.date) -> Certificate:
    return Certificate.objects.create(kind="qualification", number=f"Q{teacher.pk}{issued_on}", holder=teacher,
                                      issuer=world.district_a, issued_on=issued_on, evidence="x")  # fmt: skip


def test_the_rules_with_001s_numbers(world: World, policy: CorpsPolicy) -> None:
    teacher = world.teacher_a
    reasons = behind([teacher], policy, ON)[0].reasons
    assert reasons == ["2025–2026 学年未参加校本培训", "未通过县级培训"]
    _passed(world, teacher, CourseKind.SCHOOL, 2025)
    _qualification(world, teacher, dt.date(2023, 8, 1))
    # Three years run to 2026-08-01; the expiring window (90 days) has begun on 2026-06-01.
    assert behind([teacher], policy, ON)[0].reasons == [
        "2023-08-01 颁发任职资格证后未通过县级培训（每 3 年一次，应于 2026-08-01 前完成）"
    ]
    assert behind([teacher], policy, dt.date(2026, 4, 1)) == []  # not yet within the window
    _passed(world, teacher, CourseKind.RENEWAL, 2025)
    assert behind([teacher], policy, ON) == []
    # A school course of last year does not count this year; the rule off: nothing is asked.
    assert behind([teacher], policy, dt.date(2026, 9, 15))[0].reasons == ["2026–2027 学年未参加校本培训"]
    policy.school_course_yearly = False
    policy.county_course_every_years = None
    assert behind([teacher], policy, dt.date(2026, 9, 15)) == []
    assert behind([teacher], None, ON) == []


def test_school_list_export_and_reminders(
    world: World, policy: CorpsPolicy, django_capture_on_commit_callbacks: Any
) -> None:
    make_teacher(world.school_a, "周明", serving_since=dt.date(2020, 9, 1))
    client = client_for(world.school_staff)
    url = f"/corps/training/behind/school/{world.school_a.uid}/"
    page = client.get(url)
    assert page.status_code == 200 and page.context["total"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url + "export/").status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    sheet = load_workbook(io.BytesIO(job.file.read())).active
    assert [c.value for c in sheet[1]] == ["学校", "姓名", "未完成"] and sheet.max_row == 3
    assert client.post(url + "remind/").status_code == 302
    sent = Notification.objects.filter(recipient=world.teacher_user, title__startswith="培训提醒")
    assert sent.count() == 2  # one per reason
    client.post(url + "remind/")
    assert sent.count() == 2  # at most once a week


def test_the_bureau_sees_its_subtree_and_the_daily_command_reminds(world: World, policy: CorpsPolicy) -> None:
    url = f"/corps/training/behind/region/{world.district_a.uid}/"
    page = client_for(world.district_staff).get(url)
    names = {row.teacher.name for row in page.context["page"].object_list}
    assert "李红" in names and "王明" not in names  # 王明 is in district B
    call_command("remind_training_behind", "--now", "--date", "2026-06-01", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=world.teacher_user, title__startswith="培训提醒").count() == 2
    assert Notification.objects.filter(recipient=world.outsider_teacher_user, title__startswith="培训提醒").exists()


def test_refusals(world: World, policy: CorpsPolicy) -> None:
    url = f"/corps/training/behind/school/{world.school_a.uid}/"
    other_school = make_user("school_a2", Role.SCHOOL_STAFF, school=world.school_a2)
    assert client_for(other_school).get(url).status_code == 404
    assert client_for(other_school).post(url + "remind/").status_code == 404
    assert client_for(other_school).post(url + "export/").status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert (
        client_for(world.district_b_staff).get(f"/corps/training/behind/region/{world.district_a.uid}/").status_code
        == 404
    )
    assert (
        client_for(world.school_staff).get(f"/corps/training/behind/region/{world.district_a.uid}/").status_code == 404
    )
    assert client_for(world.teacher_user).get(url).status_code == 403
    plain = make_user("plain", teacher=make_teacher(world.school_a, "普通"))
    assert client_for(plain).post(url + "remind/").status_code == 403
    assert client_for(world.school_staff).get(f"/corps/training/behind/planet/{world.school_a.uid}/").status_code == 404
    assert not Notification.objects.filter(title__startswith="培训提醒").exists()


def test_behind_page_query_budget(world: World, policy: CorpsPolicy, django_assert_max_num_queries: Any) -> None:
    for n in range(8):
        teacher = make_teacher(world.school_a, f"班主任{n}", serving_since=dt.date(2020, 9, 1))
        _qualification(world, teacher, dt.date(2023, 8, 1))
    client = client_for(world.district_staff)
    url = f"/corps/training/behind/region/{world.district_a.uid}/"
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_archive_section_names_each_source(world: World, policy: CorpsPolicy) -> None:
    enrolment = _passed(world, world.teacher_a, CourseKind.PRE_SERVICE, 2024)
    section = training_section(world.teacher_a, ON)
    assert section.key == "training" and len(section.rows) == 1
    row = section.rows[0]
    assert row.cells[:2] == ("2024–2025", enrolment.course.title)
    assert "80" in row.cells and "70" in row.cells and "合格" in row.cells
    assert enrolment.course.title in row.source and row.source_url.endswith(f"{enrolment.course.uid}/")
    assert training_section(world.teacher_b, ON).rows == []
    # A county course opens for its bureau; the school's staff read the row without a link to a 404.
    from hts.corps.archive.selectors import row_links

    assert row_links(world.district_staff, section.rows) == {0: row.source_url}
    assert row_links(world.school_staff, section.rows) == {}
    assert client_for(world.school_staff).get(row.source_url).status_code == 404


def test_the_demo_story_is_built_once(world: World) -> None:
    from hts.corps.services import corps_policy_from_template
    from hts.corps.training.demo import seed
    from hts.org.models import School
    from hts.studios.policy_templates import bundle_for
    from testkit import make_region

    county = make_region("赣榆县", "320721", "district", world.province)
    bundle = bundle_for("ganyu")
    assert bundle is not None
    corps_policy_from_template(region=county, bundle=bundle, actor=world.admin)
    for number in range(2):
        school = School.objects.create(
            name=f"赣榆第{number + 1}小学", code=f"GY-{number}", region=county, has_primary=True
        )
        for n in range(5):
            make_teacher(school, f"教师{number}{n}", serving_since=dt.date(2018, 9, 1))
    today = dt.date(2026, 11, 20)
    created = seed(county, today)
    assert created > 20
    assert seed(county, today) == 0  # idempotent
    assert Course.objects.filter(kind=CourseKind.PRE_SERVICE, region=county).get().pass_mark == Decimal(60)
    passed = [e.passed for e in Enrolment.objects.filter(course__kind=CourseKind.PRE_SERVICE)]
    assert passed.count(False) == 1 and passed.count(True) == 5
    meetings = Activity.objects.filter(kind="ht_meeting", school__region=county)
    assert meetings.count() == 4 and all(m.credit_hours == Decimal(3) for m in meetings)
