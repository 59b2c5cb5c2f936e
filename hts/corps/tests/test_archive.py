"""The head teacher's work archive (001 3, 7, 10): its sections from hand-built records, the page with
each row's source record (linked only for a viewer who may open it), the PDF, who may see it, the
profile's link and the school's background export."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from hts.core.models import ExportJob
from hts.corps.archive import sources
from hts.corps.archive.sections import ArchiveRow, ArchiveSection, archive_sections, register_archive_section
from hts.corps.archive.selectors import row_links
from hts.corps.certificates.models import Certificate
from hts.corps.gates.models import CreditedService
from hts.corps.models import CorpsPolicy
from hts.corps.structure.models import ChiefHeadTeacher, GuidanceSession, MentorPair
from hts.evaluation.models import YearlyFailure
from hts.evaluation.tests.conftest import add_subject, make_round
from hts.org.models import HeadTeacherService, Honour, Teacher
from testkit import World, client_for, make_teacher, make_user, pdf_fonts

ON = dt.date(2026, 11, 20)


def _policy(world: World) -> CorpsPolicy:
    return CorpsPolicy.objects.create(
        region=world.city,
        title_min_service_years=2,
        promotion_min_service_years=3,
        failing_year_blocks_honours=True,
        template="ganyu",
    )


def _records(world: World, teacher: Teacher | None = None) -> dict[str, Any]:
    """A head teacher with a record of every kind the archive reads."""
    teacher = teacher or world.teacher_a
    HeadTeacherService.objects.create(
        teacher=teacher, school=world.school_a, class_label="二年级3班", started_on=dt.date(2012, 9, 1),
        ended_on=dt.date(2014, 8, 31),
    )  # fmt: skip
    CreditedService.objects.create(
        teacher=teacher, school=world.school_a, started_on=dt.date(2010, 9, 1), ended_on=dt.date(2011, 8, 31),
        what="书法兴趣小组辅导", reason="校务会认定",
    )  # fmt: skip
    qualification = Certificate.objects.create(
        kind="qualification", number="440304-2025-ZG0001", holder=teacher, issuer=world.district_a,
        issued_on=dt.date(2025, 7, 1), valid_until=dt.date(2028, 6, 30), evidence="县岗前培训合格",
    )  # fmt: skip
    revoked = Certificate.objects.create(
        kind="training", number="440304-2019-PX0007", holder=teacher, issuer=world.district_a,
        issued_on=dt.date(2019, 7, 1), evidence="县岗前培训合格", revoked_at=timezone.now(),
        revocation_reason="证书信息有误",
    )  # fmt: skip
    yearly = make_round(
        world, title="2025—2026学年班主任年度考评", period="yearly", status="final", semester=None, month=None
    )
    subject = add_subject(yearly, teacher)
    subject.total, subject.grade, subject.rank_in_school = Decimal("92.50"), "excellent", 1
    subject.save()
    failed_round = make_round(world, title="另一年度考评", period="yearly", status="final", semester=None, month=None)
    failure = YearlyFailure.objects.create(
        teacher=teacher, school_year=yearly.school_year, subject=add_subject(failed_round, teacher),
        status=YearlyFailure.Status.REPORTED,
    )  # fmt: skip
    honour = Honour.objects.create(
        teacher=teacher, title="区优秀班主任", level="county", awarded_on=dt.date(2024, 9, 10)
    )
    mentee = make_teacher(world.school_a, "赵青", serving_since=dt.date(2025, 9, 1))
    pair = MentorPair.objects.create(
        school=world.school_a, mentor=teacher, mentee=mentee, started_on=dt.date(2025, 9, 1)
    )
    GuidanceSession.objects.create(pair=pair, held_on=dt.date(2025, 10, 9), topic="班会设计", hours=Decimal("1.5"))
    chief = ChiefHeadTeacher.objects.create(school=world.school_a, teacher=teacher, started_on=dt.date(2024, 9, 1))
    return {
        "qualification": qualification, "revoked": revoked, "subject": subject, "failure": failure,
        "honour": honour, "pair": pair, "chief": chief, "mentee": mentee,
    }  # fmt: skip


def _pdf_text(data: bytes) -> str:
    """The PDF's text by poppler's pdftotext, without the breaks of wrapped table cells."""
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed"
    result = subprocess.run([executable, "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return "".join(result.stdout.decode().split())


def _section(teacher: Teacher, key: str, on: dt.date = ON) -> ArchiveSection:
    return next(section for section in archive_sections(teacher, on) if section.key == key)


# The sections, on hand-built records ------------------------------------------------------------


def test_service_counts_the_years_as_the_gates_do(world: World) -> None:
    _records(world)
    section = sources.service_section(world.teacher_a, ON)
    # world.teacher_a heads a class since 2015-09-01 and headed one 2012–2014: two periods.
    periods = [row for row in section.rows if row.source_record is not None and "班主任任职记录" in row.source]
    assert [row.cells[2] for row in periods] == ["2012-09-01", "2015-09-01"]
    assert periods[1].cells[3] == "至今"
    # 2 years + 2015-09-01 to 2026-11-20; with the credited year, 14.2.
    assert section.summary.startswith("截至2026-11-20担任班主任13.2年") and "14.2年" in section.summary
    credited = next(row for row in section.rows if "书法" in row.cells[1])
    assert "校务会认定" in credited.source


def test_certificates_name_their_number_and_state_with_the_reason(world: World) -> None:
    _records(world)
    rows = sources.certificate_section(world.teacher_a, ON).rows
    assert [row.cells[1] for row in rows] == ["440304-2019-PX0007", "440304-2025-ZG0001"]
    assert "已撤销" in rows[0].cells[5] and "证书信息有误" in rows[0].cells[5]
    assert rows[1].cells[5] == "有效" and rows[1].cells[4] == "2028-06-30"
    assert rows[1].source == "班主任任职资格证 440304-2025-ZG0001"


def test_gates_show_what_is_closed_and_when_it_opens(world: World) -> None:
    _policy(world)
    young = make_teacher(world.school_a, "周新", serving_since=dt.date(2025, 9, 1))
    rows = {row.cells[0]: row for row in sources.gate_section(young, ON).rows}  # type: ignore[union-attr]
    title = rows["职称申报"]
    assert title.cells[1] == "暂不可以" and title.cells[2] == "2027-09-01"
    assert rows["提拔为学校中层干部"].cells[2] == "2028-09-01"


def test_without_a_corps_policy_the_gates_section_is_left_out(world: World) -> None:
    assert sources.gate_section(world.teacher_a, ON) is None
    assert "gates" not in [section.key for section in archive_sections(world.teacher_a, ON)]


def test_yearly_grades_list_results_and_failures(world: World) -> None:
    _records(world)
    rows = sources.grade_section(world.teacher_a, ON).rows
    result = next(row for row in rows if row.source_record.__class__.__name__ == "Subject")
    assert result.cells[2] == "92.50" and result.cells[3] == "优秀" and "校内第1名" in result.cells[4]
    failure = next(row for row in rows if isinstance(row.source_record, YearlyFailure))
    assert failure.cells[3] == "不合格" and "已上报教育局" in failure.cells[4]


def test_honours_mentoring_and_chief(world: World) -> None:
    records = _records(world)
    assert [row.cells[0] for row in sources.honour_section(world.teacher_a, ON).rows] == ["区优秀班主任"]
    pair = sources.mentoring_section(world.teacher_a, ON).rows[0]
    assert pair.cells[:2] == ("导师", "赵青") and pair.cells[4:] == ("1", "1.5")
    # The mentee's archive shows the same pair from the other side.
    assert sources.mentoring_section(records["mentee"], ON).rows[0].cells[:2] == ("徒弟", "李红")
    assert sources.guidance_section(world.teacher_a, ON).rows[0].cells[2] == "班会设计"
    assert sources.chief_section(world.teacher_a, ON).rows[0].cells == (world.school_a.name, "2024-09-01", "至今")


def test_records_after_the_archive_date_are_left_out(world: World) -> None:
    _records(world)
    early = dt.date(2024, 1, 1)
    assert [row.cells[1] for row in sources.certificate_section(world.teacher_a, early).rows] == ["440304-2019-PX0007"]
    assert sources.honour_section(world.teacher_a, early).rows == []
    assert sources.chief_section(world.teacher_a, early).rows == []


def test_sections_come_in_their_registered_order(world: World) -> None:
    keys = [section.key for section in archive_sections(world.teacher_a, ON)]
    # Other corps parts (ranks, appointments…) register their own sections between these.
    own = [key for key in keys if key in sources.SOURCES]
    assert own == ["service", "certificates", "grades", "honours", "mentoring", "guidance", "chief"]


# Links: only to what the viewer may open --------------------------------------------------------


def test_the_teacher_themself_gets_links_to_their_own_records_only(world: World) -> None:
    records = _records(world)
    rows = [row for section in archive_sections(world.teacher_a, ON) for row in section.rows]
    links = {rows[i].source_record: url for i, url in row_links(world.teacher_user, rows).items()}
    assert f"/corps/certificates/{records['qualification'].uid}/" in links.values()
    assert f"/evaluation/results/{records['subject'].uid}/" in links.values()
    assert records["pair"] in links  # as its mentor
    assert records["failure"] not in links  # the bureau's review list
    assert world.school_a not in links  # the school office's gates and structure pages


def test_school_staff_get_the_school_pages_and_the_bureau_the_failure(world: World) -> None:
    records = _records(world)
    rows = [row for section in archive_sections(world.teacher_a, ON) for row in section.rows]
    office = {rows[i].source_record for i in row_links(world.school_staff, rows)}
    assert {world.school_a, records["pair"], records["qualification"]} <= office
    assert records["failure"] not in office
    bureau = {rows[i].source_record for i in row_links(world.district_staff, rows)}
    assert records["failure"] in bureau and records["pair"] not in bureau


def test_a_row_without_its_record_is_linked_by_the_views_declared_actions(world: World) -> None:
    rows = [ArchiveRow(cells=("x",), source="s", source_url="/corps/certificates/issue/")]
    assert row_links(world.district_staff, rows) == {0: "/corps/certificates/issue/"}
    assert row_links(world.teacher_user, rows) == {}
    assert row_links(world.teacher_user, [ArchiveRow(cells=("x",), source_url="/no/such/page/")]) == {}


# The page and the PDF ---------------------------------------------------------------------------


def test_the_page_shows_every_section_with_its_sources(world: World) -> None:
    records = _records(world)
    page = client_for(world.teacher_user).get(f"/corps/archive/{world.teacher_a.uid}/")
    assert page.status_code == 200
    text = page.content.decode()
    for key in ("service", "certificates", "grades", "honours", "mentoring", "guidance", "chief"):
        assert f'data-testid="archive-section-{key}"' in text
    assert f'href="/corps/certificates/{records["qualification"].uid}/"' in text
    assert "班主任任职资格证 440304-2025-ZG0001" in text
    # The failure names its record, without a link the teacher could not open.
    assert "年度考评不合格报教育局" in text and 'href="/evaluation/grades/failures/"' not in text


def test_a_section_another_part_registers_shows_up(world: World) -> None:
    def extra(teacher: Any, on: dt.date) -> ArchiveSection:
        return ArchiveSection(key="extra", title="见习期", columns=("岗位",), rows=[ArchiveRow(cells=("见习班主任",))])

    register_archive_section("extra", 15, extra)  # after service (10), before the trainee posts (20)
    try:
        keys = [section.key for section in archive_sections(world.teacher_a, ON)]
        assert keys.index("extra") == keys.index("service") + 1
    finally:
        from hts.corps.archive import sections

        sections._SOURCES.pop("extra")


def test_the_page_keeps_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    _policy(world)
    _records(world)
    for number in range(8):
        Certificate.objects.create(
            kind="training", number=f"T-{number}", holder=world.teacher_a, issuer=world.district_a,
            issued_on=dt.date(2020, 1, 1), evidence="培训",
        )  # fmt: skip
        Honour.objects.create(teacher=world.teacher_a, title=f"荣誉{number}", level="school", awarded_on=ON)
    client = client_for(world.school_staff)
    client.get("/home/")  # the session and the principal's first queries are not the page's
    # Session, user, roles, the teacher; each section's one or two reads (the gates: the policy chain,
    # the calendar and the three record kinds); one scope check per action and kind of linked record;
    # the audit entry; the other parts' sections (trainee posts, training, ranks, appointments, honours
    # calls) one or two reads each. The same with 1 or 9 certificates and honours.
    with django_assert_max_num_queries(44):
        response = client.get(f"/corps/archive/{world.teacher_a.uid}/")
    assert response.status_code == 200


def test_the_pdf_has_a_cover_page_numbers_and_a_serif_cjk_body(world: World) -> None:
    _records(world)
    response = client_for(world.school_staff).get(f"/corps/archive/{world.teacher_a.uid}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "Noto-Serif-CJK-SC" in pdf_fonts(response.content)
    text = _pdf_text(response.content)
    assert "班主任工作档案" in text and f"学校：{world.school_a.name}" in text and "姓名：李红" in text
    assert f"出具日期：{timezone.localdate().isoformat()}" in text and "ZG0001" in text, text[text.find("证书") :][:300]
    assert "第2页/共" in text


# Who may see it ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["self", "school_staff", "district", "city", "admin"])
def test_the_teacher_their_school_and_the_bureaus_above_see_it(world: World, who: str) -> None:
    user = {
        "self": world.teacher_user, "school_staff": world.school_staff, "district": world.district_staff,
        "city": world.city_staff, "admin": world.admin,
    }[who]  # fmt: skip
    client = client_for(user)
    assert client.get(f"/corps/archive/{world.teacher_a.uid}/").status_code == 200
    assert client.get(f"/corps/archive/{world.teacher_a.uid}/pdf/").status_code == 200


@pytest.mark.parametrize("who", ["other_school", "other_district", "plain_teacher", "other_head_teacher"])
def test_everyone_else_gets_404(world: World, who: str) -> None:
    if who == "other_school":
        user = make_user("school_b", "school_staff", school=world.school_b)
    elif who == "other_district":
        user = world.district_b_staff
    elif who == "plain_teacher":
        user = make_user("plain", teacher=make_teacher(world.school_a, "钱老师"))
    else:
        user = make_user("colleague", teacher=make_teacher(world.school_a, "孙老师", serving_since=dt.date(2020, 9, 1)))
    client = client_for(user)
    assert client.get(f"/corps/archive/{world.teacher_a.uid}/").status_code == 404
    assert client.get(f"/corps/archive/{world.teacher_a.uid}/pdf/").status_code == 404
    assert client.get(f"/corps/archive/school/{world.school_a.uid}/").status_code in (403, 404)
    assert client.post(f"/corps/archive/school/{world.school_a.uid}/export/").status_code in (403, 404)
    assert not ExportJob.objects.exists()


def test_each_read_by_someone_else_is_audited(world: World) -> None:
    from hts.core.models import AuditEntry

    client_for(world.district_staff).get(f"/corps/archive/{world.teacher_a.uid}/")
    client_for(world.school_staff).get(f"/corps/archive/{world.teacher_a.uid}/pdf/")
    client_for(world.teacher_user).get(f"/corps/archive/{world.teacher_a.uid}/")  # their own: no entry
    entries = AuditEntry.objects.filter(action__startswith="corps.archive.").order_by("pk")
    assert [(e.action, e.actor, e.target_label) for e in entries] == [
        ("corps.archive.viewed", world.district_staff, "李红"),
        ("corps.archive.pdf", world.school_staff, "李红"),
    ]


def test_roles_without_the_action_get_403(world: World) -> None:
    for user in (world.legal_rep, world.nobody):
        assert client_for(user).get(f"/corps/archive/{world.teacher_a.uid}/").status_code == 403


# Links to the archive ---------------------------------------------------------------------------


def test_the_profile_links_the_archive_for_those_who_may_open_it(world: World) -> None:
    url = f"/org/teachers/{world.teacher_a.uid}/"
    link = f'href="/corps/archive/{world.teacher_a.uid}/"'
    assert link in client_for(world.teacher_user).get(url).content.decode()
    assert link in client_for(world.school_staff).get(url).content.decode()
    # The legal representative sees the profile but not the archive.
    assert link not in client_for(world.legal_rep).get(url).content.decode()


def test_the_gates_list_and_the_schools_list_link_each_archive(world: World) -> None:
    _policy(world)
    link = f'href="/corps/archive/{world.teacher_a.uid}/"'
    assert link in client_for(world.school_staff).get(f"/corps/gates/{world.school_a.uid}/").content.decode()
    response = client_for(world.school_staff).get("/corps/archive/", follow=True)
    assert response.redirect_chain[-1][0] == f"/corps/archive/school/{world.school_a.uid}/"
    assert link in response.content.decode()


def test_a_head_teacher_lands_on_their_own_archive(world: World) -> None:
    response = client_for(world.teacher_user).get("/corps/archive/")
    assert response.status_code == 302 and response.url == f"/corps/archive/{world.teacher_a.uid}/"


def test_a_bureau_picks_a_school(world: World) -> None:
    response = client_for(world.district_staff).get("/corps/archive/")
    assert response.status_code == 200
    text = response.content.decode()
    assert world.school_a.name in text and world.school_b.name not in text


def test_the_schools_list_keeps_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for number in range(12):
        make_teacher(world.school_a, f"老师{number}", serving_since=dt.date(2020, 9, 1))
    client = client_for(world.school_staff)
    client.get("/home/")
    with django_assert_max_num_queries(14):
        response = client.get(f"/corps/archive/school/{world.school_a.uid}/")
    assert response.status_code == 200 and response.content.decode().count('data-testid="archive-teacher-row"') == 13


# The school's export ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["zip", "pdf"])
def test_school_staff_export_their_head_teachers_archives(
    world: World, kind: str, django_capture_on_commit_callbacks: Any
) -> None:
    _records(world)
    make_teacher(world.school_a, "李红", serving_since=dt.date(2021, 9, 1), mobile="13800000099")
    make_teacher(world.school_b, "外校老师", serving_since=dt.date(2021, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.school_staff).post(
            f"/corps/archive/school/{world.school_a.uid}/export/", {"format": kind}
        )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.progress_done == job.progress_total
    content = job.file.read()
    if kind == "zip":
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        # teacher_a, the mentee, and the second 李红 (her file keeps its own name).
        assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
        assert len({name for name in names if name.startswith("李红")}) == 2
    else:
        text = _pdf_text(content)
        assert text.count("出具日期") == 3 and "外校老师" not in text
