"""Competitive appointment (001 二 6): the seven steps through the pages, each guard, the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from hts.accounts.models import Role
from hts.corps.appointment import selectors, services
from hts.corps.appointment.models import Application, AppointmentRound, Assignment, Letter, Objection, Post
from hts.corps.certificates.models import Certificate
from hts.corps.models import CorpsPolicy
from hts.evaluation.democratic.services import rating_respond, rating_tokens_issue
from hts.evaluation.rounds.models import Rater, Score
from hts.notifications.models import Notification
from hts.org.models import HeadTeacherService, SchoolClass
from testkit import World, client_for, make_school_year, make_teacher, make_user

pytestmark = pytest.mark.django_db

TERM = {"term_from": "2027-09-01", "term_to": "2029-08-31"}


def _speech_version() -> Any:
    version = selectors.default_speech_version()
    assert version is not None  # installed by evaluation's data migration
    return version


def _qualify(teacher: Any, region: Any) -> None:
    Certificate.objects.create(
        holder=teacher, kind="qualification", number=f"Q-{teacher.pk}", issuer=region,
        issued_on=dt.date(2026, 6, 1), valid_until=dt.date(2029, 6, 1), evidence="县岗前培训合格",
    )  # fmt: skip


class Story:
    """A school (福田实验小学) with four applicants, a panel member and the policy of 001."""

    def __init__(self, world: World) -> None:
        self.world = world
        CorpsPolicy.objects.create(region=world.city, qualification_required=True, qualification_valid_years=3)
        make_school_year(world.city, 2027)
        school = world.school_a
        self.classes = [
            SchoolClass.objects.create(school=school, stage="primary", grade=g, name=n)
            for g in (1, 2) for n in ("1班", "2班")
        ]  # fmt: skip
        self.young = make_teacher(school, "青年甲", birth_year=1998)
        self.young2 = make_teacher(school, "青年乙", birth_year=1999)
        self.senior = make_teacher(school, "老教师丙", birth_year=1970, serving_since=dt.date(2005, 9, 1))
        self.middle = make_teacher(school, "中年丁", birth_year=1982, serving_since=dt.date(2012, 9, 1))
        self.applicants = [self.young, self.young2, self.senior, self.middle]
        for teacher in self.applicants:
            _qualify(teacher, world.district_a)
        self.users = {t.pk: make_user(f"u{t.pk}", teacher=t) for t in self.applicants}
        self.panel = make_user("panel", teacher=make_teacher(school, "评委老师", serving_since=dt.date(2000, 9, 1)))
        self.staff = client_for(world.school_staff)
        self.version = _speech_version()

    def client(self, teacher: Any) -> Any:
        return client_for(self.users[teacher.pk])

    def create_round(self) -> AppointmentRound:
        response = self.staff.post(
            f"/corps/appointment/school/{self.world.school_a.uid}/",
            {
                "title": "2027学年班主任竞聘",
                **TERM,
                "speech_weight": "70",
                "rating_weight": "30",
                "objection_days": "5",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return AppointmentRound.objects.get()

    def step(self, rnd: AppointmentRound, name: str) -> None:
        response = self.staff.post(f"/corps/appointment/round/{rnd.uid}/step/{name}/")
        assert response.status_code == 302

    def to_applying(self) -> AppointmentRound:
        rnd = self.create_round()
        url = f"/corps/appointment/round/{rnd.uid}/"
        response = self.staff.post(url, {"form": "posts", "classes": [c.pk for c in self.classes]})
        assert response.status_code == 302
        self.step(rnd, "publish_posts")
        rnd.refresh_from_db()
        assert rnd.status == "applying"
        return rnd

    def apply(self, rnd: AppointmentRound, teacher: Any, first: int, second: int | None = None) -> Any:
        return self.client(teacher).post(
            f"/corps/appointment/round/{rnd.uid}/apply/",
            {
                "teaching_years": "5", "subject_taught": "语文", "reasons": "热爱班主任工作",
                "plans": "建设积极向上的班集体", "record": "", "first": str(first), "second": str(second or ""),
            },
        )  # fmt: skip

    def to_speech(self) -> AppointmentRound:
        rnd = self.to_applying()
        for n, teacher in enumerate(self.applicants):
            assert self.apply(rnd, teacher, 1 + n % 2, 2 - n % 2).status_code == 302
        self.step(rnd, "close_applications")
        response = self.staff.post(
            f"/corps/appointment/round/{rnd.uid}/",
            {"form": "speech", "version": self.version.pk, "panel": [self.panel.pk], "min_responses": "3"},
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        rnd.refresh_from_db()
        return rnd

    def score_and_rate(self, rnd: AppointmentRound, shares: dict[int, Decimal]) -> None:
        rater = Rater.objects.get(round=rnd.speech_round)
        items = list(self.version.items.all())
        for application in rnd.applications.select_related("subject"):
            for item in items:
                points = (item.max_points * shares[application.teacher_id] * 2).quantize(Decimal("1")) / 2
                Score.objects.create(subject=application.subject, rater=rater, item=item, points=points)
        assert rnd.rating is not None
        for issued in rating_tokens_issue(actor=self.world.school_staff, rating=rnd.rating, per_subject=3):
            rating_respond(token=issued.token, mark=4)

    def to_assigning(self) -> AppointmentRound:
        rnd = self.to_speech()
        self.score_and_rate(
            rnd,
            {
                self.young.pk: Decimal("0.9"), self.young2.pk: Decimal("0.8"),
                self.senior.pk: Decimal("0.85"), self.middle.pk: Decimal("0.7"),
            },
        )  # fmt: skip
        self.step(rnd, "close_scoring")
        rnd.refresh_from_db()
        assert rnd.status == "assigning"
        return rnd

    def to_publicity(self) -> AppointmentRound:
        rnd = self.to_assigning()
        self.step(rnd, "publish_list")
        rnd.refresh_from_db()
        assert rnd.status == "publicity"
        return rnd


@pytest.fixture
def story(world: World) -> Story:
    return Story(world)


def test_the_whole_round_from_posts_to_letters_and_service_records(story: Story) -> None:
    world = story.world
    # The class the youngest will be given is headed today by a colleague not in the round.
    outgoing = make_teacher(world.school_a, "现任班主任", birth_year=1980)
    handed = {c.pk: HeadTeacherService.objects.create(teacher=outgoing, school=world.school_a, school_class=c,
                                                      started_on=dt.date(2024, 9, 1)) for c in story.classes}  # fmt: skip
    rnd = story.to_publicity()
    # Qualification checks are named on each application.
    application = Application.objects.get(teacher=story.young)
    assert application.status == "qualified"
    assert [c["key"] for c in application.checks] == ["certificate", "failure", "heads"]
    # Scores: speech as percent of 100 points, rating 4/5 = 80 %, weights 70/30.
    assert application.speech_score == Decimal("90.00")
    assert application.rating_score == Decimal("80.00")
    assert application.combined == Decimal("87.00")
    # Four posts, four qualified applicants: everyone placed, each grade mixes young and older.
    assignments = list(Assignment.objects.select_related("post__school_class", "application__teacher"))
    assert len(assignments) == 4
    by_grade: dict[int, set[str]] = {}
    for a in assignments:
        by_grade.setdefault(a.post.school_class.grade, set()).add(
            selectors.age_band(a.application.teacher, rnd.term_from)
        )
    assert all(len(bands) == 2 for bands in by_grade.values()), by_grade
    assert all(a.reason for a in assignments)
    # 公示: letters are refused during the objection period, with the rule.
    response = story.staff.post(f"/corps/appointment/round/{rnd.uid}/step/issue_letters/", follow=True)
    assert "objection period" in response.content.decode() or "异议" in response.content.decode()
    assert not Letter.objects.exists()
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=timezone.localdate() - dt.timedelta(days=1))
    story.step(rnd, "issue_letters")
    assert Letter.objects.count() == 4
    rnd.refresh_from_db()
    assert rnd.status == "letters"
    letter = Letter.objects.get(application__teacher=story.young)
    assert Notification.objects.filter(recipient=story.users[story.young.pk], url="/corps/appointment/mine/").exists()
    # Someone else cannot accept it for them.
    story.client(story.senior).post(f"/corps/appointment/letter/{letter.uid}/accept/")
    assert not HeadTeacherService.objects.filter(teacher=story.young).exists()
    # The appointee accepts: the service record for the term and the class's head teacher.
    response = story.client(story.young).post(f"/corps/appointment/letter/{letter.uid}/accept/")
    assert response.status_code == 302
    service = HeadTeacherService.objects.get(teacher=story.young)
    assert (service.started_on, service.ended_on) == (dt.date(2027, 9, 1), dt.date(2029, 8, 31))
    assert service.school_class == letter.school_class
    letter.school_class.refresh_from_db()
    assert letter.school_class.head_teacher is None  # from the term's first day (start_appointed_terms)
    # Its present head teacher's open period ends the day before the term.
    handed[letter.school_class_id].refresh_from_db()
    assert handed[letter.school_class_id].ended_on == dt.date(2027, 8, 31)
    # A senior already serving: the open period ends the day before the term.
    senior_letter = Letter.objects.get(application__teacher=story.senior)
    story.client(story.senior).post(f"/corps/appointment/letter/{senior_letter.uid}/accept/")
    old = HeadTeacherService.objects.get(teacher=story.senior, started_on=dt.date(2005, 9, 1))
    assert old.ended_on == dt.date(2027, 8, 31)
    # Accepting twice is refused; nothing doubles.
    story.client(story.young).post(f"/corps/appointment/letter/{letter.uid}/accept/")
    assert HeadTeacherService.objects.filter(teacher=story.young).count() == 1
    # The log names every step.
    log = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert world.school_staff.display_name in log
    # Documents: Word and PDF of the letters and of the application form.
    for url in (
        f"/corps/appointment/round/{rnd.uid}/letters.docx",
        f"/corps/appointment/round/{rnd.uid}/letters.pdf",
        f"/corps/appointment/application/{application.uid}/form.docx",
        f"/corps/appointment/application/{application.uid}/form.pdf",
    ):
        response = story.staff.get(url)
        assert response.status_code == 200 and len(response.content) > 1000, url
    assert story.client(story.young).get(f"/corps/appointment/letter/{letter.uid}/letter.pdf").status_code == 200


def test_a_missing_certificate_and_a_confirmed_failure_fail_their_named_checks(story: Story) -> None:
    from hts.evaluation.models import YearlyFailure
    from testkit import make_school_year as year_of

    Certificate.objects.filter(holder=story.young).delete()
    past = year_of(story.world.district_a, 2026)
    year_of(story.world.district_a, 2027)  # the district now keeps its own calendar: the term's year too
    subject = _subject_for(story.middle, past)
    YearlyFailure.objects.create(teacher=story.middle, school_year=past, subject=subject, status="confirmed")
    rnd = story.to_applying()
    story.apply(rnd, story.young, 1)
    story.apply(rnd, story.middle, 2)
    story.apply(rnd, story.senior, 1)
    story.step(rnd, "close_applications")
    young = Application.objects.get(teacher=story.young)
    middle = Application.objects.get(teacher=story.middle)
    assert young.status == middle.status == "not_qualified"
    assert [c["ok"] for c in young.checks] == [False, True, True]
    assert [c["ok"] for c in middle.checks] == [True, False, True]
    assert Application.objects.get(teacher=story.senior).status == "qualified"
    # Staff see why; the applicant sees their own reasons.
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert young.checks[0]["detail"] in page and middle.checks[1]["detail"] in page
    own = story.client(story.young).get(f"/corps/appointment/application/{young.uid}/").content.decode()
    assert young.checks[0]["detail"] in own


def _subject_for(teacher: Any, year: Any) -> Any:
    from hts.evaluation.rounds.models import EvaluationRound, Subject

    rnd = EvaluationRound.objects.create(
        title="年度考评", period="yearly", school_year=year, school=teacher.school,
        region_path=teacher.school.region.path, version=_speech_version(), status="final",
    )  # fmt: skip
    return Subject.objects.create(round=rnd, teacher=teacher, school=teacher.school, district_path="x")


def test_the_trainee_year_is_a_named_check_when_the_policy_asks_for_it(story: Story) -> None:
    """001 4 with its number: 12 months as trainee or assistant; 11 months fail, 12 pass, and one who has
    headed a class before is not new to the post."""
    from hts.corps.trainee.models import TraineePost

    CorpsPolicy.objects.update(trainee_months=12)
    first_class = story.classes[0]
    # 青年甲: 2026-09-01 to 2027-07-31, 11 months by the term; 青年乙: 2026-09-01 onwards, 12 months.
    TraineePost.objects.create(school_class=first_class, teacher=story.young, kind="trainee",
                               started_on=dt.date(2026, 9, 1), ended_on=dt.date(2027, 7, 31))  # fmt: skip
    TraineePost.objects.create(school_class=story.classes[1], teacher=story.young2, kind="assistant",
                               started_on=dt.date(2026, 9, 1), ended_on=dt.date(2027, 8, 31))  # fmt: skip
    rnd = story.to_applying()
    for teacher in (story.young, story.young2, story.senior):
        story.apply(rnd, teacher, 1)
    story.step(rnd, "close_applications")
    checks = {a.teacher_id: a.checks for a in Application.objects.all()}
    assert [c["key"] for c in checks[story.young.pk]] == ["trainee", "certificate", "failure", "heads"]
    assert checks[story.young.pk][0]["ok"] is False and "11" in checks[story.young.pk][0]["detail"]
    assert checks[story.young2.pk][0]["ok"] is True
    assert checks[story.senior.pk][0]["ok"] is True and "2005-09-01" in checks[story.senior.pk][0]["detail"]
    assert Application.objects.get(teacher=story.young).status == "not_qualified"
    page = story.staff.get(f"/corps/appointment/round/{rnd.uid}/").content.decode()
    assert "见习期" in page


def test_without_a_policy_the_certificate_check_is_off(story: Story) -> None:
    CorpsPolicy.objects.all().delete()
    Certificate.objects.all().delete()
    rnd = story.to_applying()
    story.apply(rnd, story.young, 1)
    story.step(rnd, "close_applications")
    application = Application.objects.get()
    assert application.status == "qualified"
    assert [c["key"] for c in application.checks] == ["failure", "heads"]


def test_a_bad_term_is_refused_in_words_when_the_round_is_created(story: Story) -> None:
    url = f"/corps/appointment/school/{story.world.school_a.uid}/"
    data = {"title": "竞聘", "speech_weight": "70", "rating_weight": "30", "objection_days": "5"}
    backwards = story.staff.post(url, {**data, "term_from": "2027-09-01", "term_to": "2027-08-01"})
    assert backwards.status_code == 400
    page = backwards.content.decode()
    assert "聘期结束日期须晚于开始日期" in page
    assert "corps_appointment_term" not in page
    # A term outside the region's calendar would stop the round at the speech step: refused now.
    outside = story.staff.post(url, {**data, "term_from": "2031-09-01", "term_to": "2033-08-31"})
    assert outside.status_code == 400
    told = outside.content.decode()
    # It says who adds the year and where (school staff only read the calendar).
    assert "本区域校历中没有包含聘期首日（2031-09-01）的学年" in told
    assert f"请{story.world.city.name}教育局添加该学年" in told and "校历 → 新建学年" in told
    assert not AppointmentRound.objects.exists()


def test_each_step_is_guarded_out_of_order(story: Story) -> None:
    rnd = story.create_round()
    with pytest.raises(ValidationError, match="至少一个岗位"):
        services.posts_publish(actor=story.world.school_staff, rnd=rnd)
    for name in ("close_applications", "close_scoring", "publish_list", "issue_letters"):
        with pytest.raises(ValidationError):
            services.SERVICES[name](actor=story.world.school_staff, rnd=rnd)
    rnd.refresh_from_db()
    assert rnd.status == "posts"
    # A teacher cannot apply before the posts are published.
    response = story.apply(rnd, story.young, 1)
    assert response.status_code == 400 and not Application.objects.exists()


def test_application_rules_grades_among_the_posts_and_once(story: Story) -> None:
    rnd = story.to_applying()
    bad = story.apply(rnd, story.young, 5)
    assert bad.status_code == 400 and not Application.objects.exists()
    assert story.apply(rnd, story.young, 2, 1).status_code == 302
    assert Application.objects.get().preferred_grades == [2, 1]
    again = story.apply(rnd, story.young, 1)
    assert again.status_code == 400 and Application.objects.count() == 1
    # Staff were told someone applied.
    assert Notification.objects.filter(recipient=story.world.school_staff, title__contains="青年甲").exists()


def test_staff_adjust_the_assignment_only_with_a_reason_and_swaps_keep_the_list_whole(story: Story) -> None:
    rnd = story.to_assigning()
    url = f"/corps/appointment/round/{rnd.uid}/"
    post = Post.objects.filter(round=rnd).first()
    assert post is not None
    other = Assignment.objects.exclude(post=post).first()
    assert other is not None
    held = post.assignment.application
    response = story.staff.post(
        url, {"form": "adjust", "post": post.pk, "application": other.application.pk, "reason": ""}
    )
    assert response.status_code == 400
    response = story.staff.post(
        url,
        {
            "form": "adjust",
            "post": post.pk,
            "application": other.application.pk,
            "reason": "两位老师互换以照顾家校距离",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.assignment.application == other.application
    assert Assignment.objects.get(post=other.post).application == held
    assert Assignment.objects.filter(reason="两位老师互换以照顾家校距离").count() == 2
    assert Assignment.history.filter(reason="两位老师互换以照顾家校距离").exists()


def test_letters_only_for_people_on_the_published_list(story: Story) -> None:
    rnd = story.to_publicity()
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=timezone.localdate() - dt.timedelta(days=1))
    rnd.refresh_from_db()
    outsider = Application.objects.get(teacher=story.middle)
    Assignment.objects.filter(application=outsider).delete()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.letters_issue(actor=story.world.school_staff, rnd=rnd, applications=[outsider])
    assert "公示名单" in " ".join(refused.value.messages)
    assert "中年丁" in " ".join(refused.value.messages)
    assert not Letter.objects.exists()
    rnd.refresh_from_db()
    assert rnd.status == "publicity"


def test_objections_filed_by_teachers_decided_by_staff_upheld_reopens_the_assignment(story: Story) -> None:
    rnd = story.to_publicity()
    response = story.client(story.middle).post(f"/corps/appointment/round/{rnd.uid}/object/", {"text": "评分有误"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert Notification.objects.filter(recipient=story.world.school_staff, url__contains=str(rnd.uid)).exists()
    # Letters wait for every objection to be decided.
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=timezone.localdate() - dt.timedelta(days=1))
    rnd.refresh_from_db()
    assert not services.guards.can_issue_letters(rnd, story.world.school_staff)[0]
    response = story.staff.post(
        f"/corps/appointment/objection/{objection.uid}/decide/", {"upheld": "1", "decision": "复核后更正"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    rnd.refresh_from_db()
    assert objection.status == "upheld" and objection.decided_by == story.world.school_staff
    assert rnd.status == "assigning"
    assert Notification.objects.filter(
        recipient=story.users[story.middle.pk], title__contains="objection"
    ).exists() or (Notification.objects.filter(recipient=story.users[story.middle.pk]).count() >= 2)
    # Deciding it again is refused.
    with pytest.raises(ValidationError):
        services.objection_decide(actor=story.world.school_staff, objection=objection, upheld=False, decision="再议")


def test_objections_after_the_period_are_refused(story: Story) -> None:
    rnd = story.to_publicity()
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=timezone.localdate() - dt.timedelta(days=1))
    story.client(story.middle).post(f"/corps/appointment/round/{rnd.uid}/object/", {"text": "迟到的异议"})
    assert not Objection.objects.exists()


def test_speech_schedule_tells_the_applicant(story: Story) -> None:
    rnd = story.to_speech()
    application = Application.objects.get(teacher=story.young)
    url = f"/corps/appointment/application/{application.uid}/schedule/"
    past = story.staff.post(url, {"at": "2020-01-01T09:00", "place": "报告厅"}, follow=True)
    assert "演讲时间须晚于当前时间" in past.content.decode()
    application.refresh_from_db()
    assert application.speech_at is None
    response = story.staff.post(url, {"at": "2027-06-10T09:00", "place": "报告厅"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.speech_place == "报告厅"
    assert Notification.objects.filter(recipient=story.users[story.young.pk], title__contains="报告厅").exists()
    page = story.client(story.young).get(f"/corps/appointment/application/{application.uid}/").content.decode()
    assert "报告厅" in page
    # The panel member was told and rates on evaluation's own sheet.
    assert Notification.objects.filter(recipient=story.panel).exists()
    assert client_for(story.panel).get("/evaluation/sheets/").status_code == 200
    assert rnd.speech_round is not None and rnd.speech_round.status == "open"


def test_refusals_other_school_other_bureau_plain_teacher_and_other_applicants(story: Story, world: World) -> None:
    rnd = story.to_applying()
    story.apply(rnd, story.young, 1)
    application = Application.objects.get()
    url = f"/corps/appointment/round/{rnd.uid}/"
    other_school_staff = make_user("other_school", Role.SCHOOL_STAFF, school=world.school_b)
    assert client_for(other_school_staff).get(url).status_code == 404
    assert client_for(other_school_staff).post(f"{url}step/close_applications/").status_code == 404
    assert client_for(world.district_b_staff).get(url).status_code == 403
    assert client_for(world.district_staff).get(url).status_code == 403
    assert client_for(world.teacher_user).get(url).status_code == 403
    assert client_for(world.teacher_user).post(f"{url}step/close_applications/").status_code == 403
    # Another applicant, and a teacher of another school, cannot read the application.
    assert story.client(story.senior).get(f"/corps/appointment/application/{application.uid}/").status_code == 404
    assert (
        client_for(world.outsider_teacher_user).get(f"/corps/appointment/application/{application.uid}/").status_code
        == 404
    )
    assert (
        client_for(world.outsider_teacher_user)
        .get(f"/corps/appointment/application/{application.uid}/form.pdf")
        .status_code
        == 404
    )
    # A teacher of another school cannot apply.
    response = client_for(world.outsider_teacher_user).get(f"{url}apply/")
    assert response.status_code == 404
    rnd.refresh_from_db()
    assert rnd.status == "applying"


def test_the_applicant_sees_their_own_page_and_list(story: Story) -> None:
    rnd = story.to_applying()
    response = story.client(story.young).get("/corps/appointment/mine/")
    assert response.status_code == 200
    assert f"/corps/appointment/round/{rnd.uid}/apply/" in response.content.decode()


def test_query_budgets(story: Story, django_assert_max_num_queries: Any) -> None:
    rnd = story.to_publicity()
    young = story.client(story.young)
    for client in (story.staff, young):
        client.get("/home/")
    url = f"/corps/appointment/round/{rnd.uid}/"
    with CaptureQueriesContext(connection) as before:
        assert story.staff.get(url).status_code == 200
    # Two more applicants on two more posts: the page asks no more.
    for n in range(2):
        teacher = make_teacher(story.world.school_a, f"新增{n}", serving_since=dt.date(2020, 9, 1))
        school_class = SchoolClass.objects.create(
            school=story.world.school_a, stage="primary", grade=3, name=f"新{n}班"
        )
        post = Post.objects.create(round=rnd, school_class=school_class)
        application = Application.objects.create(
            round=rnd, teacher=teacher, status="qualified", teaching_years=3, subject_taught="语文", reasons="r",
            plans="p", preferred_grades=[3], checks=[{"key": "failure", "label": "l", "ok": True, "detail": "d"}],
            combined=Decimal("70"),
        )  # fmt: skip
        Assignment.objects.create(round=rnd, post=post, application=application, reason="调整")
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert story.staff.get(url).status_code == 200
    assert len(before.captured_queries) <= 30
    with django_assert_max_num_queries(10):
        assert story.staff.get(f"/corps/appointment/school/{story.world.school_a.uid}/").status_code == 200
    with django_assert_max_num_queries(14):
        assert young.get("/corps/appointment/mine/").status_code == 200
    application = Application.objects.get(teacher=story.young)
    with django_assert_max_num_queries(12):
        assert young.get(f"/corps/appointment/application/{application.uid}/").status_code == 200


def test_proposal_spreads_ages_over_grades_and_respects_first_choices() -> None:
    class T:
        def __init__(self, name: str, birth_year: int) -> None:
            self.name, self.birth_year = name, birth_year
            self.service_records = type("M", (), {"all": staticmethod(lambda: [])})()

    class C:
        def __init__(self, grade: int, name: str) -> None:
            self.grade, self.name = grade, name

    class P:
        def __init__(self, grade: int, name: str) -> None:
            self.school_class = C(grade, name)

    class A:
        def __init__(self, pk: int, teacher: T, combined: str, prefs: list[int]) -> None:
            self.pk, self.teacher, self.combined, self.preferred_grades = pk, teacher, Decimal(combined), prefs
            self.status = Application.Status.QUALIFIED

    rnd = AppointmentRound(term_from=dt.date(2027, 9, 1))
    posts = [P(1, "1班"), P(1, "2班"), P(2, "1班"), P(2, "2班")]
    apps = [
        A(1, T("青1", 1998), "95", [1]),
        A(2, T("青2", 1999), "94", [1, 2]),
        A(3, T("老1", 1970), "90", [2]),
        A(4, T("老2", 1971), "80", [2, 1]),
        A(5, T("落选", 1990), "60", [1]),
    ]
    proposal = selectors.propose(rnd, posts, apps)  # type: ignore[arg-type]
    placed = {p.application.teacher.name: p.post.school_class.grade for p in proposal}
    assert "落选" not in placed
    assert placed["青1"] == 1  # first choice, best score
    grade_1 = {name for name, grade in placed.items() if grade == 1}
    grade_2 = {name for name, grade in placed.items() if grade == 2}
    assert any(n.startswith("青") for n in grade_1) and any(n.startswith("老") for n in grade_1)
    assert any(n.startswith("青") for n in grade_2) and any(n.startswith("老") for n in grade_2)


def test_archive_section_lists_letters_with_their_source(story: Story) -> None:
    from hts.corps.appointment.archive import appointment_section

    rnd = story.to_publicity()
    AppointmentRound.objects.filter(pk=rnd.pk).update(objections_until=timezone.localdate() - dt.timedelta(days=1))
    rnd.refresh_from_db()
    services.letters_issue(actor=story.world.school_staff, rnd=rnd)
    section = appointment_section(story.young, timezone.localdate())
    assert section.key == "appointments" and len(section.rows) == 1
    letter = Letter.objects.get(application__teacher=story.young)
    assert letter.number in section.rows[0].source
    assert appointment_section(story.world.teacher_a, timezone.localdate()).rows == []
