"""Issue 15 point 6: the data inventory, leaving and anonymisation, export and erasure on a verified request."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hts.classwork.models import ClassworkPolicy, Kind, LogEntry, Pupil
from hts.classwork.rules import Logged, semester_dues
from hts.classwork.tests.people import class_people
from hts.core.models import AuditEntry
from hts.core.personal_data import REGISTRY, inventory
from hts.org.models import Semester
from testkit import client_for, make_school_year, make_teacher, make_user, world  # noqa: F401

NAME = "陈小雨"
POLICY = dict(visit_every_pupil=True, anonymise_after_days=365)
TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def setup(world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    make_school_year(world.city, 2026)
    ClassworkPolicy.objects.create(region=world.city, **POLICY)
    people = class_people(world)
    pupil = Pupil.objects.create(school_class=world.class_a, name=NAME, gender="F", left_behind=True)
    Pupil.objects.create(school_class=world.class_a, name="王小明", gender="M")
    return {
        "pupil": pupil,
        **people,
    }


def _log(world, pupil):  # noqa: F811
    """A visit to the pupil, an incident naming them in its text, and a meeting that does not."""
    semester = Semester.objects.get(kind="autumn")
    common = {"school_class": world.class_a, "semester": semester}
    LogEntry.objects.create(
        **common, kind=Kind.HOME_VISIT, on=dt.date(2026, 10, 8), pupil=pupil, visit_mode="visit",
        notes=f"{NAME}由奶奶照顾，父母在苏州打工", follow_up="每周电话联系",
    )  # fmt: skip
    LogEntry.objects.create(
        **common, kind=Kind.INCIDENT, on=dt.date(2026, 10, 20), title=f"{NAME}在操场摔倒",
        notes=f"送医务室，通知{NAME}的奶奶", follow_up="",
    )  # fmt: skip
    LogEntry.objects.create(
        **common, kind=Kind.THEME_MEETING, on=dt.date(2026, 10, 9), title="安全伴我行", notes="讨论"
    )


def _everything_text():
    """Every stored text the name could hide in: pupils, entries and the whole audit trail."""
    texts = [p.name for p in Pupil.objects.all()]
    texts += [f"{e.title} {e.notes} {e.follow_up}" for e in LogEntry.objects.all()]
    texts += [f"{a.target_label} {json.dumps(a.changes, ensure_ascii=False)}" for a in AuditEntry.objects.all()]
    return "\n".join(texts)


def _counts(world):  # noqa: F811
    entries = list(LogEntry.objects.filter(school_class=world.class_a))
    logged = [Logged(e.kind, e.on, e.pupil_id) for e in entries]
    pupils = list(Pupil.objects.filter(school_class=world.class_a))
    dues = semester_dues(ClassworkPolicy(**POLICY), logged, pupil_ids=[p.pk for p in pupils])
    flags = Counter((p.left_behind, p.special_family, p.learning_difficulty) for p in pupils)
    return Counter(e.kind for e in entries), [(d.key, d.done, d.needed) for d in dues], flags, len(pupils)


# The inventory ---------------------------------------------------------------------------------------------


def test_every_field_in_the_inventory_exists_and_reads_in_words():
    from django.apps import apps
    from django.utils.functional import Promise

    for entry in REGISTRY.values():
        if entry.model is None:
            assert all(isinstance(item, tuple) for item in entry.fields), entry.key
            continue
        model = apps.get_model(entry.model)
        for item in entry.fields:
            name = item[0] if isinstance(item, tuple) else item
            field = model._meta.get_field(name)  # raises on a field that does not exist
            if not isinstance(item, tuple):
                # Django's own name for a field without a label is English: the inventory needs a label.
                assert isinstance(field.verbose_name, Promise), (entry.key, name)
        assert entry.purpose and entry.seen_by and entry.kept


def test_every_field_of_a_pupil_is_in_the_inventory():
    listed = {name for e in REGISTRY.values() if e.model == "classwork.Pupil" for name in e.field_names()}
    kept = {f.name for f in Pupil._meta.concrete_fields} - {"id", "uid", "created_at", "updated_at"}
    assert kept <= listed
    left_behind = REGISTRY["classwork.left_behind_file"]
    from hts.classwork.models import LeftBehindFile

    typed = {f.name for f in LeftBehindFile._meta.concrete_fields} - {"id", "uid", "created_at", "updated_at"}
    assert typed - {"pupil", "updated_by"} <= set(left_behind.field_names())
    subjects = [str(label) for label, _entries in inventory()]
    assert subjects == ["教师与工作人员", "学生（未成年人）", "公开网站的访客"]


def test_the_inventory_page_for_anyone(world, django_assert_max_num_queries):  # noqa: F811
    from django.test import Client

    url = reverse("core-data-inventory")
    client = client_for(world.nobody)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("留守儿童档案", "监护人", "父母务工地", "学习困难", "审计日志", "手机号", "匿名"):
        assert text in body, text
    assert url in client_for(world.teacher_user).get("/home/").content.decode()  # linked from the footer
    # Public too: a visitor who left a contact on a comment has no account (it lists kinds, never records).
    visitor = Client().get(url)
    assert visitor.status_code == 200 and "公开网站的访客" in visitor.content.decode()


# Leaving, and the daily anonymisation -----------------------------------------------------------------------


def test_head_teacher_edits_and_marks_a_pupil_left(world, setup):  # noqa: F811
    pupil = setup["pupil"]
    url = reverse("classwork-pupil-edit", args=[pupil.uid])
    client = client_for(setup["head"])
    assert client.get(url).status_code == 200
    data = {"name": "陈晓雨", "gender": "F", "left_behind": "on", "left_on": "2026-11-10"}
    assert client.post(url, data).status_code == 302
    pupil.refresh_from_db()
    assert (pupil.name, pupil.left_on, pupil.left_behind) == ("陈晓雨", dt.date(2026, 11, 10), True)
    entry = AuditEntry.objects.get(action="classwork.pupil.left")
    assert entry.changes["renamed"] is True and entry.changes["left_on"] == [None, "2026-11-10"]
    assert NAME not in _everything_text().replace("陈晓雨", "") and "陈晓雨" not in json.dumps(entry.changes)
    # A date to come and a name already in the class are refused with the reason, nothing written.
    response = client.post(url, {**data, "left_on": "2026-12-01"})
    assert response.status_code == 400 and "尚未到来" in response.content.decode()
    response = client.post(url, {**data, "name": "王小明"})
    assert response.status_code == 400
    assert Pupil.objects.get(pk=pupil.pk).name == "陈晓雨"


@pytest.mark.parametrize("who", ["other_head", "other_school_staff", "bureau", "plain", "admin"])
def test_pupil_edit_refused_with_404_and_no_name(world, setup, who):  # noqa: F811
    url = reverse("classwork-pupil-edit", args=[setup["pupil"].uid])
    client = client_for(setup[who])
    for response in (client.get(url), client.post(url, {"name": "x", "gender": "F"})):
        assert response.status_code == 404
        assert NAME not in response.content.decode()
    assert Pupil.objects.get(pk=setup["pupil"].pk).name == NAME


@pytest.mark.parametrize("who", ["deputy", "school_staff"])
def test_deputy_and_office_may_edit(world, setup, who):  # noqa: F811
    assert client_for(setup[who]).get(reverse("classwork-pupil-edit", args=[setup["pupil"].uid])).status_code == 200


def test_daily_task_around_the_threshold(world, setup):  # noqa: F811
    pupil = setup["pupil"]
    pupil.left_on = dt.date(2026, 1, 10)
    pupil.save()
    # In a region whose policy sets no number, a left pupil stays as they are.
    other_region_pupil = Pupil.objects.create(
        school_class=world.class_b, name="林大海", gender="M", left_on=dt.date(2025, 1, 1)
    )
    ClassworkPolicy.objects.create(region=world.district_b, anonymise_after_days=None)
    out = io.StringIO()
    call_command("anonymise_left_pupils", "--now", "--date", "2027-01-09", stdout=out)
    assert "0" in out.getvalue()
    assert Pupil.objects.get(pk=pupil.pk).name == NAME  # day 364
    call_command("anonymise_left_pupils", "--now", "--date", "2027-01-10", stdout=out)
    pupil.refresh_from_db()
    assert pupil.name == f"已匿名学生{pupil.pk}" and pupil.anonymised_on == dt.date(2027, 1, 10)
    assert Pupil.objects.get(name="王小明").anonymised_on is None  # still in the class
    assert Pupil.objects.get(pk=other_region_pupil.pk).name == "林大海"
    entry = AuditEntry.objects.get(action="classwork.pupil.anonymised")
    assert entry.actor is None and entry.changes["days"] == 365
    # Again the next day: nothing more.
    call_command("anonymise_left_pupils", "--now", "--date", "2027-01-11", stdout=out)
    assert AuditEntry.objects.filter(action="classwork.pupil.anonymised").count() == 1


def test_the_daily_step_is_queued_for_the_worker(world, setup):  # noqa: F811
    out = io.StringIO()
    call_command("anonymise_left_pupils", stdout=out)
    assert "Queued" in out.getvalue()


def test_anonymisation_keeps_counts_and_removes_the_name_everywhere(world, setup):  # noqa: F811
    pupil = setup["pupil"]
    # Through the pages, so the audit trail holds what they write: an edit (renamed back) and a visit.
    client = client_for(setup["head"])
    edit = reverse("classwork-pupil-edit", args=[pupil.uid])
    client.post(edit, {"name": "陈小 雨", "gender": "F", "left_behind": "on"})
    client.post(edit, {"name": NAME, "gender": "F", "left_behind": "on", "left_on": "2025-11-01"})
    visit = reverse("classwork-entry-new", args=[world.class_a.uid, "home_visit"])
    assert (
        client.post(
            visit, {"on": "2026-11-02", "pupil": pupil.pk, "visit_mode": "phone", "notes": f"{NAME}近况良好"}
        ).status_code
        == 302
    )
    _log(world, pupil)
    before = _counts(world)
    assert NAME in _everything_text()
    call_command("anonymise_left_pupils", "--now", "--date", "2026-11-16", stdout=io.StringIO())
    assert _counts(world) == before
    assert NAME not in _everything_text()
    visits = LogEntry.objects.filter(pupil=pupil)
    assert visits.count() == 2 and all(v.notes == "" and v.follow_up == "" for v in visits)
    incident = LogEntry.objects.get(kind=Kind.INCIDENT)
    assert incident.title == f"已匿名学生{pupil.pk}在操场摔倒"
    assert LogEntry.objects.get(kind=Kind.THEME_MEETING).title == "安全伴我行"
    pupil.refresh_from_db()
    assert pupil.left_behind and pupil.gender == "F"
    # The class's pages show the placeholder, and the edit page is closed.
    body = client.get(reverse("classwork-pupils", args=[world.class_a.uid])).content.decode()
    assert f"已匿名学生{pupil.pk}" in body and "已匿名" in body
    assert client.get(edit).status_code == 404


def test_a_pupil_gone_before_the_semester_is_owed_no_visit(world, setup):  # noqa: F811
    client = client_for(setup["head"])
    log = reverse("classwork-log", args=[world.class_a.uid])
    assert "本学期已家访学生 0 人，应为全班 2 人" in client.get(log).content.decode()
    Pupil.objects.filter(name="王小明").update(left_on=dt.date(2026, 8, 1))
    assert "本学期已家访学生 0 人，应为全班 1 人" in client.get(log).content.decode()
    # An anonymised pupil can be neither chosen nor posted for a visit.
    call_command("anonymise_left_pupils", "--now", "--date", "2027-08-01", stdout=io.StringIO())
    gone = Pupil.objects.get(anonymised_on__isnull=False)
    visit = reverse("classwork-entry-new", args=[world.class_a.uid, "home_visit"])
    assert gone.name not in client.get(visit).content.decode()
    response = client.post(visit, {"on": "2026-11-02", "pupil": gone.pk, "visit_mode": "phone", "notes": "x"})
    assert response.status_code == 400 and "已经匿名" in response.content.decode()


# Export and erasure on a verified request -------------------------------------------------------------------

REQUEST = {"reference": "2026-家长申请-003", "note": f"{NAME}的母亲到校当面申请，核对户口簿"}


def _request(client, pupil, what, confirmed):
    data = {"what": what, **REQUEST}
    if confirmed:
        data["confirmed"] = "1"
    return client.post(reverse("classwork-pupil-request", args=[pupil.uid]), data)


def test_export_on_request_after_confirming(world, setup):  # noqa: F811
    pupil = setup["pupil"]
    _log(world, pupil)
    client = client_for(setup["school_staff"])
    assert client.get(reverse("classwork-pupil-request", args=[pupil.uid])).status_code == 200
    first = _request(client, pupil, "export", confirmed=False)
    assert first.status_code == 200 and 'data-testid="request-confirm"' in first.content.decode()
    assert not AuditEntry.objects.filter(action="classwork.pupil.exported").exists()
    response = _request(client, pupil, "export", confirmed=True)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert NAME not in response["Content-Disposition"]
    assert "utf-8''%E5%AD%A6%E7%94%9F" in response["Content-Disposition"]  # 学生…, a Chinese file name
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [[c for c in row] for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    cells = " ".join(str(c) for row in rows for c in row if c is not None)
    assert NAME in cells and "父母在苏州打工" in cells and "在操场摔倒" in cells
    assert "安全伴我行" not in cells  # an entry that does not name the pupil is not theirs
    audit = AuditEntry.objects.get(action="classwork.pupil.exported")
    assert audit.actor == setup["school_staff"] and audit.changes["entries"] == 2
    assert audit.changes["reference"] == REQUEST["reference"]
    assert audit.changes["verification"].startswith("（该学生）的母亲")  # the typed name kept out of the trail
    assert Pupil.objects.get(pk=pupil.pk).name == NAME


def test_other_records_join_the_export_and_the_anonymisation(world, setup, monkeypatch):  # noqa: F811
    """The left-behind files (built beside this) plug in here: their sheet is exported, their step runs."""
    from hts.classwork import retention

    cleared = []
    monkeypatch.setattr(retention, "EXPORT_SHEETS", [lambda p: ("留守儿童档案", ["监护人"], [["奶奶"]])])
    monkeypatch.setattr(retention, "ANONYMISERS", [cleared.append])
    client = client_for(setup["school_staff"])
    response = _request(client, setup["pupil"], "export", confirmed=True)
    assert load_workbook(io.BytesIO(response.content))["留守儿童档案"]["A2"].value == "奶奶"
    _request(client, setup["pupil"], "erase", confirmed=True)
    assert cleared == [Pupil.objects.get(pk=setup["pupil"].pk)]


def test_the_daily_step_is_bounded_per_pupil(world, setup, django_assert_max_num_queries):  # noqa: F811
    from hts.classwork.retention import pupils_anonymise_due

    for n in range(10):
        Pupil.objects.create(school_class=world.class_a, name=f"学生{n}", gender="M", left_on=dt.date(2025, 1, 1))
    # Seven a pupil for the log, one for the portal's guardian consents (none here).
    with django_assert_max_num_queries(3 + 8 * 10):
        assert len(pupils_anonymise_due(dt.date(2026, 11, 16))) == 10


def test_erasure_on_request(world, setup):  # noqa: F811
    pupil = setup["pupil"]
    _log(world, pupil)
    client = client_for(setup["school_staff"])
    confirm = _request(client, pupil, "erase", confirmed=False)
    assert "btn-danger" in confirm.content.decode() and Pupil.objects.get(pk=pupil.pk).name == NAME
    # Without a reference the request goes nowhere.
    response = client.post(
        reverse("classwork-pupil-request", args=[pupil.uid]), {"what": "erase", "note": "x", "confirmed": "1"}
    )
    assert response.status_code == 400 and Pupil.objects.get(pk=pupil.pk).name == NAME
    before = _counts(world)
    response = _request(client, pupil, "erase", confirmed=True)
    assert response.status_code == 302
    assert _counts(world) == before
    assert NAME not in _everything_text()
    audit = AuditEntry.objects.get(action="classwork.pupil.erased")
    assert audit.changes["entries"] == 2 and audit.changes["reference"] == REQUEST["reference"]
    # A second erasure says it is done already.
    again = _request(client, pupil, "erase", confirmed=True)
    assert again.status_code == 400 and "已经匿名" in again.content.decode()


@pytest.mark.parametrize("who", ["head", "deputy", "other_head", "other_school_staff", "bureau", "plain", "admin"])
def test_export_and_erasure_refused_to_everyone_but_the_office(world, setup, who):  # noqa: F811
    pupil = setup["pupil"]
    client = client_for(setup[who])
    responses = [
        client.get(reverse("classwork-pupil-request", args=[pupil.uid])),
        _request(client, pupil, "erase", confirmed=True),
        _request(client, pupil, "export", confirmed=True),
    ]
    for response in responses:
        assert response.status_code == 404
        assert NAME not in response.content.decode()
    assert Pupil.objects.get(pk=pupil.pk).name == NAME
    assert not AuditEntry.objects.filter(action__in=["classwork.pupil.erased", "classwork.pupil.exported"]).exists()


def test_head_teacher_sees_no_request_link(world, setup):  # noqa: F811
    pupil = setup["pupil"]
    head = client_for(setup["head"]).get(reverse("classwork-pupils", args=[world.class_a.uid])).content.decode()
    staff = client_for(setup["school_staff"]).get(reverse("classwork-pupils", args=[world.class_a.uid]))
    url = reverse("classwork-pupil-request", args=[pupil.uid])
    assert url not in head
    edit = client_for(setup["school_staff"]).get(reverse("classwork-pupil-edit", args=[pupil.uid]))
    assert url in edit.content.decode() and staff.status_code == 200


def test_query_budgets(world, setup, django_assert_max_num_queries):  # noqa: F811
    pupil = setup["pupil"]
    _log(world, pupil)
    for n in range(20):
        LogEntry.objects.create(
            school_class=world.class_a, semester=Semester.objects.get(kind="autumn"), kind=Kind.HOME_VISIT,
            on=dt.date(2026, 10, 1), pupil=pupil, visit_mode="phone", notes=f"第{n}次",
        )  # fmt: skip
    client = client_for(setup["school_staff"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("classwork-pupil-edit", args=[pupil.uid])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("classwork-pupil-request", args=[pupil.uid])).status_code == 200
    # The left-behind file's sheet adds up to three (the file, its activities, its notes).
    with django_assert_max_num_queries(15):
        assert _request(client, pupil, "export", confirmed=True).status_code == 200
    with django_assert_max_num_queries(20):
        assert _request(client, pupil, "erase", confirmed=True).status_code == 302


def test_a_visit_contact_stays_out_of_the_offices_export_and_goes_on_erasure(world, setup):  # noqa: F811
    from hts.classwork.models import PupilContact

    pupil = setup["pupil"]
    PupilContact.objects.create(pupil=pupil, name="陈母", phone="13812345678")
    client = client_for(setup["school_staff"])
    exported = _request(client, pupil, "export", confirmed=True)
    workbook = load_workbook(io.BytesIO(exported.content))
    cells = " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    assert "13812345678" not in cells and "陈母" not in cells
    assert _request(client, pupil, "erase", confirmed=True).status_code == 302
    assert not PupilContact.objects.filter(pupil=pupil).exists()
