"""What a browser trial of issue 14's appointment found: the proposal placed someone outside the grades
they chose, the certificate was checked on the term's first day only, adjustments were missing from
the history, and a few labels read in another domain's words. Each through the pages a user takes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Post
from hts.corps.certificates.models import Certificate
from hts.corps.tests.test_appointment import Story
from hts.org.models import HeadTeacherService, SchoolClass
from testkit import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world: World) -> Story:
    return Story(world)


def _to_assigning(story: Story, choices: dict[int, tuple[int, ...]]) -> AppointmentRound:
    rnd = story.to_applying()
    for teacher in story.applicants:
        first, *rest = choices[teacher.pk]
        assert story.apply(rnd, teacher, first, rest[0] if rest else None).status_code == 302
    story.step(rnd, "close_applications")
    response = story.staff.post(
        f"/corps/appointment/round/{rnd.uid}/",
        {"form": "speech", "version": story.version.pk, "panel": [story.panel.pk], "min_responses": "3"},
    )
    assert response.status_code == 302
    rnd.refresh_from_db()
    story.score_and_rate(
        rnd,
        {
            story.young.pk: Decimal("0.9"), story.senior.pk: Decimal("0.85"),
            story.young2.pk: Decimal("0.8"), story.middle.pk: Decimal("0.7"),
        },
    )  # fmt: skip
    story.step(rnd, "close_scoring")
    rnd.refresh_from_db()
    assert rnd.status == "assigning"
    return rnd


def test_the_proposal_keeps_to_the_chosen_grades_and_flags_who_is_left(story: Story) -> None:
    # Three chose only 一年级 (two posts); 青年乙, third best of them, must not land in 二年级.
    only_first = (1,)
    rnd = _to_assigning(
        story,
        {story.young.pk: only_first, story.senior.pk: only_first, story.young2.pk: only_first, story.middle.pk: (2,)},
    )
    placed = {a.application.teacher_id: a.post.school_class.grade for a in Assignment.objects.filter(round=rnd)}
    assert placed == {story.young.pk: 1, story.senior.pk: 1, story.middle.pk: 2}
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert 'data-testid="appointment-unplaced"' in page
    flag = page.split('data-testid="appointment-unplaced"')[1].split("</div>")[0]
    assert "青年乙" in flag and "只报了一年级" in flag and "所报年级已满" in flag and "二年级" in flag
    assert "所报年级已满" not in page.split('data-testid="appointment-assignments"')[1].split("</table>")[0]
    # Staff may still place her outside her choice, with a reason: the row says so.
    empty = Post.objects.filter(round=rnd, assignment__isnull=True).get()
    young2 = Application.objects.get(round=rnd, teacher=story.young2)
    response = story.staff.post(
        f"/corps/appointment/round/{rnd.uid}/",
        {"form": "adjust", "post": empty.pk, "application": young2.pk, "reason": "本人同意改任二年级"},
    )
    assert response.status_code == 302
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert 'data-testid="outside-choices"' in page and "不在所报年级（所报：一年级）" in page
    assert 'data-testid="appointment-unplaced"' not in page


def test_each_adjustment_shows_in_the_history_with_its_reason(story: Story) -> None:
    rnd = story.to_assigning()
    post = Post.objects.filter(round=rnd, assignment__isnull=False).order_by("pk").first()
    assert post is not None
    before = post.assignment.application.teacher.name
    other = Assignment.objects.filter(round=rnd).exclude(post=post).first()
    assert other is not None
    response = story.staff.post(
        f"/corps/appointment/round/{rnd.uid}/",
        {"form": "adjust", "post": post.pk, "application": other.application.pk, "reason": "照顾家校距离"},
    )
    assert response.status_code == 302
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    history = page.split('data-testid="appointment-log"')[1].split("</ul>")[0]
    assert "平台提出搭配方案" in history
    assert f"调整岗位：{post.school_class}，{before} → {other.application.teacher.name}" in history
    assert "理由：照顾家校距离" in history


def test_a_certificate_lapsing_mid_term_and_another_class_are_flagged(story: Story) -> None:
    # 孙立新's case: valid on the term's first day (2027-09-01), expires 2028-01-11, term to 2029-08-31.
    Certificate.objects.filter(holder=story.young).update(valid_until=dt.date(2028, 1, 11))
    Certificate.objects.filter(holder=story.senior).update(valid_until=dt.date(2030, 6, 1))
    other = SchoolClass.objects.create(school=story.world.school_a, stage="primary", grade=5, name="1班")
    HeadTeacherService.objects.create(
        teacher=story.middle, school=story.world.school_a, school_class=other, started_on=dt.date(2025, 9, 1)
    )
    rnd = story.to_applying()
    for teacher in story.applicants:
        story.apply(rnd, teacher, 1)
    story.step(rnd, "close_applications")
    young = Application.objects.get(teacher=story.young)
    certificate = next(c for c in young.checks if c["key"] == "certificate")
    assert certificate["ok"] and certificate["warn"]
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert "将于 2028-01-11 到期，早于聘期结束（2029-08-31）" in page and 'data-testid="check-warning"' in page
    assert "自 2025-09-01 起担任 " in page and "与本聘期重叠" in page
    # One valid to the term's end passes plainly.
    senior = Application.objects.get(teacher=story.senior)
    assert [c.get("warn") for c in senior.checks] == [False, False, False]
    assert "整个聘期（2027-09-01 至 2029-08-31）有效" in page


def test_labels_the_trial_found(story: Story) -> None:
    rnd = _to_assigning(
        story, {story.young.pk: (1, 2), story.senior.pk: (2, 1), story.young2.pk: (1, 2), story.middle.pk: (2, 1)}
    )
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert "50岁及以上" in page and "老年" not in page and "青年（" not in page


def test_the_rating_page_names_the_person_rated(story: Story) -> None:
    from django.test import Client

    from hts.evaluation.democratic.services import rating_tokens_issue

    rnd = story.to_speech()
    assert rnd.rating is not None
    token = rating_tokens_issue(actor=story.world.school_staff, rating=rnd.rating, per_subject=1)[0].token
    page = Client().get(f"/evaluation/democratic/r/{token}/").content.decode()
    assert "被评议人" in page and "异议对象" not in page


def test_the_training_button_reads_open_a_course(world: World) -> None:
    page = client_for(world.district_staff).get("/corps/training/").content.decode()
    assert "开设" in page
    assert ">待处理<" not in page
