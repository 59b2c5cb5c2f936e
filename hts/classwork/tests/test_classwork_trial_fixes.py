"""What a browser trial of the class work log found: labels that read in another domain's words, a
summary shown missing before it is due, a picker that hid who is still to be visited, policy inputs
that offered 0, and a photo told it was of the wrong type. Each through the pages a user takes."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils import timezone

from hts.classwork.models import ClassworkPolicy, Kind, LogEntry, Pupil
from hts.classwork.tests.test_classwork import GANYU
from hts.corps.models import CorpsPolicy
from hts.org.models import Semester
from testkit import client_for, isolated_media, make_school_year, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(world, monkeypatch):  # noqa: F811
    make_school_year(world.city, 2026)
    ClassworkPolicy.objects.create(region=world.city, **GANYU)
    return client_for(world.teacher_user)


def _today(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _label(html, name):
    match = re.search(rf'<label[^>]*for="id_{name}"[^>]*>(.*?)</label>', html, re.S)
    assert match is not None, name
    return match.group(1).strip()


def test_theme_meeting_and_pupil_forms_use_the_class_words(world, head, monkeypatch):  # noqa: F811
    _today(monkeypatch, dt.date(2026, 11, 16))
    page = head.get(reverse("classwork-entry-new", args=[world.class_a.uid, "theme_meeting"])).content.decode()
    assert _label(page, "title").startswith("班会主题") and "研究主题" not in page
    pupils = head.get(reverse("classwork-pupils", args=[world.class_a.uid])).content.decode()
    assert _label(pupils, "name").startswith("姓名")


def test_the_summary_is_pending_until_the_semesters_last_month(world, head, monkeypatch):  # noqa: F811
    url = reverse("classwork-log", args=[world.class_a.uid])
    _today(monkeypatch, dt.date(2026, 11, 16))  # the autumn semester ends on 2027-01-20
    page = head.get(url).content.decode()
    item = re.search(r'<li class="list-group-item ([^"]*)" data-state="(\w+)">本学期工作总结[^<]*</li>', page)
    assert item is not None and item.group(2) == "pending" and "text-danger" not in item.group(1)
    assert "本学期工作总结在学期末（1月）完成，尚未到期" in page
    assert "本学期工作总结尚未完成" not in page
    _today(monkeypatch, dt.date(2027, 1, 10))  # its last month: now it is missing
    page = head.get(url).content.decode()
    assert re.search(r'text-danger" data-state="missing">本学期工作总结尚未完成', page)


def test_the_visit_picker_lists_who_is_still_to_be_visited_first_marked(world, head, monkeypatch):  # noqa: F811
    day = dt.date(2026, 11, 16)
    _today(monkeypatch, day)
    visited = Pupil.objects.create(school_class=world.class_a, name="安小北", gender="M")
    Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F")
    Pupil.objects.create(school_class=world.class_a, name="张小明", gender="M")
    semester = Semester.objects.get(starts_on__lte=day, ends_on__gte=day)
    LogEntry.objects.create(
        school_class=world.class_a, semester=semester, kind=Kind.HOME_VISIT, on=day, pupil=visited,
        visit_mode="visit", notes="了解情况", recorded_by=world.teacher_user,
    )  # fmt: skip
    page = head.get(reverse("classwork-entry-new", args=[world.class_a.uid, "home_visit"])).content.decode()
    select = re.search(r'<select name="pupil"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    labels = [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))][1:]
    assert sorted(labels[:2]) == sorted(["陈小雨（本学期未家访）", "张小明（本学期未家访）"])
    assert labels[2:] == ["安小北"]


@pytest.mark.parametrize(("url_name", "model"), [("classwork-policy", ClassworkPolicy), ("corps-policy", CorpsPolicy)])
def test_policy_number_inputs_start_where_the_server_does(world, url_name, model):  # noqa: F811
    page = client_for(world.district_staff).get(reverse(url_name, args=[world.district_a.uid])).content.decode()
    inputs = {
        name: attrs
        for name, attrs in (
            (re.search(r'name="(\w+)"', tag).group(1), tag)  # type: ignore[union-attr]
            for tag in re.findall(r'<input type="number"[^>]*>', page)
        )
    }
    assert inputs
    for name, tag in inputs.items():
        floors = [v.limit_value for v in model._meta.get_field(name).validators if isinstance(v, MinValueValidator)]
        low = re.search(r'min="(\d+)"', tag)
        assert low is not None and [int(low.group(1))] == floors, (name, tag)
    assert any('min="1"' in tag for tag in inputs.values())


def test_a_photo_that_is_not_an_image_is_told_so(world, head, monkeypatch, isolated_media):  # noqa: F811
    day = dt.date(2026, 11, 16)
    _today(monkeypatch, day)
    url = reverse("classwork-entry-new", args=[world.class_a.uid, "theme_meeting"])
    fake = SimpleUploadedFile("班会.jpg", b"%PDF-1.4 not a photo" + b"\x00" * 40, content_type="image/jpeg")
    response = head.post(url, {"on": day.isoformat(), "title": "安全伴我行", "notes": "讨论", "photo": fake})
    assert response.status_code == 400
    page = response.content.decode()
    assert "“班会.jpg”的文件内容不是图片" in page and "不是允许的文件类型" not in page
    assert not LogEntry.objects.exists()
