"""The semester's 班主任工作手册 (issue 15 point 5): exported from the class log's button in the background,
as PDF and Word, read back; pupils' names masked for a reader who may not see them; every export
audited; refused (404, no job, no name) to everyone outside the class log's scope; bounded queries."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from hts.classwork import handbook
from hts.classwork.handbook_documents import handbook_docx, handbook_pdf
from hts.classwork.models import ClassRef, ClassworkPolicy, Kind, LogEntry, Pupil, VisitMode
from hts.classwork.tests.people import class_people
from hts.core.jobs import run_export_job
from hts.core.models import AuditEntry, ExportJob
from hts.org.models import Semester
from testkit import World, client_for, make_school_year

TODAY = dt.date(2026, 11, 16)
GANYU = dict(
    theme_meetings_a_month=1,
    blackboard_issues_a_month=1,
    cadre_meeting_every_days=14,
    parent_meetings_a_semester=2,
    visit_every_pupil=True,
    semester_plan_required=True,
    semester_summary_required=True,
)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    # The pages, the job and the handbook read `timezone.localdate()`: a fixed day inside the semester.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def people(world: World, today: dt.date) -> dict[str, Any]:
    make_school_year(world.city, 2026)
    ClassworkPolicy.objects.create(region=world.city, **GANYU)
    return class_people(world)


def _log(world: World, extra_visits: int = 0) -> Semester:
    semester = Semester.objects.get(kind="autumn", school_year__region=world.city)
    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)

    def entry(kind: str, day: tuple[int, int], title: str = "", **fields: Any) -> None:
        LogEntry.objects.create(
            school_class=world.class_a, semester=semester, kind=kind, on=dt.date(2026, *day), title=title, **fields
        )

    entry(Kind.PLAN, (9, 1), notes="以养成教育为重点。")
    entry(Kind.BLACKBOARD, (9, 5), "开学第一期")
    entry(Kind.THEME_MEETING, (9, 10), "安全伴我行", notes="情景表演。")
    entry(Kind.SAFETY, (9, 8), "秋游安全预案", notes="分组与联系人。")
    entry(Kind.PARENT_MEETING, (10, 12), "期中家长会", notes="通报学情。")
    entry(Kind.CADRE_MEETING, (10, 15), "班干部例会", notes="布置值日。")
    entry(Kind.TEACHER_MEETING, (11, 3), "科任教师协调会", notes="作业量协调。")
    entry(Kind.INCIDENT, (11, 2), "课间摔伤", notes="送医务室，通知家长。")
    entry(Kind.HOME_VISIT, (9, 20), pupil=pupil, visit_mode=VisitMode.VISIT, notes="奶奶照顾。", follow_up="每周电话。")
    for n in range(extra_visits):
        other = Pupil.objects.create(school_class=world.class_a, name=f"学生{n}", gender="M")
        entry(Kind.HOME_VISIT, (10, 1 + n % 28), pupil=other, visit_mode=VisitMode.PHONE, notes="电话了解。")
        entry(Kind.CADRE_MEETING, (10, 1 + n % 28), f"例会{n}")
    return semester


def _pdf_text(data: bytes) -> str:
    """The PDF's text by poppler's pdftotext, without the breaks of wrapped table cells."""
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed to read the PDF back"
    result = subprocess.run([executable, "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return "".join(result.stdout.decode().split())


def _docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the Word file, those in its tables' cells included."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return paragraphs


def _export(client: Any, world: World, semester: Semester, fmt: str, capture: Any) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("classwork-handbook-export", args=[world.class_a.uid]),
            {"semester": str(semester.uid), "format": fmt},
        )


# Masking ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, masked",
    [("张", "*"), ("张明", "张*"), ("张晓明", "张*明"), ("欧阳晓明", "欧**明"), (" 李四 ", "李*"), ("", "")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert handbook.mask_name(name) == masked


def test_a_reader_who_may_not_see_names_gets_them_masked(world: World, people: dict[str, Any]) -> None:
    semester = _log(world)
    ref = ClassRef.objects.select_related("school__region", "head_teacher", "deputy").get(pk=world.class_a.pk)
    for who in ("head", "deputy", "school_staff"):
        assert handbook.names_visible(people[who], ref)
    for who in ("other_head", "other_school_staff", "bureau", "plain", "admin"):
        assert not handbook.names_visible(people[who], ref)
    book = handbook.handbook_of(ref, semester, show_names=False, today=TODAY)
    assert [v.pupil for v in book.visits] == ["陈*雨"]
    text = _pdf_text(handbook_pdf(book))
    assert "陈*雨" in text and "陈小雨" not in text and "学生姓名已按权限隐去部分字符" in text
    paragraphs = _docx_paragraphs(handbook_docx(book))
    assert "陈*雨" in paragraphs and not any("陈小雨" in p for p in paragraphs)


# The export, through the class log's button ---------------------------------------------------------


def test_the_log_page_offers_the_semesters_begun_the_shown_one_chosen(world: World, people: dict[str, Any]) -> None:
    make_school_year(world.city, 2025)
    url = reverse("classwork-log", args=[world.class_a.uid])
    client = client_for(people["head"])
    body = client.get(url).content.decode()
    assert 'data-testid="classwork-handbook"' in body and "导出工作手册（PDF）" in body
    handbook_form = body.split('data-testid="classwork-handbook"')[1]
    autumn = Semester.objects.get(kind="autumn", school_year__label="2026—2027学年")
    spring = Semester.objects.get(kind="spring", school_year__label="2026—2027学年")
    past = Semester.objects.get(kind="spring", school_year__label="2025—2026学年")
    assert f'value="{autumn.uid}" selected' in handbook_form and f'value="{past.uid}"' in handbook_form
    assert f'value="{spring.uid}"' not in handbook_form  # not begun: nothing to file
    # On a past semester's page, that semester is the one chosen.
    handbook_form = (
        client.get(url, {"semester": str(past.uid)}).content.decode().split('data-testid="classwork-handbook"')[1]
    )
    assert f'value="{past.uid}" selected' in handbook_form


@pytest.mark.parametrize("who", ["head", "deputy", "school_staff"])
def test_the_pdf_holds_the_months_meetings_with_names_and_is_audited(
    world: World, people: dict[str, Any], who: str, django_capture_on_commit_callbacks: Any
) -> None:
    semester = _log(world)
    response = _export(client_for(people[who]), world, semester, "pdf", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.filename.endswith("班主任工作手册（2026—2027学年 秋季学期）.pdf")
    text = _pdf_text(job.file.read())
    assert "班主任工作手册" in text and world.teacher_a.name in text and "赵副" in text
    # October's meetings, the visit with the pupil's full name, the safety plan and the incident.
    for words in ("期中家长会", "班干部例会", "科任教师协调会", "陈小雨", "奶奶照顾", "秋游安全预案", "课间摔伤"):
        assert words in text
    assert "2026年10月" not in text.split("三、家访记录表")[0]  # October holds no theme meeting or issue
    # The dues with the policy's numbers: October had no theme meeting, two cadre meetings were due.
    assert "10月主题班会0次，应不少于1次未完成" in text and "10月班干部会议1次，应不少于2次未完成" in text
    # November is not over: short of the rule is not yet missed.
    assert "11月主题班会0次，应不少于1次进行中" in text and "本学期家长会1次，应不少于2次进行中" in text
    audit = AuditEntry.objects.get(action="classwork.handbook.exported")
    assert audit.actor == people[who] and audit.target_id == str(world.class_a.uid)
    assert audit.changes == {"semester": "2026—2027学年 秋季学期", "format": "pdf", "names": "full"}
    assert "陈小雨" not in str(audit.changes) + audit.target_label


def test_the_word_file_holds_the_meetings(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    semester = _log(world)
    _export(client_for(people["head"]), world, semester, "docx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.filename.endswith(".docx") and job.content_type.endswith("wordprocessingml.document")
    paragraphs = _docx_paragraphs(job.file.read())
    for words in (
        "期中家长会",
        "班干部例会",
        "科任教师协调会",
        "陈小雨",
        "秋游安全预案",
        "课间摔伤",
        "以养成教育为重点。",
    ):
        assert words in paragraphs
    assert "学校：" + world.school_a.name in paragraphs and "2026年9月" in paragraphs
    assert AuditEntry.objects.filter(action="classwork.handbook.exported", changes__format="docx").count() == 1


@pytest.mark.parametrize("who", ["other_head", "other_school_staff", "bureau", "plain", "admin"])
def test_everyone_else_is_refused_with_404_and_no_job(
    world: World, people: dict[str, Any], who: str, django_capture_on_commit_callbacks: Any
) -> None:
    semester = _log(world)
    response = _export(client_for(people[who]), world, semester, "pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 404 and "陈小雨" not in response.content.decode()
    assert not ExportJob.objects.exists()
    assert not AuditEntry.objects.filter(action="classwork.handbook.exported").exists()


def test_a_semester_not_begun_or_a_get_is_refused(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    earlier = Semester.objects.get(kind="spring", school_year__label="2026—2027学年")
    client = client_for(people["head"])
    assert _export(client, world, earlier, "pdf", django_capture_on_commit_callbacks).status_code == 404
    assert client.get(reverse("classwork-handbook-export", args=[world.class_a.uid])).status_code == 405
    assert not ExportJob.objects.exists()


def test_a_job_whose_owner_lost_the_class_fails_without_a_file(world: World, people: dict[str, Any]) -> None:
    semester = _log(world)
    job = ExportJob.objects.create(
        owner=people["other_head"],
        kind="classwork.handbook_pdf",
        label="手册",
        params={"class": str(world.class_a.uid), "semester": str(semester.uid)},
    )
    run_export_job.call(str(job.uid))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error == "您无权查看此班级。" and not job.file


def test_the_choice_is_the_semesters_begun_the_latest_or_the_shown_one_first(
    world: World, people: dict[str, Any]
) -> None:
    make_school_year(world.city, 2025)
    semesters = handbook.semester_choices(world.class_a, dt.date(2027, 8, 1))
    assert [(str(s.school_year), s.kind) for s in semesters] == [
        ("2026—2027学年", "spring"),
        ("2026—2027学年", "autumn"),
        ("2025—2026学年", "spring"),
        ("2025—2026学年", "autumn"),
    ]
    assert handbook.default_semester(semesters) == semesters[0]  # in the summer break: the spring just closed
    assert handbook.default_semester(semesters, semesters[2]) == semesters[2]  # the past semester the log shows
    # A semester not begun is not offered: on 20 August 2026 the latest is the spring of 2025—2026.
    before = handbook.semester_choices(world.class_a, dt.date(2026, 8, 20))
    assert (str(before[0].school_year), before[0].kind) == ("2025—2026学年", "spring")


def test_without_a_policy_the_handbook_says_nothing_is_due(world: World, people: dict[str, Any]) -> None:
    semester = _log(world)
    ClassworkPolicy.objects.all().delete()
    ref = ClassRef.objects.select_related("school__region", "head_teacher", "deputy").get(pk=world.class_a.pk)
    book = handbook.handbook_of(ref, semester, show_names=True, today=TODAY)
    assert not book.has_policy and book.dues == []
    assert "本地区未设置班级工作要求。" in _docx_paragraphs(handbook_docx(book))


# Queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("visits", [0, 40])
def test_building_the_handbook_is_bounded_in_queries(
    world: World, people: dict[str, Any], visits: int, django_assert_max_num_queries: Any
) -> None:
    semester = _log(world, extra_visits=visits)
    ref = ClassRef.objects.select_related("school__region", "head_teacher", "deputy").get(pk=world.class_a.pk)
    with django_assert_max_num_queries(4):
        book = handbook.handbook_of(ref, semester, show_names=True, today=TODAY)
    assert len(book.visits) == 1 + visits


def test_the_log_page_stays_in_its_budget(
    world: World, people: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    _log(world, extra_visits=20)
    client = client_for(people["head"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("classwork-log", args=[world.class_a.uid])).status_code == 200
