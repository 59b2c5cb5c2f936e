"""What a browser trial of competitive appointment found (issue 14, 6): the speech rubric, the speech
round in evaluation's pages, the class changing hands on the term's first day, the prefilled
申报表 and the 聘书's line breaks. Each through the pages a user takes."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from hts.core.models import AuditEntry
from hts.core.workflow import TransitionRefused
from hts.corps.appointment import documents, selectors
from hts.corps.appointment.models import Application, AppointmentRound, Letter
from hts.corps.tests.test_appointment import Story
from hts.evaluation.rounds import services as rounds
from hts.evaluation.rounds.models import EvaluationRound
from hts.evaluation.rubrics.models import Rubric, RubricVersion
from hts.notifications.models import Notification
from hts.org.models import HeadTeacherService, SchoolClass, service_years
from testkit import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world: World) -> Story:
    return Story(world)


def _to_letters(story: Story) -> AppointmentRound:
    rnd = story.to_publicity()
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=timezone.localdate() - dt.timedelta(days=1))
    story.step(rnd, "issue_letters")
    rnd.refresh_from_db()
    assert rnd.status == "letters"
    return rnd


def _options(html: str, name: str) -> list[tuple[str, bool, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return [
        (value, bool(selected), label.strip())
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>(.*?)</option>', select.group(1), re.S
        )
    ]


# 1. The speech rubric -------------------------------------------------------------------------------------


def test_the_built_in_speech_rubric_is_the_default_and_the_only_kind_offered(story: Story) -> None:
    version = selectors.default_speech_version()
    assert version is not None and version.rubric.name == "竞聘演讲评分表"
    assert version.rubric.kind == "speech"
    assert sum(item.max_points for item in version.items.all()) == Decimal("100")
    assert [item.text.split("：")[0] for item in version.items.order_by("number")] == [
        "教育理念", "班级管理思路", "语言表达", "仪态与时间",
    ]  # fmt: skip
    rnd = story.to_applying()
    for n, teacher in enumerate(story.applicants):
        story.apply(rnd, teacher, 1 + n % 2)
    story.step(rnd, "close_applications")
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    options = [o for o in _options(page, "version") if o[0]]
    # Only speech rubrics, not the 23-item yearly one (附件2); the built-in one chosen already.
    assert [(value, selected) for value, selected, _label in options] == [(str(version.pk), True)]
    assert "赣榆县中小学班主任工作评估细则" not in "".join(label for *_x, label in options)
    assert "竞聘演讲评分表 v1" in options[0][2] and "内置" in options[0][2]
    # The yearly rubric is refused for the speeches even if posted by hand.
    yearly = RubricVersion.objects.get(rubric__builtin_code="ganyu", status="active")
    response = story.staff.post(
        f"/corps/appointment/round/{rnd.uid}/",
        {"form": "speech", "version": yearly.pk, "panel": [story.panel.pk], "min_responses": "3"},
    )
    assert response.status_code == 400
    rnd.refresh_from_db()
    assert rnd.speech_round is None


def test_a_picker_tells_two_rubrics_of_one_name_apart(story: Story) -> None:
    """A region's copy of the yearly rubric keeps the built-in one's name: the picker names the owner and
    the day each version was made."""
    builtin = RubricVersion.objects.get(rubric__builtin_code="ganyu", status="active")
    copy = Rubric.objects.create(name=builtin.rubric.name, kind="head_teacher", region=story.world.city)
    RubricVersion.objects.create(rubric=copy, number=1, status="active")
    page = story.staff.get(f"/evaluation/rounds/new/?organiser=school:{story.world.school_a.pk}").content.decode()
    labels = [label for value, _selected, label in _options(page, "version") if value]
    named = [label for label in labels if label.startswith(builtin.rubric.name)]
    assert len(named) == 2 and len(set(named)) == 2, labels
    assert any("内置" in label for label in named) and any(story.world.city.name in label for label in named)
    assert all(re.search(r"\d{4}-\d{2}-\d{2}", label) for label in named)


# 2. The speech round stays the appointment's ------------------------------------------------------------


def test_the_speech_round_is_not_listed_nor_published_in_evaluation(story: Story) -> None:
    rnd = story.to_assigning()
    speech = EvaluationRound.objects.get(pk=rnd.speech_round_id)
    assert speech.owner == selectors.OWNER and speech.status == "closed"
    # Not in the school's evaluation list.
    listing = story.staff.get("/evaluation/rounds/").content.decode()
    assert speech.title not in listing and str(speech.uid) not in listing
    # Its page (the panel's sheets link there) says why it offers no publishing.
    detail = story.staff.get(f"/evaluation/rounds/{speech.uid}/").content.decode()
    assert 'data-testid="round-publish"' not in detail and "竞聘上岗" in detail
    # Publishing through evaluation's page is refused and changes nothing.
    story.staff.post(f"/evaluation/rounds/{speech.uid}/publish/")
    speech.refresh_from_db()
    assert speech.status == "closed" and speech.published_at is None
    # And through its service.
    with pytest.raises(TransitionRefused):
        rounds.round_publish(actor=story.world.school_staff, rnd=speech)
    speech.refresh_from_db()
    assert speech.status == "closed"
    # The appointment goes on from its own pages.
    story.step(rnd, "publish_list")
    rnd.refresh_from_db()
    assert rnd.status == "publicity"


def test_a_round_of_evaluation_s_own_is_still_listed_and_published(story: Story) -> None:
    """The refusal is for owned rounds only (a regression guard for the school's yearly rounds)."""
    rnd = story.to_assigning()
    speech = EvaluationRound.objects.get(pk=rnd.speech_round_id)
    EvaluationRound.objects.filter(pk=speech.pk).update(owner="")
    assert speech.title in story.staff.get("/evaluation/rounds/").content.decode()
    story.staff.post(f"/evaluation/rounds/{speech.uid}/publish/")
    speech.refresh_from_db()
    assert speech.status == "published"


# 3. The class changes hands on the term's first day ------------------------------------------------------


def test_accepting_a_letter_for_a_term_to_come_switches_the_class_on_its_first_day(story: Story) -> None:
    outgoing = story.panel.teacher
    rnd = _to_letters(story)
    letter = Letter.objects.select_related("school_class").get(application__teacher=story.young)
    SchoolClass.objects.filter(pk=letter.school_class_id).update(head_teacher=outgoing)
    assert rnd.term_from > timezone.localdate()
    response = story.client(story.young).post(f"/corps/appointment/letter/{letter.uid}/accept/", follow=True)
    assert "2027-09-01" in response.content.decode()
    service = HeadTeacherService.objects.get(teacher=story.young)
    assert (service.started_on, service.ended_on) == (rnd.term_from, rnd.term_to)
    letter.school_class.refresh_from_db()
    assert letter.school_class.head_teacher == outgoing  # the present head teacher stays till the term
    # The daily step: nothing the day before the term, the appointee on its first day, nothing twice.
    out = io.StringIO()
    call_command("start_appointed_terms", "--now", "--date", "2027-08-31", stdout=out)
    letter.school_class.refresh_from_db()
    assert letter.school_class.head_teacher == outgoing and out.getvalue().startswith("0 ")
    call_command("start_appointed_terms", "--now", "--date", "2027-09-01", stdout=out)
    letter.school_class.refresh_from_db()
    assert letter.school_class.head_teacher == story.young
    out = io.StringIO()
    call_command("start_appointed_terms", "--now", "--date", "2027-09-02", stdout=out)
    assert out.getvalue().startswith("0 ")
    # Another class whose letter is not accepted keeps its head teacher.
    other = Letter.objects.exclude(pk=letter.pk).select_related("school_class").first()
    assert other is not None
    other.school_class.refresh_from_db()
    assert other.school_class.head_teacher is None


def test_accepting_a_letter_for_a_term_already_begun_switches_the_class_at_once(story: Story) -> None:
    rnd = _to_letters(story)
    begun = timezone.localdate() - dt.timedelta(days=10)
    AppointmentRound.objects.filter(pk=rnd.pk).update(term_from=begun)
    letter = Letter.objects.select_related("school_class").get(application__teacher=story.young)
    response = story.client(story.young).post(f"/corps/appointment/letter/{letter.uid}/accept/")
    assert response.status_code == 302
    assert HeadTeacherService.objects.get(teacher=story.young).started_on == begun
    letter.school_class.refresh_from_db()
    assert letter.school_class.head_teacher == story.young


def _heading_a_class_before(story: Story) -> SchoolClass:
    """The appointee heads a class outside the posts until the term (a grade-3 class since 2025)."""
    former = SchoolClass.objects.create(
        school=story.world.school_a, stage="primary", grade=3, name="5班", head_teacher=story.young
    )
    HeadTeacherService.objects.create(
        teacher=story.young, school=story.world.school_a, school_class=former, started_on=dt.date(2025, 9, 1)
    )
    return former


def test_the_appointee_leaves_the_class_they_headed_on_the_term_s_first_day(story: Story) -> None:
    rnd = _to_letters(story)
    former = _heading_a_class_before(story)
    letter = Letter.objects.select_related("school_class").get(application__teacher=story.young)
    response = story.client(story.young).post(f"/corps/appointment/letter/{letter.uid}/accept/")
    assert response.status_code == 302
    # Until the term the appointee keeps the class they head; their service on it ends the day before.
    former.refresh_from_db()
    assert former.head_teacher == story.young
    assert HeadTeacherService.objects.get(teacher=story.young, school_class=former).ended_on == dt.date(2027, 8, 31)
    call_command("start_appointed_terms", "--now", "--date", str(rnd.term_from), stdout=io.StringIO())
    former.refresh_from_db()
    letter.school_class.refresh_from_db()
    assert letter.school_class.head_teacher == story.young
    assert former.head_teacher is None  # the school's office names the next one on the class form
    entry = AuditEntry.objects.get(action="corps.appointment.classes_left")
    assert entry.changes["classes_left"][0] == [str(former)]
    # The school's office is told, with the class form to name the next head teacher.
    note = Notification.objects.get(recipient=story.world.school_staff, url=f"/org/classes/{former.uid}/edit/")
    assert str(former) in note.title and story.young.name in note.title and "暂无班主任" in note.title
    # A second run changes nothing.
    out = io.StringIO()
    call_command("start_appointed_terms", "--now", "--date", str(rnd.term_from + dt.timedelta(days=1)), stdout=out)
    assert out.getvalue().startswith("0 ")


def test_accepting_once_the_term_has_begun_leaves_the_former_class_at_once(story: Story) -> None:
    rnd = _to_letters(story)
    begun = timezone.localdate() - dt.timedelta(days=10)
    AppointmentRound.objects.filter(pk=rnd.pk).update(term_from=begun)
    former = _heading_a_class_before(story)
    letter = Letter.objects.select_related("school_class").get(application__teacher=story.young)
    story.client(story.young).post(f"/corps/appointment/letter/{letter.uid}/accept/")
    former.refresh_from_db()
    letter.school_class.refresh_from_db()
    assert (letter.school_class.head_teacher, former.head_teacher) == (story.young, None)
    assert HeadTeacherService.objects.get(teacher=story.young, school_class=former).ended_on == begun - dt.timedelta(
        days=1
    )


def test_the_daily_step_is_queued_for_the_task_worker(story: Story) -> None:
    out = io.StringIO()
    call_command("start_appointed_terms", stdout=out)
    assert "Queued the start of appointed terms" in out.getvalue()


# 4. The 申报表 is prefilled from the records ------------------------------------------------------------


def test_the_application_form_is_prefilled_from_the_teacher_s_record(story: Story) -> None:
    story.senior.subject = "数学"
    story.senior.save(update_fields=["subject"])
    rnd = story.to_applying()
    page = story.client(story.senior).get(f"/corps/appointment/round/{rnd.uid}/apply/").content.decode()
    # Head teacher since 2005-09-01, term from 2027-09-01: at least 22 years of teaching.
    assert re.search(r'name="teaching_years"[^>]*value="22"', page), page
    assert re.search(r'name="subject_taught"[^>]*value="数学"', page)
    assert 'data-testid="apply-prefilled"' in page
    # Without records nothing is made up.
    young = story.client(story.young).get(f"/corps/appointment/round/{rnd.uid}/apply/").content.decode()
    assert not re.search(r'name="teaching_years"[^>]*value=', young)
    # The note names only what was filled: a subject on file and no years.
    story.young.subject = "英语"
    story.young.save(update_fields=["subject"])
    young = story.client(story.young).get(f"/corps/appointment/round/{rnd.uid}/apply/").content.decode()
    assert "任教学科已按您的档案预填" in young and "请填写教龄" in young and "教龄和任教学科已按" not in young
    # The applicant corrects what the records say.
    response = story.client(story.senior).post(
        f"/corps/appointment/round/{rnd.uid}/apply/",
        {"teaching_years": "30", "subject_taught": "语文", "reasons": "经验丰富", "plans": "带好新生", "first": "1"},
    )
    assert response.status_code == 302
    application = Application.objects.get(teacher=story.senior)
    assert (application.teaching_years, application.subject_taught) == (30, "语文")


def test_the_forms_years_as_head_teacher_are_counted_on_the_day_of_application(story: Story) -> None:
    """The 申报表 prints 班主任年限 beside 申报日期: the years served by then, not by the term's start."""
    rnd = story.to_applying()
    response = story.client(story.senior).post(
        f"/corps/appointment/round/{rnd.uid}/apply/",
        {"teaching_years": "30", "subject_taught": "语文", "reasons": "经验丰富", "plans": "带好新生", "first": "1"},
    )
    assert response.status_code == 302
    application = Application.objects.get(teacher=story.senior)
    periods = [(s.started_on, s.ended_on) for s in story.senior.service_records.all()]
    today = timezone.localdate()
    data = documents.form_data(application)
    assert data.head_years == f"{service_years(periods, today)}年"
    assert service_years(periods, today) != service_years(periods, rnd.term_from)


def test_the_years_carry_on_from_the_last_application(story: Story) -> None:
    rnd = story.to_applying()
    earlier = AppointmentRound.objects.create(
        school=story.world.school_a, title="2024学年", term_from=dt.date(2024, 9, 1), term_to=dt.date(2026, 8, 31)
    )
    Application.objects.create(
        round=earlier, teacher=story.young, teaching_years=2, subject_taught="英语", reasons="r", plans="p"
    )
    initial = selectors.application_initial(story.young, rnd)
    # 2 years then, three more to 2027-09-01; no subject on the profile, so the one given then.
    assert initial == {"teaching_years": 5, "subject_taught": "英语"}
    story.young.subject = "语文"
    story.young.save(update_fields=["subject"])
    assert selectors.application_initial(story.young, rnd)["subject_taught"] == "语文"


# 5. The 聘书 keeps a class with its role ------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    """The PDF's text line by line (poppler's pdftotext keeps the letter's line breaks)."""
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed"
    result = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return str(result.stdout.decode())


@pytest.mark.parametrize("school_name", ["福田实验小学", "赣榆区青口镇中心小", "连云港市赣榆区实验小学校"])
def test_the_letters_pdf_never_breaks_a_class_and_its_role(story: Story, school_name: str) -> None:
    """Whatever the school's name, a line breaks before "二年级1班班主任", never inside it."""
    story.world.school_a.name = school_name
    story.world.school_a.save(update_fields=["name"])
    rnd = _to_letters(story)
    response = story.staff.get(f"/corps/appointment/round/{rnd.uid}/letters.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    posts = {f"{letter.school_class}班主任" for letter in Letter.objects.select_related("school_class")}
    lines = [line.replace(" ", "") for line in text.splitlines()]
    for post in posts:
        assert any(post in line for line in lines), (post, text)
    single = client_for(story.users[story.young.pk]).get(
        f"/corps/appointment/letter/{Letter.objects.get(application__teacher=story.young).uid}/letter.pdf"
    )
    assert any("年级" in line and "班班主任" in line for line in _pdf_text(single.content).splitlines())


def test_the_speech_rubric_migration_installs_its_frozen_copy_once() -> None:
    import importlib

    from django.apps import apps as django_apps

    Rubric.objects.filter(builtin_code="speech").delete()
    module = importlib.import_module("hts.evaluation.migrations.0006_appointment_speech")
    module.install_speech(django_apps, None)
    module.install_speech(django_apps, None)
    version = RubricVersion.objects.get(rubric__builtin_code="speech")
    assert version.status == "active" and version.items.count() == 4
    assert sum(section.max_points for section in version.sections.all()) == Decimal("100")
