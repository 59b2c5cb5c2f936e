"""The score import reports every bad cell (row, column header, what is wrong), not one error per row,
and still refuses the whole file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hts.corps.models import CorpsPolicy
from hts.corps.tests.test_training_courses import _xlsx
from hts.corps.training.models import Course, CourseKind, Enrolment
from testkit import World, client_for, make_teacher


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    from hts.studios.policy_templates.ganyu import CORPS

    return CorpsPolicy.objects.create(region=world.city, **CORPS)


def test_each_bad_cell_is_named_and_nothing_is_imported(world: World, policy: CorpsPolicy) -> None:
    second = make_teacher(world.school_a2, "周明", mobile="13900000009")
    course = Course.objects.create(kind=CourseKind.PRE_SERVICE, title="县岗前培训", year=2025,
                                   region=world.district_a, pass_mark=Decimal(60))  # fmt: skip
    Enrolment.objects.bulk_create([Enrolment(course=course, teacher=t) for t in (world.teacher_a, second)])
    client = client_for(world.district_staff)
    upload = _xlsx([
        ["李红", "13800000001", 88, 70],
        ["王五", "13900000009", "八十", 101],  # three bad cells in one row
        ["", "13900000009", 70, 70],  # the same trainee again
        ["某人", "", 60, -1],
    ])  # fmt: skip
    refused = client.post(f"/corps/training/courses/{course.uid}/import/", {"import-file": upload})
    assert refused.status_code == 400
    cells = [(e.row, e.column) for e in refused.context["import_errors"]]
    assert cells == [
        (3, "姓名"),
        (3, "理论知识考试"),
        (3, "专业水平测试"),
        (4, "手机号"),
        (5, "手机号"),
        (5, "专业水平测试"),
    ]
    table = refused.content.decode().split('data-testid="import-errors"')[1].split("</table>")[0]
    assert "未导入任何成绩：有 6 个单元格需要更正" in table
    for text in ("姓名与手机号不符（应为 周明）", "“八十”不是数字", "“101”须在 0 到 100 之间", "与第 3 行是同一名学员",
                 "— 不是本培训的学员", "“-1”须在 0 到 100 之间"):  # fmt: skip
        assert text in table
    assert "<th>行</th><th>列</th><th>问题</th>" in table
    assert not Enrolment.objects.filter(theory_score__isnull=False).exists()


def test_a_missing_column_is_named(world: World, policy: CorpsPolicy) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    course = Course.objects.create(kind=CourseKind.PRE_SERVICE, title="县岗前培训", year=2025,
                                   region=world.district_a, pass_mark=Decimal(60))  # fmt: skip
    upload = SimpleUploadedFile("scores.csv", "姓名,手机号,理论知识考试\n李红,13800000001,80\n".encode())
    refused = client_for(world.district_staff).post(
        f"/corps/training/courses/{course.uid}/import/", {"import-file": upload}
    )
    assert refused.status_code == 400
    assert [str(e) for e in refused.context["import_errors"]] == ["第 1 行“专业水平测试”列：缺少此列"]
