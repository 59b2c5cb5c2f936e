"""Training courses (001 二 4, 7): the bureau's county courses and a school's yearly course, with
sessions as activities, trainees, the theory exam and professional test entered on the page or
imported from Excel (all or nothing), the pass rule (the policy's 60), and certificates issued only on
a passed course, tested with 001's numbers (renewal every 3 years)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from hts.accounts.models import Role
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import CertificateCourse, Course, CourseKind, Enrolment
from testkit import World, client_for, make_teacher, make_user


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    """001's numbers (the Ganyu template's corps part)."""
    from hts.studios.policy_templates.ganyu import CORPS

    return CorpsPolicy.objects.create(region=world.city, **CORPS)


def _course(world: World, kind: str = CourseKind.PRE_SERVICE, year: int = 2025, **scores: Any) -> Course:
    school = world.school_a if kind == CourseKind.SCHOOL else None
    region = None if school else world.district_a
    course = Course.objects.create(kind=kind, title=f"{year}年{kind}", year=year, school=school, region=region,
                                   pass_mark=Decimal(60))  # fmt: skip
    if scores:
        Enrolment.objects.create(course=course, teacher=scores.pop("teacher", world.teacher_a), **scores)
    return course


def test_the_bureau_opens_a_county_course_with_the_policys_pass_mark(world: World, policy: CorpsPolicy) -> None:
    client = client_for(world.district_staff)
    response = client.post(
        "/corps/training/",
        {"kind": "pre_service", "title": "2026年县班主任岗前培训", "year": "2026", "place": f"r{world.district_a.pk}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get()
    assert (course.region, course.school, course.pass_mark) == (world.district_a, None, Decimal(60))
    assert "2026年县班主任岗前培训" in client.get("/corps/training/").content.decode()
    # A county course is not a school's; a school course is not the bureau's.
    refused = client.post(
        "/corps/training/", {"kind": "pre_service", "title": "x", "year": "2026", "place": f"s{world.school_a.pk}"}
    )
    assert refused.status_code == 400 and "县级培训由教育局举办" in refused.content.decode()
    assert Course.objects.count() == 1


def test_enrol_add_a_session_enter_scores_and_the_result_and_hours(world: World, policy: CorpsPolicy) -> None:
    second = make_teacher(world.school_a2, "周明")
    course = _course(world)
    client = client_for(world.district_staff)
    url = f"/corps/training/courses/{course.uid}/"
    assert client.post(url, {"form": "enrol", "enrol-teachers": [world.teacher_a.pk, second.pk]}).status_code == 302
    start = timezone.localtime() - dt.timedelta(hours=1)
    added = client.post(url, {"form": "session", "session-title": "第一讲", "session-place": "县教师发展中心",
                              "session-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                              "session-ends_at": (start + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
                              "session-credit_half_days": "2"})  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:3000]
    session = course.sessions.get()
    assert session.region == world.district_a and set(session.invitees.all()) == {world.teacher_a, second}
    assert session.credit_hours == Decimal(6)  # 2 half-days × 3
    marked = client.post(f"/activities/{session.uid}/attendance/",
                         {"teacher": world.teacher_a.pk, "status": "present", "reason": "签到表"})  # fmt: skip
    assert marked.status_code == 302
    first, other = Enrolment.objects.get(teacher=world.teacher_a), Enrolment.objects.get(teacher=second)
    saved = client.post(url, {"form": "scores", f"theory-{first.pk}": "86", f"practice-{first.pk}": "60",
                              f"theory-{other.pk}": "75", f"practice-{other.pk}": "59.5"})  # fmt: skip
    assert saved.status_code == 302
    page = client.get(url)
    rows = {row["enrolment"].teacher.name: row for row in page.context["rows"]}
    assert rows["李红"]["enrolment"].passed is True and rows["李红"]["hours"] == Decimal(6)
    assert rows["周明"]["enrolment"].passed is False and rows["周明"]["hours"] == Decimal(0)
    body = page.content.decode()
    assert "合格" in body and "2 人中 1 人合格" in body
    bad = client.post(url, {"form": "scores", f"theory-{first.pk}": "120", f"practice-{first.pk}": "60"})
    assert bad.status_code == 400
    first.refresh_from_db()
    assert first.theory_score == Decimal(86)


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机号", "理论知识考试", "专业水平测试"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("scores.xlsx", data.getvalue())


def test_import_from_the_template_all_or_nothing(world: World, policy: CorpsPolicy) -> None:
    second = make_teacher(world.school_a2, "周明", mobile="13900000009")
    course = _course(world)
    Enrolment.objects.bulk_create([Enrolment(course=course, teacher=t) for t in (world.teacher_a, second)])
    client = client_for(world.district_staff)
    template = client.get(f"/corps/training/courses/{course.uid}/scores.xlsx")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in sheet[1]] == ["姓名", "手机号", "理论知识考试", "专业水平测试"]
    assert {sheet.cell(row=r, column=2).value for r in (2, 3)} == {"13800000001", "13900000009"}
    url = f"/corps/training/courses/{course.uid}/import/"
    refused = client.post(url, {"import-file": _xlsx([["李红", "13800000001", 88, 70], ["周明", "13900000009", 120, 70],
                                                      ["某人", "13700000000", 60, 60]])})  # fmt: skip
    assert refused.status_code == 400
    errors = refused.context["import_errors"]
    assert [str(e) for e in errors] == ["第 3 行“理论知识考试”列：“120”须在 0 到 100 之间",
                                        "第 4 行“手机号”列：13700000000 不是本培训的学员"]  # fmt: skip
    assert not Enrolment.objects.filter(theory_score__isnull=False).exists()  # nothing half-imported
    done = client.post(url, {"import-file": _xlsx([["李红", "13800000001", 88, 70], ["周明", "13900000009", 50, 70]])})
    assert done.status_code == 302
    assert Enrolment.objects.get(teacher=world.teacher_a).passed is True
    assert Enrolment.objects.get(teacher=second).passed is False


def test_refusals(world: World, policy: CorpsPolicy) -> None:
    course = _course(world, teacher=world.teacher_a)
    url = f"/corps/training/courses/{course.uid}/"
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.school_staff).get(url).status_code == 404  # a county course is the bureau's
    assert client_for(world.teacher_user).get(url).status_code == 403  # the trainee themself
    plain = make_user("plain", teacher=make_teacher(world.school_a, "普通"))
    assert client_for(plain).get(url).status_code == 403
    school_course = _course(world, CourseKind.SCHOOL)
    school_url = f"/corps/training/courses/{school_course.uid}/"
    assert client_for(world.school_staff).get(school_url).status_code == 200
    other_school = make_user("school_a2", Role.SCHOOL_STAFF, school=world.school_a2)
    assert client_for(other_school).get(school_url).status_code == 404
    assert (
        client_for(other_school)
        .post(f"/corps/training/courses/{school_course.uid}/import/", {"import-file": _xlsx([])})
        .status_code
        == 404
    )
    # Enrolling someone from elsewhere is refused with the rule.
    refused = client_for(world.school_staff).post(school_url, {"form": "enrol", "enrol-teachers": [world.teacher_b.pk]})
    assert refused.status_code == 400
    assert not school_course.enrolments.exists()


def test_course_pages_query_budget(world: World, policy: CorpsPolicy, django_assert_max_num_queries: Any) -> None:
    course = _course(world)
    for n in range(6):
        Enrolment.objects.create(course=course, teacher=make_teacher(world.school_a, f"学员{n}"), theory_score=70)
    for year in range(2020, 2025):
        _course(world, year=year)
    client = client_for(world.district_staff)
    client.get("/corps/training/")
    with django_assert_max_num_queries(14):
        assert client.get("/corps/training/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/corps/training/courses/{course.uid}/").status_code == 200


# Certificates need the passed course (point 4) --------------------------------------------------


def _issue(world: World, kind: str, issued_on: str, teacher: Any = None) -> Any:
    data = {"kind": kind, "issued_on": issued_on, "evidence": "", "number": "",
            "teachers": [(teacher or world.teacher_a).pk], "confirm": "1"}  # fmt: skip
    return client_for(world.district_staff).post(f"/corps/certificates/issue/{world.district_a.uid}/", data)


def test_a_training_certificate_needs_a_passed_pre_service_course(world: World, policy: CorpsPolicy) -> None:
    _course(world, theory_score=Decimal(59), practice_score=Decimal(90))  # failed the exam
    refused = _issue(world, "training", "2025-08-01")
    assert refused.status_code == 400
    assert "没有通过县级岗前培训" in refused.content.decode() and "001 二 4、7" in refused.content.decode()
    assert not Certificate.objects.exists()
    passed = _course(world, year=2026, theory_score=Decimal(60), practice_score=Decimal(75))
    assert _issue(world, "training", "2026-08-01").status_code == 302
    certificate = Certificate.objects.get()
    link = CertificateCourse.objects.get(certificate=certificate)
    assert link.enrolment.course == passed
    detail = client_for(world.district_staff).get(f"/corps/certificates/{certificate.uid}/").content.decode()
    assert 'data-testid="certificate-courses"' in detail and passed.title in detail


def test_qualification_needs_the_training_certificate_and_renewal_a_course_within_3_years(
    world: World, policy: CorpsPolicy
) -> None:
    _course(world, year=2022, theory_score=Decimal(80), practice_score=Decimal(80))
    refused = _issue(world, "qualification", "2023-08-01")
    assert refused.status_code == 400 and "没有培训合格证" in refused.content.decode()
    assert _issue(world, "training", "2023-07-01").status_code == 302
    assert _issue(world, "qualification", "2023-08-01").status_code == 302
    first = Certificate.objects.get(kind="qualification")
    assert first.valid_until == dt.date(2026, 8, 1)  # three years (001 7)
    # Renewal in 2026: a renewal course passed in 2022 (school year 2022–2023) is older than 3 years.
    _course(world, CourseKind.RENEWAL, year=2022, theory_score=Decimal(90), practice_score=Decimal(90))
    refused = _issue(world, "qualification", "2026-07-20")
    assert refused.status_code == 400 and "近 3 年内没有通过县级换证培训" in refused.content.decode()
    renewal = _course(world, CourseKind.RENEWAL, year=2025, theory_score=Decimal(70), practice_score=Decimal(66))
    assert _issue(world, "qualification", "2026-07-20").status_code == 302
    renewed = Certificate.objects.filter(kind="qualification").latest("issued_on")
    assert renewed.course_results.get().enrolment.course == renewal


def test_without_a_pass_mark_the_typed_evidence_is_kept(world: World) -> None:
    CorpsPolicy.objects.create(region=world.city, qualification_valid_years=3)
    assert _issue(world, "training", "2026-08-01").status_code == 400  # a note is then required
    data = {"kind": "training", "issued_on": "2026-08-01", "evidence": "纸质记录", "number": "",
            "teachers": [world.teacher_a.pk], "confirm": "1"}  # fmt: skip
    response = client_for(world.district_staff).post(f"/corps/certificates/issue/{world.district_a.uid}/", data)
    assert response.status_code == 302
    assert not CertificateCourse.objects.exists()
