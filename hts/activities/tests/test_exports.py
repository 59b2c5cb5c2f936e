"""Exports of a person's activities: the transcript (继续教育学时证明) as Excel and PDF, for oneself
and for staff within their scope; the personal calendar page; and the iCalendar feed that
calendar apps read with a signed token instead of a session."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hts.accounts.models import User
from hts.activities import documents
from hts.activities.models import Activity, Attendance
from hts.core.tabular import XLSX_CONTENT_TYPE
from hts.studios.models import Batch, BatchPolicy, Membership, Studio
from hts.studios.policy_templates import policy_values
from testkit import World, client_for, make_running_studio, make_teacher, make_user

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def studio(world: World) -> Studio:
    return make_running_studio(world, start_year=2025)


def _activity(
    studio: Studio, starts: dt.datetime, *, title: str = "研修", half_days: int = 1, **extra: Any
) -> Activity:
    return Activity.objects.create(
        studio=studio,
        kind=extra.pop("kind", "collective_study"),
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place=extra.pop("place", "福田实验小学报告厅"),
        credit_half_days=half_days,
        **extra,
    )


def _attend(activity: Activity, teacher: Any, status: str = "present") -> Attendance:
    return Attendance.objects.create(activity=activity, teacher=teacher, status=status, method="manual", reason="补录")


@pytest.fixture
def attended(world: World, studio: Studio) -> list[Activity]:
    """李红's record: 3 + 6 hours in 2025, 3 in 2026 (07:00 on 1 January in Shanghai is still
    31 December in UTC), and two activities that earn nothing (leave; no credit)."""
    teacher = world.teacher_a
    items = [
        (dt.datetime(2025, 9, 10, 8, 30, tzinfo=SHANGHAI), 1, "present", "九月集体研修"),
        (dt.datetime(2025, 10, 15, 8, 30, tzinfo=SHANGHAI), 2, "late", "=HYPERLINK(1)"),
        (dt.datetime(2025, 11, 20, 8, 30, tzinfo=SHANGHAI), 1, "leave", "请假的活动"),
        (dt.datetime(2025, 12, 1, 8, 30, tzinfo=SHANGHAI), 0, "present", "计划会议"),
        (dt.datetime(2026, 1, 1, 7, 0, tzinfo=SHANGHAI), 1, "present", "元旦读书会"),
    ]
    activities = []
    for starts, half_days, status, title in items:
        activity = _activity(studio, starts, title=title, half_days=half_days)
        _attend(activity, teacher, status)
        activities.append(activity)
    return activities


def _pdf_text(data: bytes) -> str:
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed to read the PDF back"
    result = subprocess.run([executable, "-layout", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


# Transcript ----------------------------------------------------------------------------------------


def test_my_transcript_as_excel_lists_attended_activities_and_totals(world: World, attended: list[Activity]) -> None:
    response = client_for(world.teacher_user).get(reverse("activities-transcript-xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["学时明细", "年度汇总"]
    rows = list(workbook["学时明细"].iter_rows(values_only=True))
    assert rows[0] == ("日期", "活动", "类型", "组织方", "出勤", "学时")  # a studio, school or bureau
    body, total = rows[1:-1], rows[-1]
    assert [row[1] for row in body] == ["九月集体研修", "=HYPERLINK(1)", "计划会议", "元旦读书会"]
    assert body[0][2:5] == ("线下集体学习", "向阳花工作室", "出勤")
    assert body[1][4] == "迟到"
    assert body[3][0].date() == dt.date(2026, 1, 1)  # the local date, not UTC's 31 December
    assert total[0] == "合计" and total[5] == 12
    assert sum(row[5] for row in body) == total[5]
    summary = list(workbook["年度汇总"].iter_rows(values_only=True))
    assert summary == [("年度", "活动次数", "学时"), ("2025年", 3, 9), ("2026年", 1, 3), ("合计", 4, 12)]


def test_a_title_that_looks_like_a_formula_stays_text(world: World, attended: list[Activity]) -> None:
    response = client_for(world.teacher_user).get(reverse("activities-transcript-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["学时明细"]
    cell = sheet.cell(row=3, column=2)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_my_transcript_as_pdf_names_the_person_and_the_hours(world: World, attended: list[Activity]) -> None:
    response = client_for(world.teacher_user).get(reverse("activities-transcript-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    for expected in ("继续教育学时证明", "李红", "福田实验小学", "九月集体研修", "继续教育学时 12 学时", "学校盖章"):
        assert expected in text, expected
    assert "请假的活动" not in text


def test_an_empty_transcript_still_prints(world: World, studio: Studio) -> None:
    client = client_for(world.teacher_user)
    pdf = client.get(reverse("activities-transcript-pdf"))
    assert pdf.status_code == 200 and "合计" in _pdf_text(pdf.content)
    rows = list(load_workbook(io.BytesIO(client.get(reverse("activities-transcript-xlsx")).content)).active.values)
    assert rows[1] == ("合计", None, None, None, None, 0)


def test_own_exports_need_a_teacher_record(world: World) -> None:
    for user in (world.nobody, world.district_staff, world.admin):
        for name in ("activities-transcript-xlsx", "activities-transcript-pdf"):
            assert client_for(user).get(reverse(name)).status_code == 403
    assert Client().get(reverse("activities-transcript-xlsx")).status_code == 302


@pytest.mark.parametrize("name", ["activities-teacher-transcript-xlsx", "activities-teacher-transcript-pdf"])
def test_staff_download_a_teacher_transcript_within_their_scope(
    world: World, attended: list[Activity], name: str
) -> None:
    url = reverse(name, kwargs={"uid": world.teacher_a.uid})
    for user in (world.admin, world.city_staff, world.district_staff, world.school_staff, world.teacher_user):
        response = client_for(user).get(url)
        assert response.status_code == 200, user
        assert "attachment" in response["Content-Disposition"]
    # Another district's staff, and another teacher (whose teacher.view reaches only themself): 404.
    assert client_for(world.district_b_staff).get(url).status_code == 404
    assert client_for(world.outsider_teacher_user).get(url).status_code == 404
    # No teacher.view at all: 403.
    assert client_for(world.nobody).get(url).status_code == 403
    missing = reverse(name, kwargs={"uid": "00000000-0000-4000-8000-000000000000"})
    assert client_for(world.admin).get(missing).status_code == 404


def test_staff_excel_holds_the_chosen_teachers_record(world: World, attended: list[Activity]) -> None:
    other = make_teacher(world.school_a2, "赵敏")
    response = client_for(world.district_staff).get(
        reverse("activities-teacher-transcript-xlsx", kwargs={"uid": other.uid})
    )
    assert response.status_code == 200
    assert "%E8%B5%B5%E6%95%8F" in response["Content-Disposition"]  # 赵敏, RFC 5987-encoded
    rows = list(load_workbook(io.BytesIO(response.content))["学时明细"].values)
    assert rows[1:] == [("合计", None, None, None, None, 0)]


def test_transcript_export_query_budget(
    world: World, studio: Studio, attended: list[Activity], django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 21):
        _attend(_activity(studio, dt.datetime(2025, 6, day, 9, tzinfo=SHANGHAI), title=f"活动{day}"), world.teacher_a)
    own = client_for(world.teacher_user)
    staff = client_for(world.district_staff)
    # Own: session, user, role assignments, studio memberships (the implicit studio roles),
    # teacher with school, attendances with activities, studios, batches and policies, and the
    # session saved (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release).
    for name in ("activities-transcript-xlsx", "activities-transcript-pdf"):
        with django_assert_max_num_queries(9):
            assert own.get(reverse(name)).status_code == 200
    # Staff: session, user, role assignments, the scoped teacher with school, attendances, session save (3).
    for name in ("activities-teacher-transcript-xlsx", "activities-teacher-transcript-pdf"):
        with django_assert_max_num_queries(8):
            assert staff.get(reverse(name, kwargs={"uid": world.teacher_a.uid})).status_code == 200


def test_the_hours_page_links_the_exports_and_the_feed(world: World, attended: list[Activity]) -> None:
    page = client_for(world.teacher_user).get(reverse("activities-transcript")).content.decode()
    assert reverse("activities-transcript-xlsx") in page
    assert reverse("activities-transcript-pdf") in page
    assert reverse("activities-my-calendar") in page
    token = documents.feed_token(world.teacher_user)
    assert f"http://testserver{reverse('activities-ics', kwargs={'token': token})}" in page


# iCalendar -----------------------------------------------------------------------------------------

TRICKY_TITLE = "a,b;c\\d\n第二行"


def _feed_url(user: User) -> str:
    return reverse("activities-ics", kwargs={"token": documents.feed_token(user)})


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _properties(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(":", 1)) for line in _unfold(text)]  # type: ignore[misc]


@pytest.fixture
def feed_activities(world: World, studio: Studio) -> dict[str, Activity]:
    now = timezone.now().replace(microsecond=0)
    other_batch = Batch.objects.create(
        region=world.district_b, name="南山区第一批", tier="district", start_year=2025, cycle_years=3
    )
    BatchPolicy.objects.create(batch=other_batch, template="shenzhen", **policy_values("shenzhen"))
    other = Studio.objects.create(
        batch=other_batch,
        name="南山工作室",
        stage="junior",
        theme="t",
        plan="p",
        host=world.teacher_b,
        host_school=world.school_b,
        status="active",
    )
    left = Studio.objects.create(
        batch=studio.batch,
        name="已退出的工作室",
        stage="primary",
        theme="t",
        plan="p",
        host=make_teacher(world.school_a2, "主持人乙"),
        host_school=world.school_a2,
        status="active",
    )
    Membership.objects.create(studio=left, role="member", teacher=world.teacher_a, status="left")
    return {
        "tricky": _activity(
            studio,
            now + dt.timedelta(days=3),
            title=TRICKY_TITLE,
            place="福田区教育科学研究院三楼报告厅（深南大道与彩田路交汇处东北角，地铁一号线购物公园站A出口）",
        ),
        "online": _activity(
            studio,
            now + dt.timedelta(days=5),
            title="线上讲座",
            place="",
            mode="online",
            link="https://meeting.example.cn/123",
            kind="expert_lecture",
        ),
        "recent": _activity(studio, now - dt.timedelta(days=10), title="十天前"),
        "old": _activity(studio, now - dt.timedelta(days=40), title="四十天前"),
        "other": _activity(other, now + dt.timedelta(days=2), title="别的工作室"),
        "left": _activity(left, now + dt.timedelta(days=2), title="退出后的活动"),
    }


def test_the_feed_is_valid_icalendar_text(world: World, feed_activities: dict[str, Activity]) -> None:
    response = Client().get(_feed_url(world.teacher_user))  # no session: calendar apps have none
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.endswith(b"\r\n")
    for line in raw[:-2].split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line
        assert len(line) <= 75, line
        line.decode()  # folding never splits a UTF-8 character
    text = raw.decode()
    assert any(line.startswith(" ") for line in text.split("\r\n")), "the long place must be folded"
    props = _properties(text)
    assert props[:4] == [
        ("BEGIN", "VCALENDAR"),
        ("PRODID", documents.PRODID),
        ("VERSION", "2.0"),
        ("CALSCALE", "GREGORIAN"),
    ]
    assert ("X-WR-CALNAME", "李红 · 班主任工作室活动") in props
    assert props[-1] == ("END", "VCALENDAR")
    assert [value for key, value in props if key == "SUMMARY"] == ["十天前", "a\\,b\\;c\\\\d\\n第二行", "线上讲座"]
    assert sum(1 for prop in props if prop == ("BEGIN", "VEVENT")) == 3
    assert sum(1 for prop in props if prop == ("END", "VEVENT")) == 3


def test_each_event_carries_its_times_in_utc_and_where_and_what(
    world: World, feed_activities: dict[str, Activity]
) -> None:
    text = Client().get(_feed_url(world.teacher_user)).content.decode()
    events = text.split("BEGIN:VEVENT\r\n")[1:]
    tricky = _properties("BEGIN:VEVENT\r\n" + next(e for e in events if "a\\,b" in e))
    online = _properties("BEGIN:VEVENT\r\n" + next(e for e in events if "线上讲座" in e))
    activity = feed_activities["tricky"]
    fields = dict(tricky)
    assert fields["UID"] == f"{activity.uid}@hts"
    assert fields["DTSTART"] == activity.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert fields["DTEND"] == activity.ends_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert fields["DTSTAMP"].endswith("Z") and len(fields["DTSTAMP"]) == 16
    assert fields["LOCATION"] == activity.place  # full-width commas are not escaped
    assert fields["DESCRIPTION"].startswith("工作室：向阳花工作室\\n类型：线下集体学习")
    assert fields["URL"] == f"http://testserver/activities/{activity.uid}/"
    online_fields = dict(online)
    assert online_fields["LOCATION"] == "https://meeting.example.cn/123"
    assert "类型：专家讲座" in online_fields["DESCRIPTION"]


def test_escaping_and_folding_by_the_rules() -> None:
    assert documents.ics_escape(TRICKY_TITLE) == "a\\,b\\;c\\\\d\\n第二行"
    assert documents.ics_escape("x\r\ny\rz\x07") == "x\\ny\\nz"
    line = "SUMMARY:" + "班" * 60
    folded = documents.ics_fold(line)
    physical = folded.split("\r\n")[:-1]
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line + "\r\n"
    assert documents.ics_fold("A" * 75) == "A" * 75 + "\r\n"
    assert documents.ics_fold("A" * 76) == "A" * 75 + "\r\n A\r\n"


def test_the_feed_address_is_stable_and_any_dumps_token_works(
    world: World, feed_activities: dict[str, Activity]
) -> None:
    assert documents.feed_token(world.teacher_user) == documents.feed_token(world.teacher_user)
    dated = signing.dumps({"u": world.teacher_user.uid.hex}, salt=documents.ICS_SALT)
    response = Client().get(reverse("activities-ics", kwargs={"token": dated}))
    assert response.status_code == 200 and b"SUMMARY:" in response.content


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "eyJ1IjoiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAifQ:1v0000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        signing.dumps({"u": "0" * 32}, salt="another.salt"),
        signing.dumps({"u": "0" * 32}, salt=documents.ICS_SALT),  # well signed, but nobody's
        signing.dumps({"u": "../etc"}, salt=documents.ICS_SALT),
        signing.dumps(["u"], salt=documents.ICS_SALT),
    ],
)
def test_a_bad_token_gives_404(world: World, token: str) -> None:
    assert Client().get(reverse("activities-ics", kwargs={"token": token})).status_code == 404


def test_a_tampered_token_gives_404(world: World) -> None:
    token = documents.feed_token(world.teacher_user)
    other = documents.feed_token(world.outsider_teacher_user)
    spliced = other.split(":")[0] + ":" + ":".join(token.split(":")[1:])
    assert Client().get(reverse("activities-ics", kwargs={"token": spliced})).status_code == 404


def test_a_deactivated_account_has_no_feed(world: World, feed_activities: dict[str, Activity]) -> None:
    url = _feed_url(world.teacher_user)
    User.objects.filter(pk=world.teacher_user.pk).update(is_active=False)
    assert Client().get(url).status_code == 404


def test_someone_without_a_studio_gets_an_empty_calendar(world: World, feed_activities: dict[str, Activity]) -> None:
    for user in (world.nobody, make_user("teacher_c", teacher=make_teacher(world.school_a2, "无工作室"))):
        text = Client().get(_feed_url(user)).content.decode()
        assert "BEGIN:VCALENDAR" in text and "BEGIN:VEVENT" not in text


def test_feed_query_budget(
    world: World, studio: Studio, feed_activities: dict[str, Activity], django_assert_max_num_queries: Any
) -> None:
    start = timezone.now() + dt.timedelta(days=7)
    for day in range(20):
        _activity(studio, start + dt.timedelta(days=day), title=f"活动{day}")
    # The user with their teacher; the activities with studios, batches and policies.
    with django_assert_max_num_queries(2):
        assert Client().get(_feed_url(world.teacher_user)).status_code == 200


# Calendar page -------------------------------------------------------------------------------------


def test_my_calendar_groups_upcoming_activities_by_day(
    world: World, feed_activities: dict[str, Activity], django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.teacher_user)
    # Session, user, role assignments, studio memberships, activities (with studios and policies),
    # session save (3).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("activities-my-calendar"))
    assert response.status_code == 200
    days = response.context["days"]
    assert [[a.title for a in items] for _, items in days] == [[TRICKY_TITLE], ["线上讲座"]]
    assert days[0][0] == timezone.localtime(feed_activities["tricky"].starts_at).date()
    page = response.content.decode()
    assert "十天前" not in page and "别的工作室" not in page and "退出后的活动" not in page
    assert documents.feed_token(world.teacher_user) in page


def test_my_calendar_needs_the_checkin_action(world: World) -> None:
    assert client_for(world.district_staff).get(reverse("activities-my-calendar")).status_code == 403
    assert Client().get(reverse("activities-my-calendar")).status_code == 302


def test_every_activity_type_is_named_in_chinese_in_the_transcript(world: World, studio: Studio) -> None:
    """The type column read a hand-kept copy of the labels that lacked the hosts' city training."""
    training = _activity(
        studio, dt.datetime(2025, 11, 5, 8, 30, tzinfo=SHANGHAI), title="市级培训", kind="city_training"
    )
    _attend(training, world.teacher_a)
    response = client_for(world.teacher_user).get(reverse("activities-transcript-xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content))["学时明细"].iter_rows(values_only=True))
    assert rows[1][1:3] == ("市级培训", "主持人市级培训")
    pdf = _pdf_text(client_for(world.teacher_user).get(reverse("activities-transcript-pdf")).content)
    assert "主持人市级培训" in pdf and "city_training" not in pdf
