"""Issue 15's gaps in points 1–2: entries changed and deleted (and read-only once their semester has
closed), a past semester chosen on the log page, a parent's contact for home visits fenced to the
class's head teachers, the monthly numbers of a month the semester covers in part, and the menu entry."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hts.classwork.models import ClassworkPolicy, Kind, LogEntry, Pupil, PupilContact
from hts.classwork.rules import Logged, missed_months, month_dues, month_share
from hts.classwork.tests.test_classwork import GANYU, setup  # noqa: F401
from hts.core.models import AuditEntry
from hts.org.models import SchoolClass, Semester
from testkit import client_for, make_school_year, world  # noqa: F401

TODAY = dt.date(2026, 11, 16)
START, END = dt.date(2026, 9, 1), dt.date(2027, 1, 20)
OUTSIDERS = ("school_staff", "other_head", "other_school_staff", "bureau", "plain", "admin")


def policy():
    return ClassworkPolicy(**GANYU)


# A month the semester covers in part ---------------------------------------------------------------


def test_a_month_owes_its_share_of_001s_numbers():
    # 001: a theme meeting and a blackboard issue a month, a cadre meeting every 14 days.
    january = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert month_share(1, *january, START, END) == 1  # 20 of 31 days: a month mostly of school
    assert month_share(1, *january, START, dt.date(2027, 1, 10)) == 0  # 10 of 31: a tail owes nothing
    assert month_share(1, dt.date(2027, 2, 1), dt.date(2027, 2, 28), dt.date(2027, 2, 20), END) == 0  # 9 of 28
    assert month_share(2, dt.date(2026, 9, 1), dt.date(2026, 9, 30), START, END) == 2  # whole month, whole number
    day = dt.date(2027, 1, 15)
    dues = {d.key: d.needed for d in month_dues(policy(), [], today=day, semester_start=START, semester_end=END)}
    assert dues == {"theme_meeting": 1, "blackboard": 1, "cadre_meeting": 1}
    short = month_dues(policy(), [], today=dt.date(2027, 1, 5), semester_start=START, semester_end=dt.date(2027, 1, 10))
    assert short == []  # neither a monthly meeting nor 14 days for a cadre meeting
    spring = month_dues(
        policy(), [], today=dt.date(2027, 2, 25), semester_start=dt.date(2027, 2, 20), semester_end=dt.date(2027, 7, 10)
    )
    assert spring == []
    # Closed on 10 January with nothing logged in January: January is not a missed month.
    log = [
        Logged(kind, dt.date(2026, month, 5)) for month in (9, 10, 11, 12) for kind in ("theme_meeting", "blackboard")
    ]
    missed = missed_months(
        policy(), log, today=dt.date(2027, 2, 1), semester_start=START, semester_end=dt.date(2027, 1, 10)
    )
    assert missed == []
    missed = missed_months(policy(), log, today=dt.date(2027, 2, 1), semester_start=START, semester_end=END)
    assert [d.text for d in missed] == ["1月主题班会 0 次，应不少于 1 次", "1月黑板报 0 次，应不少于 1 次"]


# Entries changed and deleted ------------------------------------------------------------------------


@pytest.fixture
def log(world, setup, monkeypatch):  # noqa: F811
    make_school_year(world.city, 2025)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    autumn = Semester.objects.get(starts_on=START)
    spring = Semester.objects.get(starts_on=dt.date(2026, 2, 20))
    pupil = Pupil.objects.get(name="陈小雨")
    entry = LogEntry.objects.create(
        school_class=world.class_a, semester=autumn, kind=Kind.THEME_MEETING, on=dt.date(2026, 11, 2), title="学会感恩"
    )
    old = LogEntry.objects.create(
        school_class=world.class_a, semester=spring, kind=Kind.BLACKBOARD, on=dt.date(2026, 3, 2), title="春天来了"
    )
    return {"entry": entry, "old": old, "autumn": autumn, "spring": spring, "pupil": pupil}


@pytest.mark.parametrize("who", ["head", "deputy"])
def test_head_teachers_change_an_entry_audited(setup, log, who):  # noqa: F811
    client = client_for(setup[who])
    url = reverse("classwork-entry-edit", args=[log["entry"].uid])
    page = client.get(url)
    assert page.status_code == 200 and "学会感恩" in page.content.decode()
    response = client.post(url, {"on": "2026-11-03", "title": "学会感恩（二）", "notes": "分组讨论"})
    assert response.status_code == 302
    entry = LogEntry.objects.get(pk=log["entry"].pk)
    assert (entry.on, entry.title, entry.notes) == (dt.date(2026, 11, 3), "学会感恩（二）", "分组讨论")
    audit = AuditEntry.objects.get(action="classwork.entry.changed")
    assert audit.changes["on"] == ["2026-11-02", "2026-11-03"] and "title" in audit.changes
    # Held to the rules of a new entry: a date outside the semester is refused, nothing written.
    response = client.post(url, {"on": "2026-08-20", "title": "x", "notes": "y"})
    assert response.status_code == 400 and "不在本学期" in response.content.decode()
    assert LogEntry.objects.get(pk=entry.pk).title == "学会感恩（二）"


def test_a_visit_changed_to_another_class_pupil_is_refused(world, setup, log):  # noqa: F811
    visit = LogEntry.objects.create(
        school_class=world.class_a,
        semester=log["autumn"],
        kind=Kind.HOME_VISIT,
        on=dt.date(2026, 11, 4),
        pupil=log["pupil"],
        visit_mode="phone",
        notes="了解情况",
    )
    stranger = Pupil.objects.get(name="林大海")
    url = reverse("classwork-entry-edit", args=[visit.uid])
    response = client_for(setup["head"]).post(
        url, {"on": "2026-11-04", "pupil": stranger.pk, "visit_mode": "phone", "notes": "了解情况"}
    )
    assert response.status_code == 400 and "不在本班" in response.content.decode()
    assert LogEntry.objects.get(pk=visit.pk).pupil_id == log["pupil"].pk


def test_the_visit_edit_page_marks_only_the_pupils_not_yet_visited(world, setup, log):  # noqa: F811
    visit = LogEntry.objects.create(
        school_class=world.class_a, semester=log["autumn"], kind=Kind.HOME_VISIT, on=dt.date(2026, 11, 4),
        pupil=log["pupil"], visit_mode="phone", notes="了解情况",
    )  # fmt: skip
    other = Pupil.objects.create(school_class=world.class_a, name="王小明", gender="M")
    body = client_for(setup["head"]).get(reverse("classwork-entry-edit", args=[visit.uid])).content.decode()
    assert "陈小雨（本学期未家访）" not in body and "陈小雨" in body
    assert f"{other.name}（本学期未家访）" in body


def test_delete_asks_first_then_deletes_audited(setup, log):  # noqa: F811
    client = client_for(setup["head"])
    url = reverse("classwork-entry-delete", args=[log["entry"].uid])
    page = client.get(url)
    assert page.status_code == 200 and "确定删除吗" in page.content.decode()
    assert LogEntry.objects.filter(pk=log["entry"].pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and f"semester={log['autumn'].uid}" in response["Location"]
    assert not LogEntry.objects.filter(pk=log["entry"].pk).exists()
    audit = AuditEntry.objects.get(action="classwork.entry.deleted")
    assert audit.changes == {"kind": "theme_meeting", "on": "2026-11-02", "photos": 0}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_changes_or_deletes(setup, log, who):  # noqa: F811
    client = client_for(setup[who])
    for name in ("classwork-entry-edit", "classwork-entry-delete"):
        url = reverse(name, args=[log["entry"].uid])
        assert client.get(url).status_code == 404
        response = client.post(url, {"on": "2026-11-03", "title": "改", "notes": "改"})
        assert response.status_code == 404 and "陈小雨" not in response.content.decode()
    assert LogEntry.objects.get(pk=log["entry"].pk).title == "学会感恩"


def test_a_closed_semester_is_read_only(world, setup, log):  # noqa: F811
    client = client_for(setup["head"])
    old = log["old"]
    page = client.get(reverse("classwork-entry-edit", args=[old.uid]))
    assert page.status_code == 200 and "日志只读" in page.content.decode()
    assert 'data-testid="classwork-entry-form"' not in page.content.decode()
    assert client.post(reverse("classwork-entry-edit", args=[old.uid]), {"on": "2026-03-03"}).status_code == 400
    response = client.post(reverse("classwork-entry-delete", args=[old.uid]))
    assert response.status_code == 400 and "日志只读" in response.content.decode()
    assert LogEntry.objects.get(pk=old.pk).on == dt.date(2026, 3, 2)
    assert not AuditEntry.objects.filter(action__startswith="classwork.entry.").exists()


# A past semester on the log page ---------------------------------------------------------------------


def test_log_page_defaults_to_this_semester_and_shows_a_past_one(world, setup, log, django_assert_max_num_queries):  # noqa: F811
    client = client_for(setup["head"])
    url = reverse("classwork-log", args=[world.class_a.uid])
    page = client.get(url).content.decode()
    assert "学会感恩" in page and "春天来了" not in page
    assert f'value="{log["spring"].uid}"' in page and f'value="{log["autumn"].uid}" selected' in page
    assert "修改或删除" in page and 'data-testid="classwork-kinds"' in page
    with django_assert_max_num_queries(20):
        response = client.get(url, {"semester": str(log["spring"].uid)})
    page = response.content.decode()
    assert "春天来了" in page and "学会感恩" not in page
    assert "日志只读" in page and "修改或删除" not in page and 'data-testid="classwork-kinds"' not in page
    # Every month of a closed semester is a past one, its last too (June); the 9 days of February and
    # the 10 of July owe nothing, and March has its blackboard issue.
    assert "6月主题班会 0 次" in page and "3月黑板报" not in page
    assert "2月主题班会" not in page and "7月主题班会" not in page
    assert client.get(url, {"semester": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    other = client_for(setup["other_head"]).get(url, {"semester": str(log["spring"].uid)})
    assert other.status_code == 404


# A parent's contact for home visits -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["head", "deputy"])
def test_head_teachers_add_a_contact_for_visits(setup, log, who):  # noqa: F811
    client = client_for(setup[who])
    url = reverse("classwork-pupil-contact", args=[log["pupil"].uid])
    page = client.get(url).content.decode()
    assert "仅用于安排该生的家访" in page
    refused = client.post(url, {"name": "陈父", "phone": "12345"})
    assert refused.status_code == 400 and not PupilContact.objects.exists()
    assert client.post(url, {"name": "陈父", "phone": "13900001111"}).status_code == 302
    contact = PupilContact.objects.get(pupil=log["pupil"])
    assert (contact.name, contact.phone) == ("陈父", "13900001111")
    pupils = client.get(reverse("classwork-pupils", args=[log["pupil"].school_class.uid])).content.decode()
    assert "13900001111" in pupils
    audit = AuditEntry.objects.get(action="classwork.contact.added")
    assert "13900001111" not in str(audit.changes) and "陈父" not in str(audit.changes)
    # The auditor reads which fields were set in words, not field codes as a before → after pair.
    from hts.core.audit_labels import present

    changed = [c for c in present(audit).changes if c.single and "家长姓名" in c.after]
    assert len(changed) == 1 and changed[0].after == "家长姓名、家长手机号"
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not PupilContact.objects.exists()
    assert AuditEntry.objects.filter(action="classwork.contact.removed").count() == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_sees_or_sets_a_contact(world, setup, log, who):  # noqa: F811
    PupilContact.objects.create(pupil=log["pupil"], name="陈父", phone="13900001111")
    client = client_for(setup[who])
    url = reverse("classwork-pupil-contact", args=[log["pupil"].uid])
    assert client.get(url).status_code == 404
    response = client.post(url, {"name": "某人", "phone": "13900002222"})
    assert response.status_code == 404 and "陈小雨" not in response.content.decode()
    assert PupilContact.objects.get().phone == "13900001111"
    # The school office keeps the pupil list, but not the parent's phone (PIPL: minimum necessary).
    pupils = client.get(reverse("classwork-pupils", args=[world.class_a.uid])).content.decode()
    assert "13900001111" not in pupils and "陈父" not in pupils


def test_pupils_page_with_contacts_in_budget(world, setup, log, django_assert_max_num_queries):  # noqa: F811
    for n in range(30):
        pupil = Pupil.objects.create(school_class=world.class_a, name=f"学生{n}", gender="M")
        PupilContact.objects.create(pupil=pupil, name=f"家长{n}", phone=f"139000{n:05d}")
    client = client_for(setup["head"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("classwork-pupils", args=[world.class_a.uid]))
    assert "家长29" in page.content.decode()


# The menu entry ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, shown", [("head", True), ("deputy", True), ("school_staff", True), ("plain", False), ("bureau", False)]
)
def test_menu_entry_only_for_those_with_a_class(setup, who, shown):  # noqa: F811
    page = client_for(setup[who]).get(reverse("core-home")).content.decode()
    assert (f'href="{reverse("classwork-classes")}"' in page) == shown


# The demo ------------------------------------------------------------------------------------------------


def test_demo_logs_two_semesters_of_every_kind_with_months_missing(world):  # noqa: F811
    from hts.classwork.demo import seed

    make_school_year(world.city, 2025)
    make_school_year(world.city, 2026)
    ClassworkPolicy.objects.create(region=world.city, **GANYU)
    today = dt.date(2026, 11, 27)
    assert seed(world.province, today) > 8
    assert seed(world.province, today) == 0
    school_class = Pupil.objects.get(name="陈雨桐").school_class
    autumn = Semester.objects.get(starts_on=START)
    spring = Semester.objects.get(starts_on=dt.date(2026, 2, 20))
    kinds = {
        semester: set(
            LogEntry.objects.filter(school_class=school_class, semester=semester).values_list("kind", flat=True)
        )
        for semester in (autumn, spring)
    }
    assert kinds[spring] == set(Kind.values)
    assert kinds[autumn] == set(Kind.values) - {Kind.SUMMARY}
    assert not LogEntry.objects.filter(school_class=school_class, on__gt=today).exists()
    client = client_for(world.school_staff)
    url = reverse("classwork-log", args=[school_class.uid])
    page = client.get(url, {"semester": str(spring.uid)}).content.decode()
    assert "5月主题班会 0 次" in page and "本学期已家访学生 7 人，应为全班 8 人" in page
    assert "本学期工作总结已完成" in page
    page = client.get(url).content.decode()
    assert "10月主题班会 0 次" in page and "本学期工作总结在学期末（1月）完成，尚未到期" in page


def test_a_teacher_given_a_class_sees_the_entry_from_the_class_list(world, setup):  # noqa: F811
    client = client_for(setup["plain"])
    link = f'href="{reverse("classwork-classes")}"'
    assert link not in client.get(reverse("core-home")).content.decode()
    SchoolClass.objects.filter(school=world.school_a, name="2班").update(deputy=setup["plain"].teacher)
    assert client.get(reverse("classwork-classes")).status_code == 200
    assert link in client.get(reverse("core-home")).content.decode()
