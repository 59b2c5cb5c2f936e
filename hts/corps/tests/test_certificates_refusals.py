"""A batch issue that refuses some teachers (001 4, 7): the preview warns, before the confirm button,
of every teacher who will be refused with the rule; a confirmed issue that still holds one is refused
as a whole, naming each refused teacher; the preview's button issues to the others only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.corps.training.models import Course, CourseKind, Enrolment
from testkit import World, client_for, make_teacher


@pytest.fixture
def policy(world: World) -> CorpsPolicy:
    from hts.studios.policy_templates.ganyu import CORPS

    return CorpsPolicy.objects.create(region=world.city, **CORPS)


def _data(*teachers: object, **extra: object) -> dict[str, object]:
    return {"kind": "training", "issued_on": "2026-08-01", "evidence": "", "number": "",
            "teachers": [t.pk for t in teachers], **extra}  # type: ignore[attr-defined]  # fmt: skip


def test_the_preview_warns_of_each_refused_teacher_and_the_confirm_names_them_all(
    world: World, policy: CorpsPolicy
) -> None:
    course = Course.objects.create(kind=CourseKind.PRE_SERVICE, title="2025年县岗前培训", year=2025,
                                   region=world.district_a, pass_mark=Decimal(60))  # fmt: skip
    Enrolment.objects.create(course=course, teacher=world.teacher_a, theory_score=80, practice_score=80)
    failed = make_teacher(world.school_a, "周明")
    Enrolment.objects.create(course=course, teacher=failed, theory_score=50, practice_score=80)
    untrained = make_teacher(world.school_a, "钱芳")
    client = client_for(world.district_staff)
    url = f"/corps/certificates/issue/{world.district_a.uid}/"

    preview = client.post(url, _data(world.teacher_a, failed, untrained))
    assert preview.status_code == 200
    html = preview.content.decode()
    warning = html.split('data-testid="issue-refusals"')[1].split("</div>")[0]
    # Both refused teachers, each with the rule, and the warning stands before the button.
    assert "2 位教师将被拒绝" in warning and "周明" in warning and "钱芳" in warning
    assert warning.count("没有通过县级岗前培训") == 2
    # Each refused teacher is named once: the list names them, the rule follows without the name again.
    assert warning.count("周明") == 1 and warning.count("钱芳") == 1
    assert html.index('data-testid="issue-refusals"') < html.index('data-testid="confirm-issue"')
    assert "下面的按钮只向其余教师颁发" in warning and "全有或全无" not in warning
    assert "其余 1 位" in html.split('data-testid="confirm-issue"')[1].split("</button>")[0]
    # The button posts only the teacher who is not refused.
    form = html.split('data-testid="issue-preview"')[1]
    assert form.count('name="teachers"') == 1 and f'value="{world.teacher_a.pk}"' in form

    # Confirming the whole choice anyway issues nothing and names each refused teacher.
    refused = client.post(url, _data(world.teacher_a, failed, untrained, confirm="1"))
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "未颁发任何证书：所选 3 位教师中有 2 位被拒绝" in body
    assert "周明 没有通过县级岗前培训" in body and "钱芳 没有通过县级岗前培训" in body
    assert not Certificate.objects.exists()

    # The preview's button: the others only.
    assert client.post(url, _data(world.teacher_a, confirm="1")).status_code == 302
    assert list(Certificate.objects.values_list("holder__name", flat=True)) == [world.teacher_a.name]


def test_a_preview_where_everyone_is_refused_offers_no_button(world: World, policy: CorpsPolicy) -> None:
    preview = client_for(world.district_staff).post(
        f"/corps/certificates/issue/{world.district_a.uid}/", _data(world.teacher_a)
    )
    html = preview.content.decode()
    assert 'data-testid="nothing-to-issue"' in html and 'data-testid="confirm-issue"' not in html
    assert world.teacher_a.name in html.split('data-testid="issue-refusals"')[1]
