import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from hts.classwork.models import ClassworkPolicy, Kind, LogEntry, Pupil
from hts.classwork.rules import Logged, missed_months, month_dues, semester_dues
from hts.classwork.tests.people import class_people
from hts.core.tabular import write_workbook
from hts.org.models import SchoolClass
from testkit import client_for, isolated_media, make_school_year, make_teacher, make_user, world  # noqa: F401

GANYU = dict(
    theme_meetings_a_month=1,
    blackboard_issues_a_month=1,
    cadre_meeting_every_days=14,
    parent_meetings_a_semester=2,
    visit_every_pupil=True,
    semester_plan_required=True,
    semester_summary_required=True,
    anonymise_after_days=365,
)
START, END = dt.date(2026, 9, 1), dt.date(2027, 1, 20)


def policy():
    return ClassworkPolicy(**GANYU)


def test_month_rules_with_001_numbers():
    day = dt.date(2026, 10, 20)
    log = [Logged(Kind.CADRE_MEETING, dt.date(2026, 10, 5)), Logged(Kind.BLACKBOARD, dt.date(2026, 10, 2))]
    dues = {d.key: d for d in month_dues(policy(), log, today=day, semester_start=START, semester_end=END)}
    assert (dues["theme_meeting"].done, dues["theme_meeting"].needed) == (0, 1)
    assert dues["blackboard"].met
    # A 31-day month of school: two cadre meetings (every two weeks).
    assert (dues["cadre_meeting"].done, dues["cadre_meeting"].needed) == (1, 2)


def test_semester_rules_and_missed_months():
    log = [
        Logged(Kind.PARENT_MEETING, dt.date(2026, 9, 10)),
        Logged(Kind.HOME_VISIT, dt.date(2026, 9, 12), pupil_id=1),
        Logged(Kind.HOME_VISIT, dt.date(2026, 9, 13), pupil_id=1),
        Logged(Kind.PLAN, dt.date(2026, 9, 2)),
        Logged(Kind.THEME_MEETING, dt.date(2026, 9, 20)),
        Logged(Kind.BLACKBOARD, dt.date(2026, 9, 20)),
    ]
    dues = semester_dues(policy(), log, pupil_ids=[1, 2, 3])
    by = {d.key: d for d in dues}
    assert (by["parent_meeting"].done, by["parent_meeting"].needed) == (1, 2)
    assert (by["home_visit"].done, by["home_visit"].needed) == (1, 3)
    assert [d.met for d in dues][-2:] == [True, False]  # plan written, summary missing
    missed = missed_months(policy(), log, today=dt.date(2026, 11, 5), semester_start=START)
    # September has both; October has neither; November is this month, not yet missed.
    assert [(d.key, d.done) for d in missed] == [("theme_meeting", 0), ("blackboard", 0)]
    assert missed[0].text == "10月主题班会 0 次，应不少于 1 次"


def test_empty_numbers_turn_rules_off():
    empty = ClassworkPolicy()
    assert month_dues(empty, [], today=dt.date(2026, 10, 1), semester_start=START, semester_end=END) == []
    assert semester_dues(empty, [], pupil_ids=[1]) == []


@pytest.fixture
def setup(world):  # noqa: F811
    make_school_year(world.city, 2026)
    ClassworkPolicy.objects.create(region=world.city, **GANYU)
    people = class_people(world)
    Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F", left_behind=True)
    Pupil.objects.create(school_class=world.class_b, name="林大海", gender="M")
    return people


@pytest.mark.parametrize(
    "who, seen",
    [
        ("head", True),
        ("deputy", True),
        ("school_staff", True),
        ("other_head", False),
        ("other_school_staff", False),
        ("bureau", False),
        ("plain", False),
        ("admin", False),
    ],
)
def test_pupil_matrix(world, setup, who, seen):  # noqa: F811
    client = client_for(setup[who])
    for name in ("classwork-pupils", "classwork-log"):
        response = client.get(reverse(name, args=[world.class_a.uid]))
        assert response.status_code == (200 if seen else 404)
        assert ("陈小雨" in response.content.decode()) == (seen and name == "classwork-pupils")


def _on(day):
    return {"on": day.isoformat()}


def test_head_teacher_logs_and_refusals(world, setup, settings, monkeypatch):  # noqa: F811
    client = client_for(setup["head"])
    pupil = Pupil.objects.get(name="陈小雨")
    stranger = Pupil.objects.get(name="林大海")
    # A fixed day inside the test calendar's semester, whatever day the suite runs on: the pages and the
    # service read `timezone.localdate()`.
    today = dt.date(2026, 11, 16)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    url = reverse("classwork-entry-new", args=[world.class_a.uid, "home_visit"])
    response = client.post(url, {**_on(today), "pupil": stranger.pk, "visit_mode": "phone", "notes": "了解情况"})
    assert response.status_code == 400
    assert "不在本班" in response.content.decode() and "了解情况" in response.content.decode()
    response = client.post(url, {"on": "2026-08-01", "pupil": pupil.pk, "visit_mode": "phone", "notes": "了解情况"})
    assert response.status_code == 400 and "不在本学期" in response.content.decode()
    response = client.post(url, {**_on(today), "pupil": pupil.pk, "visit_mode": "visit", "notes": "了解情况"})
    assert response.status_code == 302
    assert LogEntry.objects.filter(kind=Kind.HOME_VISIT, pupil=pupil).count() == 1
    response = client.get(reverse("classwork-log", args=[world.class_a.uid]))
    assert "本学期已家访学生 1 人，应为全班 1 人" in response.content.decode()
    assert "本月主题班会 0 次，应不少于 1 次" in response.content.decode()
    # The deputy's colleague heading another class may not write here.
    other = client_for(setup["other_head"]).post(
        reverse("classwork-entry-new", args=[world.class_a.uid, "theme_meeting"]), _on(today)
    )
    assert other.status_code == 404


def _xlsx(rows):
    return io.BytesIO(write_workbook([("学生", ["姓名", "性别", "留守儿童", "特殊家庭", "学习困难"], rows)]))


def _import(client, world, rows):  # noqa: F811
    upload = _xlsx(rows)
    upload.name = "pupils.xlsx"
    return client.post(reverse("classwork-pupil-import", args=[world.class_a.uid]), {"file": upload})


def test_import_good_file_and_again(world, setup):  # noqa: F811
    client = client_for(setup["head"])
    assert client.get(reverse("classwork-pupil-template", args=[world.class_a.uid])).status_code == 200
    rows = [["王一", "男", "是", "否", "否"], ["李二", "女", "", "", "是"]]
    assert _import(client, world, rows).status_code == 302
    assert Pupil.objects.filter(school_class=world.class_a).count() == 3
    assert Pupil.objects.get(name="王一").left_behind
    assert _import(client, world, rows).status_code == 302
    assert Pupil.objects.filter(school_class=world.class_a).count() == 3


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["王一", "男", "", "", ""], ["", "女", "", "", ""]], "第 3 行，姓名：姓名为空"),
        ([["王一", "男", "", "", ""], ["王一", "女", "", "", ""]], "第 3 行，姓名：“王一”在文件中出现了两次"),
        ([["王一", "男", "", "", ""], ["李二", "未知", "", "", ""]], "第 3 行，性别：“未知”不是性别"),
    ],
)
def test_import_refuses_whole_file(world, setup, rows, message):  # noqa: F811
    response = _import(client_for(setup["head"]), world, rows)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pupil.objects.filter(name="王一").exists()


def test_list_query_budgets(world, setup, django_assert_max_num_queries):  # noqa: F811
    for n in range(30):
        Pupil.objects.create(school_class=world.class_a, name=f"学生{n}", gender="M")
    client = client_for(setup["school_staff"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("classwork-classes")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("classwork-pupils", args=[world.class_a.uid])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("classwork-log", args=[world.class_a.uid])).status_code == 200


def test_policy_page_for_bureau(world, setup):  # noqa: F811
    client = client_for(world.city_staff)
    url = reverse("classwork-policy", args=[world.city.uid])
    assert client.get(url).status_code == 200
    data = {**GANYU, "parent_meetings_a_semester": 3}
    data["cadre_meeting_every_days"] = 14
    assert client.post(url, {k: v for k, v in data.items() if v is not False}).status_code == 302
    assert ClassworkPolicy.objects.get(region=world.city).parent_meetings_a_semester == 3
    assert client_for(world.school_staff).get(url).status_code == 403


def test_ganyu_bundle_has_001_numbers():
    from hts.studios.policy_templates.ganyu import BUNDLE

    assert BUNDLE.classwork_values() == GANYU


def test_demo_seed_is_idempotent_and_shows_a_missed_month(world):  # noqa: F811
    from hts.classwork.demo import seed

    make_school_year(world.city, 2026)
    ClassworkPolicy.objects.create(region=world.city, **GANYU)
    today = dt.date(2026, 11, 27)
    assert seed(world.province, today) > 8
    assert seed(world.province, today) == 0
    school_class = SchoolClass.objects.get(pupils__isnull=False, pupils__name="陈雨桐")
    assert Pupil.objects.filter(school_class=school_class).count() == 8
    logged = [Logged(e.kind, e.on, e.pupil_id) for e in LogEntry.objects.filter(school_class=school_class)]
    missed = missed_months(ClassworkPolicy(**GANYU), logged, today=today, semester_start=START)
    assert [(d.key, d.text[:3]) for d in missed] == [("theme_meeting", "10月"), ("blackboard", "10月")]


def test_theme_meeting_photo_is_stored_checked_and_fenced(world, setup, settings, isolated_media):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from hts.classwork.models import LogPhoto

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    url = reverse("classwork-entry-new", args=[world.class_a.uid, "theme_meeting"])
    client = client_for(setup["head"])
    today = dt.date.today().isoformat()
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "classwork.photo": 10}
    big = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    response = client.post(url, {"on": today, "title": "安全伴我行", "notes": "讨论", "photo": big})
    assert response.status_code == 400 and "安全伴我行" in response.content.decode()
    assert not LogEntry.objects.exists() and not LogPhoto.objects.exists()
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "classwork.photo": 1024 * 1024}
    fake = SimpleUploadedFile("b.png", b"not an image", content_type="image/png")
    assert client.post(url, {"on": today, "title": "t", "notes": "n", "photo": fake}).status_code == 400
    elf = SimpleUploadedFile("合影.png", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, content_type="image/png")
    assert client.post(url, {"on": today, "title": "t", "notes": "n", "photo": elf}).status_code == 400
    assert not LogEntry.objects.exists() and not LogPhoto.objects.exists()
    good = SimpleUploadedFile("c.png", buffer.getvalue(), content_type="image/png")
    assert client.post(url, {"on": today, "title": "安全伴我行", "notes": "讨论", "photo": good}).status_code == 302
    photo = LogPhoto.objects.get()
    assert client.get(reverse("classwork-photo", args=[photo.uid])).status_code == 200
    for who in ("other_head", "bureau", "other_school_staff"):
        assert client_for(setup[who]).get(reverse("classwork-photo", args=[photo.uid])).status_code == 404
