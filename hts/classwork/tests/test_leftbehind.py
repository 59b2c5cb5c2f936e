"""Left-behind children's files (issue 15 point 3): who sees names, the reason asked on a first read,
the audit of every read and export, the bureau's counts without names, refusals and the demo."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hts.classwork.models import LeftBehindActivity, LeftBehindFile, LeftBehindNote, Pupil
from hts.classwork.tests.people import class_people
from hts.core.models import AuditEntry
from hts.org.models import School
from testkit import client_for, make_school_year, make_teacher, make_user, world  # noqa: F401

TODAY = dt.date(2026, 11, 16)
NAME, GUARDIAN = "陈小雨", "李桂芳"


@pytest.fixture
def today(monkeypatch):
    # A fixed day inside the test calendar's autumn semester, whatever day the suite runs on.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def setup(world, today):  # noqa: F811
    make_school_year(world.city, 2026)
    people = class_people(world)
    pupil = Pupil.objects.create(school_class=world.class_a, name=NAME, gender="F", left_behind=True)
    file = LeftBehindFile.objects.create(
        pupil=pupil,
        guardian_name=GUARDIAN,
        guardian_relation="祖母",
        parents_work="广东东莞",
        contact_plan="每两周视频一次",
    )
    LeftBehindActivity.objects.create(file=file, on=dt.date(2026, 10, 8), title="生日会")
    LeftBehindNote.objects.create(file=file, on=dt.date(2026, 10, 9), text="情绪稳定")
    return {"file": file, "pupil": pupil, **people}


def _urls(world, file):  # noqa: F811
    return [
        reverse("classwork-leftbehind", args=[world.class_a.uid]),
        reverse("classwork-leftbehind-new", args=[world.class_a.uid]),
        reverse("classwork-leftbehind-export", args=[world.class_a.uid]),
        reverse("classwork-leftbehind-file", args=[file.uid]),
        reverse("classwork-leftbehind-edit", args=[file.uid]),
    ]


def _reads(file):
    return AuditEntry.objects.filter(action="classwork.leftbehind.read", target_id=str(file.uid))


@pytest.mark.parametrize(
    "who, seen",
    [
        ("head", True),
        ("deputy", True),
        ("school_staff", True),
        ("other_head", False),
        ("other_school_staff", False),
        ("bureau", False),
        ("city", False),
        ("plain", False),
        ("admin", False),
    ],
)
def test_file_matrix(world, setup, who, seen):  # noqa: F811
    client = client_for(setup[who])
    for url in _urls(world, setup["file"]):
        response = client.get(url)
        assert response.status_code == (200 if seen else 404), (who, url)
        if not seen:
            body = response.content.decode()
            assert NAME not in body and GUARDIAN not in body
    # A write from outside is refused the same way and writes nothing.
    response = client.post(
        reverse("classwork-leftbehind-activity", args=[setup["file"].uid]), {"on": "2026-11-01", "title": "家访"}
    )
    if not seen:
        assert response.status_code == 404
        assert not LeftBehindActivity.objects.filter(title="家访").exists()


def test_head_teacher_reads_without_reason_and_each_read_is_audited(world, setup):  # noqa: F811
    client = client_for(setup["head"])
    url = reverse("classwork-leftbehind-file", args=[setup["file"].uid])
    for n in (1, 2):
        body = client.get(url).content.decode()
        assert GUARDIAN in body and "生日会" in body and "情绪稳定" in body
        assert _reads(setup["file"]).count() == n
    entry = _reads(setup["file"]).latest("id")
    assert entry.actor == setup["head"] and entry.changes["reason"] == ""
    # The audit names the class, never the minor.
    assert NAME not in entry.target_label and NAME not in str(entry.changes)


@pytest.mark.parametrize("who", ["school_staff", "deputy"])
def test_reason_is_asked_once_a_session_and_kept_in_the_audit(world, setup, who):  # noqa: F811
    client = client_for(setup[who])
    url = reverse("classwork-leftbehind-file", args=[setup["file"].uid])
    response = client.get(url)
    body = response.content.decode()
    assert 'data-testid="leftbehind-reason-form"' in body
    assert GUARDIAN not in body and "生日会" not in body
    assert not _reads(setup["file"]).exists()
    # An empty reason is refused and the file stays closed.
    response = client.post(url, {"access_reason": " "})
    assert response.status_code == 400 and GUARDIAN not in response.content.decode()
    response = client.post(url, {"access_reason": "准备家访"})
    assert response.status_code == 302 and response["Location"] == url
    body = client.get(url).content.decode()
    assert GUARDIAN in body and "准备家访" in body
    assert client.get(url).status_code == 200
    reads = list(_reads(setup["file"]).order_by("id"))
    assert len(reads) == 2
    assert {r.changes["reason"] for r in reads} == {"准备家访"}
    assert reads[0].actor == setup[who]
    # The reason holds for the session's later reads, of another file and of the export too.
    second = Pupil.objects.create(school_class=world.class_a, name="张浩然", gender="M", left_behind=True)
    other_file = LeftBehindFile.objects.create(
        pupil=second, guardian_name="张爷爷", guardian_relation="祖父", parents_work="浙江", contact_plan="每周电话"
    )
    body = client.get(reverse("classwork-leftbehind-file", args=[other_file.uid])).content.decode()
    assert "张爷爷" in body and 'data-testid="leftbehind-reason-form"' not in body
    assert _reads(other_file).get().changes["reason"] == "准备家访"
    export = client.get(reverse("classwork-leftbehind-export", args=[world.class_a.uid]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    # A new session asks again.
    assert 'data-testid="leftbehind-reason-form"' in client_for(setup[who]).get(url).content.decode()


def test_export_is_audited_and_asks_a_reason(world, setup):  # noqa: F811
    url = reverse("classwork-leftbehind-export", args=[world.class_a.uid])
    response = client_for(setup["head"]).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = load_workbook(io.BytesIO(response.content))
    values = [cell for row in sheets.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert NAME in values and GUARDIAN in values
    assert "生日会" in [c for row in sheets.worksheets[1].iter_rows(values_only=True) for c in row]
    exports = AuditEntry.objects.filter(action="classwork.leftbehind.exported")
    assert exports.count() == 1 and exports.get().changes == {"files": 1, "reason": ""}
    staff = client_for(setup["school_staff"])
    response = staff.get(url)
    assert 'data-testid="leftbehind-reason-form"' in response.content.decode()
    assert exports.count() == 1
    assert staff.post(url, {"access_reason": "学校留守儿童工作检查"}).status_code == 302
    assert staff.get(url).status_code == 200
    assert exports.count() == 2 and exports.latest("id").changes["reason"] == "学校留守儿童工作检查"


def _new(client, world, pupil, **extra):  # noqa: F811
    data = {
        "pupil": pupil.uid,
        "guardian_name": "王奶奶",
        "guardian_relation": "外祖母",
        "parents_work": "上海",
        "contact_plan": "每周电话",
        **extra,
    }
    return client.post(reverse("classwork-leftbehind-new", args=[world.class_a.uid]), data)


def test_file_refused_for_unflagged_or_other_class_pupils_keeping_what_was_typed(world, setup):  # noqa: F811
    client = client_for(setup["head"])
    plain = Pupil.objects.create(school_class=world.class_a, name="林一", gender="M")
    stranger = Pupil.objects.create(school_class=setup["other_class"], name="林二", gender="M", left_behind=True)
    response = _new(client, world, plain)
    body = response.content.decode()
    assert response.status_code == 400
    assert "这名学生未标记为留守儿童" in body and "王奶奶" in body and "每周电话" in body
    response = _new(client, world, stranger)
    assert response.status_code == 400 and "这名学生不在本班" in response.content.decode()
    response = _new(client, world, setup["pupil"])
    assert response.status_code == 400 and "这名学生已有留守儿童档案" in response.content.decode()
    assert LeftBehindFile.objects.count() == 1
    flagged = Pupil.objects.create(school_class=world.class_a, name="林三", gender="F", left_behind=True)
    response = _new(client, world, flagged)
    assert response.status_code == 302
    made = LeftBehindFile.objects.get(pupil=flagged)
    assert AuditEntry.objects.filter(action="classwork.leftbehind.created", target_id=str(made.uid)).exists()


def test_rows_and_edit_are_audited_and_a_future_date_refused(world, setup):  # noqa: F811
    client = client_for(setup["head"])
    file = setup["file"]
    url = reverse("classwork-leftbehind-activity", args=[file.uid])
    response = client.post(url, {"on": "2026-12-01", "title": "亲情电话"})
    assert response.status_code == 400 and "尚未到来" in response.content.decode()
    assert "亲情电话" in response.content.decode()
    assert client.post(url, {"on": "2026-11-10", "title": "亲情电话"}).status_code == 302
    note = reverse("classwork-leftbehind-note", args=[file.uid])
    assert client.post(note, {"on": "2026-11-11", "text": "安排同桌结对"}).status_code == 302
    edit = reverse("classwork-leftbehind-edit", args=[file.uid])
    data = {"guardian_name": "李桂芳", "guardian_relation": "祖母", "parents_work": "浙江宁波", "contact_plan": "每周"}
    assert client.post(edit, data).status_code == 302
    file.refresh_from_db()
    assert file.parents_work == "浙江宁波" and file.activities.count() == 2 and file.notes.count() == 2
    actions = set(AuditEntry.objects.filter(target_id=str(file.uid)).values_list("action", flat=True))
    assert {"classwork.leftbehind.activity", "classwork.leftbehind.note", "classwork.leftbehind.edited"} <= actions
    # The family's details stay out of the audit log, which a bureau reads.
    for entry in AuditEntry.objects.filter(target_id=str(file.uid)):
        assert all(word not in str(entry.changes) for word in ("李桂芳", "浙江宁波", "亲情电话", "安排同桌结对"))
    log = client_for(setup["city"]).get(reverse("accounts-audit-log")).content.decode()
    assert "留守儿童档案：修改" in log and "父母务工地" in log
    assert all(word not in log for word in (NAME, "李桂芳", "浙江宁波", "亲情电话", "安排同桌结对"))


def test_unflagging_keeps_the_file_and_hides_it(world, setup):  # noqa: F811
    client = client_for(setup["head"])
    Pupil.objects.filter(pk=setup["pupil"].pk).update(left_behind=False)
    assert client.get(reverse("classwork-leftbehind-file", args=[setup["file"].uid])).status_code == 404
    body = client.get(reverse("classwork-leftbehind", args=[world.class_a.uid])).content.decode()
    assert "1 份这样的档案在本班隐藏保存" in body and NAME not in body
    assert LeftBehindFile.objects.filter(pk=setup["file"].pk).exists()


def test_bureau_counts_per_school_without_names(world, setup):  # noqa: F811
    Pupil.objects.create(school_class=world.class_a, name="林四", gender="M", left_behind=True)
    client = client_for(setup["city"])
    response = client.get(reverse("classwork-leftbehind-counts"))
    body = response.content.decode()
    assert response.status_code == 200
    assert NAME not in body and "林四" not in body and GUARDIAN not in body
    row = next(r for r in response.context["rows"] if r["school"] == world.school_a)
    assert (row["flagged"], row["kept"], row["active"]) == (2, 1, 1)
    assert world.school_b.name in body
    # An activity before this semester does not count for this semester.
    LeftBehindActivity.objects.update(on=dt.date(2026, 6, 1))
    row = next(
        r for r in client.get(reverse("classwork-leftbehind-counts")).context["rows"] if r["school"] == world.school_a
    )
    assert row["active"] == 0
    # Another district's bureau sees only its own schools.
    other = client_for(world.district_b_staff).get(reverse("classwork-leftbehind-counts")).content.decode()
    assert world.school_a.name not in other and world.school_b.name in other
    for who in ("school_staff", "head", "plain"):
        assert client_for(setup[who]).get(reverse("classwork-leftbehind-counts")).status_code == 403
    # The bureau's menu leads there.
    home = client.get("/home/").content.decode()
    assert reverse("classwork-leftbehind-counts") in home


def test_query_budgets(world, setup, django_assert_max_num_queries):  # noqa: F811
    for n in range(30):
        pupil = Pupil.objects.create(school_class=world.class_a, name=f"学生{n}", gender="M", left_behind=True)
        file = LeftBehindFile.objects.create(
            pupil=pupil, guardian_name="某", guardian_relation="祖父", parents_work="外地", contact_plan="电话"
        )
        LeftBehindActivity.objects.create(file=file, on=dt.date(2026, 10, 1), title="活动")
    for n in range(20):
        School.objects.create(name=f"学校{n}", code=f"X-{n}", region=world.district_b, has_primary=True)
    head, city = client_for(setup["head"]), client_for(setup["city"])
    with django_assert_max_num_queries(15):
        assert head.get(reverse("classwork-leftbehind", args=[world.class_a.uid])).status_code == 200
    with django_assert_max_num_queries(15):
        assert city.get(reverse("classwork-leftbehind-counts")).status_code == 200
    with django_assert_max_num_queries(15):
        assert head.get(reverse("classwork-leftbehind-file", args=[file.uid])).status_code == 200
    with django_assert_max_num_queries(20):
        assert head.get(reverse("classwork-leftbehind-export", args=[world.class_a.uid])).status_code == 200


def test_demo_gives_the_flagged_pupils_files_once(world):  # noqa: F811
    from hts.classwork.demo import seed

    make_school_year(world.city, 2026)
    today = dt.date(2026, 11, 27)
    assert seed(world.province, today) > 8
    files = LeftBehindFile.objects.select_related("pupil")
    assert sorted(f.pupil.name for f in files) == ["张浩然", "陈雨桐"]
    assert all(f.activities.exists() and f.notes.exists() for f in files)
    assert seed(world.province, today) == 0
    assert LeftBehindFile.objects.count() == 2 and LeftBehindActivity.objects.count() == 2


def test_a_pupils_request_exports_their_file_and_erasure_clears_it_keeping_the_counts(world, setup):  # noqa: F811
    """Retention (point 6) reaches the files: the office's export on a verified request carries the file,
    and erasure leaves no word of the guardian or the family while the file and its dated rows stay."""
    from hts.classwork.leftbehind import bureau_counts

    pupil, file = setup["pupil"], setup["file"]
    client = client_for(setup["school_staff"])
    request = {"reference": "申请-2026-07", "note": "母亲持户口簿到校核实"}
    url = reverse("classwork-pupil-request", args=[pupil.uid])
    exported = client.post(url, {"what": "export", "confirmed": "1", **request})
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content))["留守儿童档案"]
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert GUARDIAN in cells and "广东东莞" in cells and "生日会" in cells and "情绪稳定" in cells

    before = bureau_counts(setup["city"], TODAY, 50)
    assert client.post(url, {"what": "erase", "confirmed": "1", **request}).status_code == 302
    file.refresh_from_db()
    texts = [file.guardian_name, file.guardian_relation, file.parents_work, file.contact_plan]
    texts += [a.title + a.notes for a in file.activities.all()] + [n.text for n in file.notes.all()]
    for word in (GUARDIAN, "祖母", "广东东莞", "每两周视频一次", "生日会", "情绪稳定"):
        assert all(word not in text for text in texts), word
    assert file.activities.count() == 1 and file.notes.count() == 1
    assert bureau_counts(setup["city"], TODAY, 50) == before
