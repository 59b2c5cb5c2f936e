"""Official documents of a studio (application form, roster) and a batch's review scores, through
their URLs: content, Chinese text that survives PDF rendering, scope (404), action (403), and
query budgets that do not grow with the team."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from hts.org.models import HeadTeacherService, Honour
from hts.studios.models import Batch, Membership, Studio
from hts.studios.services import (
    batch_create,
    review_score_submit,
    studio_apply,
    studio_decide,
    studio_defence_record,
    studio_material_check,
    studio_research_check,
)
from testkit import World, client_for, make_running_studio, make_teacher, pdf_fonts

STUDIO_NAME = "李红名班主任工作室"
PLAN = "第一年：建立工作室制度，开展班级管理专题研讨。\n第二年：形成家校共育案例集。"


@pytest.fixture
def batch(world: World) -> Batch:
    return batch_create(
        actor=world.city_staff,
        region=world.city,
        name="深圳市第三批中小学名班主任工作室",
        tier="city",
        start_year=2025,
        cycle_years=None,
        template="shenzhen",
    )


@pytest.fixture
def studio(world: World, batch: Batch) -> Studio:
    Honour.objects.create(
        teacher=world.teacher_a,
        kind="personal",
        title="深圳市优秀班主任",
        level="city",
        awarded_on=dt.date(2021, 9, 10),
        issuer="深圳市教育局",
    )
    Honour.objects.create(
        teacher=world.teacher_a, kind="class", title="福田区先进班集体", level="county", awarded_on=dt.date(2022, 6, 1)
    )
    return studio_apply(
        actor=world.teacher_user,
        batch=batch,
        teacher=world.teacher_a,
        data={
            "name": STUDIO_NAME,
            "stage": "primary",
            "theme": "小学班级文化建设与家校共育",
            "plan": PLAN,
            "research_title": "小学班级自主管理的实践研究",
            "research_level": "city",
        },
    )


def _approve(world: World, studio: Studio, comment: str = "思路清晰") -> None:
    """Material check, three peer scores, defence, decision: the host's membership now exists."""
    studio_research_check(actor=world.city_staff, studio=studio, verified=True, note="结题证书")
    studio_material_check(actor=world.city_staff, studio=studio, passed=True)
    for reviewer, score in [(world.admin, "90"), (world.city_staff, "85.5"), (world.district_staff, "80")]:
        review_score_submit(actor=reviewer, studio=studio, score=Decimal(score), comment=comment)
    studio_defence_record(actor=world.city_staff, studio=studio, passed=True, score=Decimal("88"))
    studio_decide(actor=world.city_staff, studio=studio, approve=True)


def _add_team(world: World, studio: Studio, members: int) -> None:
    Membership.objects.create(
        studio=studio,
        role="mentor",
        external_name="陈导师",
        external_affiliation="深圳市教育科学研究院 研究员",
        status="active",
        started_on=dt.date(2025, 3, 1),
    )
    for n in range(members):
        teacher = make_teacher(
            world.school_b, f"成员{n}", serving_since=dt.date(2019, 9, 1), subject="语文", title="一级教师"
        )
        HeadTeacherService.objects.create(
            teacher=teacher, school=world.school_b, started_on=dt.date(2012, 9, 1), ended_on=dt.date(2015, 7, 1)
        )
        Membership.objects.create(
            studio=studio,
            role="member",
            teacher=teacher,
            status="active",
            is_liaison=n == 0,
            started_on=dt.date(2025, 3, 1),
        )
    Membership.objects.create(studio=studio, role="member", teacher=world.teacher_b, status="refused", started_on=None)


def _pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed to read the PDF back"
    result = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_application_form_docx_holds_the_studio_host_and_checks(world: World, studio: Studio) -> None:
    response = client_for(world.city_staff).get(f"/studios/{studio.uid}/application.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    for expected in (STUDIO_NAME, "李红", "福田实验小学", "深圳市优秀班主任", "小学班级自主管理的实践研究", "市级"):
        assert expected in text
    assert "符合" in text and "家校共育案例集" in text
    assert "现任班主任" in text  # the checks are named in Chinese by their rule code
    # The declared research is the applicant's word until the bureau checks it: the form says so.
    assert "待核实" in text
    studio_research_check(actor=world.city_staff, studio=studio, verified=True, note="结题证书")
    after = _docx_text(client_for(world.city_staff).get(f"/studios/{studio.uid}/application.docx").content)
    assert "待核实" not in after and "教育局已核实" in after
    for signature in ("申报人签名", "学校意见（盖章）", "教育局审核意见"):
        assert signature in text
    assert "13800000001" not in text


@pytest.mark.parametrize("document", ["application.docx", "roster.docx"])
def test_word_forms_number_their_pages_in_the_footer(world: World, studio: Studio, document: str) -> None:
    response = client_for(world.city_staff).get(f"/studios/{studio.uid}/{document}")
    footer = Document(io.BytesIO(response.content)).sections[0].footer
    xml = footer._element.xml
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    codes = [node.text.strip() for node in footer._element.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    # Word shows the fields' values where the placeholder "1" stands: 第 1 页 共 3 页.
    assert footer.paragraphs[0].text == "第 1 页 共 1 页"


def test_application_form_pdf_renders_chinese(world: World, studio: Studio) -> None:
    response = client_for(world.city_staff).get(f"/studios/{studio.uid}/application.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # Text extracted back as Chinese proves the CJK font was embedded (boxes would not extract).
    text = _pdf_text(response.content)
    for expected in (STUDIO_NAME, "班主任工作室申报表", "李红", "符合", "教育局审核意见"):
        assert expected in text
    # Official documents set their body in a serif face; the headings stay sans.
    fonts = {name.replace("-", "") for name in pdf_fonts(response.content)}
    assert any(name.startswith("NotoSerifCJKSC") for name in fonts), fonts
    assert any(name.startswith("NotoSansCJKSC") for name in fonts), fonts


def test_roster_lists_the_team_without_mobiles(world: World, studio: Studio) -> None:
    _approve(world, studio)
    _add_team(world, studio, members=2)
    client = client_for(world.city_staff)

    docx = _docx_text(client.get(f"/studios/{studio.uid}/roster.docx").content)
    assert STUDIO_NAME in docx and "李红" in docx and "陈导师" in docx and "成员（联系人）" in docx
    assert "王明" not in docx  # refused: not on the team

    pdf = client.get(f"/studios/{studio.uid}/roster.pdf").content
    assert pdf.startswith(b"%PDF")
    pdf_text = _pdf_text(pdf)
    assert "班主任工作室成员名册" in pdf_text and "成员0" in pdf_text and "主持人" in pdf_text

    sheet = load_workbook(io.BytesIO(client.get(f"/studios/{studio.uid}/roster.xlsx").content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "序号",
        "角色",
        "联系人",
        "姓名",
        "学校（单位）",
        "学科",
        "职称",
        "班主任年限",
        "状态",
        "加入日期",
    ]
    assert [row[1] for row in rows[1:]] == ["主持人", "导师", "成员", "成员"]
    liaison = rows[3]
    assert liaison[2] == "是" and liaison[3] == "成员0" and liaison[8] == "在册"
    assert liaison[9] == dt.datetime(2025, 3, 1)  # a date Excel sorts, not text
    # Two service periods, 2012–2015 and 2019 on, are added up.
    assert liaison[7] > 8
    for data in (docx, pdf_text, str(rows)):
        assert "13800000001" not in data and "138****" not in data


def test_roster_of_an_applied_studio_shows_the_applicant(world: World, studio: Studio) -> None:
    sheet = load_workbook(io.BytesIO(client_for(world.city_staff).get(f"/studios/{studio.uid}/roster.xlsx").content))
    rows = list(sheet.active.iter_rows(values_only=True))
    assert rows[1][1:4] == ("主持人", None, "李红")


@pytest.mark.parametrize(
    "document", ["application.docx", "application.pdf", "roster.docx", "roster.pdf", "roster.xlsx"]
)
def test_studio_documents_are_scoped(world: World, studio: Studio, document: str) -> None:
    url = f"/studios/{studio.uid}/{document}"
    name = "studios-" + document.replace(".", "-")
    assert reverse(name, kwargs={"uid": studio.uid}) == url
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.legal_rep).get(url).status_code == 403
    assert client_for(world.school_staff).get(url).status_code == 200


def test_the_host_exports_once_the_studio_is_approved(world: World, studio: Studio) -> None:
    url = f"/studios/{studio.uid}/roster.docx"
    assert client_for(world.teacher_user).get(url).status_code == 403  # an applicant, not yet a host
    _approve(world, studio)
    assert client_for(world.teacher_user).get(url).status_code == 200
    assert client_for(world.outsider_teacher_user).get(url).status_code == 403


def test_roster_export_query_budget(world: World, studio: Studio, django_assert_max_num_queries: Any) -> None:
    _approve(world, studio)
    _add_team(world, studio, members=8)
    client = client_for(world.city_staff)
    client.get("/home/")  # warm the session
    # session, user, role assignments (with regions), studio (with batch, host, school),
    # team memberships (with teachers and schools), their service records, the host's service
    # records, session save (savepoint, update, release): 10 whatever the size of the team.
    for document in ("roster.xlsx", "roster.docx", "roster.pdf"):
        with django_assert_max_num_queries(10):
            assert client.get(f"/studios/{studio.uid}/{document}").status_code == 200
    # Application: session, user, roles, studio, host's honours, host's service, session save (3).
    for document in ("application.docx", "application.pdf"):
        with django_assert_max_num_queries(9):
            assert client.get(f"/studios/{studio.uid}/{document}").status_code == 200


def test_review_scores_export(world: World, batch: Batch, studio: Studio, django_assert_max_num_queries: Any) -> None:
    _approve(world, studio)
    Honour.objects.create(
        teacher=world.teacher_b, title="深圳市优秀班主任", level="city", awarded_on=dt.date(2020, 9, 1)
    )
    Honour.objects.create(
        teacher=world.teacher_b, kind="class", title="南山区先进班集体", level="county", awarded_on=dt.date(2021, 6, 1)
    )
    other = studio_apply(
        actor=world.outsider_teacher_user,
        batch=batch,
        teacher=world.teacher_b,
        data={
            "name": "王明工作室",
            "stage": "junior",
            "theme": "初中生涯教育",
            "plan": "三年规划",
            "research_level": "city",
        },
    )
    client = client_for(world.city_staff)
    client.get("/home/")
    url = f"/studios/batches/{batch.uid}/review-scores.xlsx"
    # session, user, roles, batch, studios, their scores with reviewers, defence steps,
    # session save (savepoint, update, release): 10 whatever the number of studios and reviewers.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["评分明细", "汇总"]
    details = list(workbook["评分明细"].iter_rows(values_only=True))
    assert details[0] == ("工作室", "主持人", "学校", "评审专家", "评分", "评语")
    assert len(details) == 4
    assert {row[4] for row in details[1:]} == {90, 85.5, 80}
    assert all(row[:3] == (STUDIO_NAME, "李红", "福田实验小学") and row[5] == "思路清晰" for row in details[1:])
    header, *summary = workbook["汇总"].iter_rows(values_only=True)
    assert header == ("工作室", "主持人", "学校", "状态", "评分人数", "平均分", "现场答辩", "答辩得分")
    by_name = {row[0]: row for row in summary}
    assert by_name[STUDIO_NAME][3:] == ("已入选", 3, 85.17, "通过", 88)
    assert by_name[other.name][1:] == ("王明", "南山外国语学校", "已申报", 0, None, None, None)


def test_review_scores_export_is_scoped(world: World, batch: Batch, studio: Studio) -> None:
    url = f"/studios/batches/{batch.uid}/review-scores.xlsx"
    assert client_for(world.school_staff).get(url).status_code == 403  # no studio.review
    assert client_for(world.legal_rep).get(url).status_code == 403
    assert client_for(world.district_b_staff).get(url).status_code == 404  # a city batch is above a district


def test_exported_text_never_becomes_a_formula(world: World, batch: Batch, studio: Studio) -> None:
    _approve(world, studio, comment='=HYPERLINK("http://example.com","查看")')
    response = client_for(world.city_staff).get(f"/studios/batches/{batch.uid}/review-scores.xlsx")
    cells = [row[5] for row in load_workbook(io.BytesIO(response.content))["评分明细"].iter_rows(min_row=2)]
    assert {(cell.data_type, cell.value) for cell in cells} == {("s", '=HYPERLINK("http://example.com","查看")')}


def test_the_review_export_names_a_running_studio_as_the_pages_do(world: World) -> None:
    """The export kept its own copy of the state names and said 建设中 where every page says 运行中."""
    running = make_running_studio(world)
    response = client_for(world.city_staff).get(f"/studios/batches/{running.batch.uid}/review-scores.xlsx")
    _header, *summary = load_workbook(io.BytesIO(response.content))["汇总"].iter_rows(values_only=True)
    assert [row[3] for row in summary if row[0] == running.name] == ["运行中"]
