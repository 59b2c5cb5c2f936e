"""The suggestion box through the pages: send (named or anonymous) to the school or a bureau, the
receiver's queue with consider / adopt / decline and the answer, the sender following it and told of
each step; the bureau's counts by school and state; anonymity at page, export and audit level; the
refusals per role."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from hts.accounts.models import Role
from hts.core.models import AuditEntry
from hts.notifications.models import Notification
from hts.portal.ideas import services
from hts.portal.ideas.models import Suggestion
from hts.portal.models import PortalPolicy
from testkit import World, client_for, make_teacher, make_user

pytestmark = pytest.mark.django_db


def _send(client: Any, *, to: str = "school", anonymous: bool = False, title: str = "增设班主任午休室") -> Any:
    data = {"kind": "idea", "to": to, "title": title, "body": "建议每栋教学楼设一间午休室。"}
    if anonymous:
        data["anonymous"] = "on"
    return client.post(reverse("portal-ideas-new"), data)


def _xlsx_text(response: Any) -> str:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)


def test_named_suggestion_to_the_school_is_answered_and_followed(world: World) -> None:
    sender = client_for(world.teacher_user)
    assert _send(sender).status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.to_school == world.school_a and suggestion.status == "received"
    assert Notification.objects.filter(recipient=world.school_staff, title__contains="李红").exists()
    office = client_for(world.school_staff)
    inbox = office.get(reverse("portal-ideas-inbox"))
    assert "增设班主任午休室" in inbox.text and "李红" in inbox.text
    url = reverse("portal-ideas-received", args=[suggestion.uid])
    assert office.post(url, {"decision": "consider", "answer": "德育处正在调研"}).status_code == 302
    assert office.post(url, {"decision": "adopt", "answer": ""}).status_code == 400  # the answer is required
    assert office.post(url, {"decision": "adopt", "answer": "下学期起在三栋楼设午休室。"}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "adopted" and suggestion.answered_by == world.school_staff
    # A decided suggestion is not decided again.
    assert office.post(url, {"decision": "decline", "answer": "再议"}).status_code == 400
    assert Notification.objects.filter(recipient=world.teacher_user).count() == 2
    mine = sender.get(reverse("portal-ideas-mine-detail", args=[suggestion.uid]))
    assert "下学期起在三栋楼设午休室。" in mine.text and "已采纳" in mine.text and "研究办理中" in mine.text
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"ideas.send", "ideas.consider", "ideas.decide"}


def test_anonymous_suggestion_to_the_bureau_never_shows_its_sender(world: World) -> None:
    teacher = make_teacher(world.school_a, "钱晓燕", mobile="13912345678")
    user = make_user("qianxiaoyan", teacher=teacher)
    sender = client_for(user)
    assert _send(sender, to=str(world.district_a.uid), anonymous=True, title="请支持心理健康培训").status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.to_region == world.district_a and suggestion.origin_school is None
    identifying = ["钱晓燕", "qianxiaoyan", "福田实验小学", "13912345678"]
    bureau = client_for(world.district_staff)
    note = Notification.objects.get(recipient=world.district_staff)
    assert not any(word in note.title + note.body for word in identifying)
    pages = [
        bureau.get(reverse("portal-ideas-inbox")),
        bureau.get(reverse("portal-ideas-received", args=[suggestion.uid])),
        bureau.get(reverse("portal-ideas-counts")),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "请支持心理健康培训" in page.text or page is pages[2]
        for word in identifying:
            assert word not in page.text, word
    for url in (reverse("portal-ideas-inbox") + "?format=xlsx", reverse("portal-ideas-counts") + "?format=xlsx"):
        text = _xlsx_text(bureau.get(url))
        for word in identifying:
            assert word not in text, (url, word)
    assert "请支持心理健康培训" in _xlsx_text(bureau.get(reverse("portal-ideas-inbox") + "?format=xlsx"))
    # The audit log the bureau reads names no one and keeps no address for the sending.
    entry = AuditEntry.objects.get(action="ideas.send")
    assert entry.actor is None and entry.ip is None and "qianxiaoyan" not in entry.actor_label
    log = bureau.get(reverse("accounts-audit-log"))
    row = next(line for line in log.text.split("<tr") if '事件">金点子信箱：提交金点子<' in line)
    assert "匿名提交人" in row and "钱晓燕" not in row and "qianxiaoyan" not in row
    # The sender still follows it and is told when it is answered.
    bureau.post(reverse("portal-ideas-received", args=[suggestion.uid]), {"decision": "consider", "answer": ""})
    assert Notification.objects.filter(recipient=user, title__contains="研究办理中").exists()
    assert "请支持心理健康培训" in sender.get(reverse("portal-ideas-mine")).text


def test_anonymous_to_the_school_is_counted_under_it_but_names_no_one(world: World) -> None:
    _send(client_for(world.teacher_user), anonymous=True, title="匿名建议")
    office = client_for(world.school_staff)
    page = office.get(reverse("portal-ideas-received", args=[Suggestion.objects.get().uid]))
    assert "匿名建议" in page.text and "李红" not in page.text
    counts = client_for(world.city_staff).get(reverse("portal-ideas-counts"))
    assert "福田实验小学" in counts.text and "李红" not in counts.text


def test_the_bureau_counts_by_school_and_state(world: World, django_assert_max_num_queries: Any) -> None:
    teacher_a2 = make_user("a2", teacher=make_teacher(world.school_a2, "周老师"))
    _send(client_for(world.teacher_user), title="一")
    _send(client_for(world.teacher_user), title="二")
    _send(client_for(teacher_a2), title="三")
    _send(client_for(world.outsider_teacher_user), title="四")
    first = Suggestion.objects.get(title="一")
    services.suggestion_decide(actor=world.school_staff, suggestion=first, adopted=False, answer="经费不足")
    city = client_for(world.city_staff)
    city.get(reverse("portal-ideas-counts"))
    with django_assert_max_num_queries(10):
        page = city.get(reverse("portal-ideas-counts"))
    rows = {row.school: row.in_order() for row in page.context["rows"]}
    assert rows["福田实验小学"] == [1, 0, 0, 1]
    assert rows["福田中学"] == [1, 0, 0, 0]
    assert rows["南山外国语学校"] == [1, 0, 0, 0]
    # Another district's bureau sees its own schools only.
    other = client_for(world.district_b_staff).get(reverse("portal-ideas-counts"))
    assert "福田实验小学" not in other.text and "南山外国语学校" in other.text
    export = _xlsx_text(city.get(reverse("portal-ideas-counts") + "?format=xlsx"))
    assert "福田中学" in export and "李红" not in export


def test_refusals_per_role(world: World) -> None:
    _send(client_for(world.teacher_user), title="给本校")
    _send(client_for(world.teacher_user), to=str(world.district_a.uid), title="给区教育局")
    to_school = Suggestion.objects.get(title="给本校")
    to_bureau = Suggestion.objects.get(title="给区教育局")
    school_b_office = client_for(make_user("office_b", Role.SCHOOL_STAFF, school=world.school_b))
    district_b = client_for(world.district_b_staff)
    for client in (school_b_office, district_b):
        for suggestion in (to_school, to_bureau):
            url = reverse("portal-ideas-received", args=[suggestion.uid])
            assert client.get(url).status_code == 404
            assert client.post(url, {"decision": "adopt", "answer": "越权"}).status_code == 404
        inbox = client.get(reverse("portal-ideas-inbox"))
        assert "给本校" not in inbox.text and "给区教育局" not in inbox.text
    # The school's office does not answer what went to the bureau, nor the bureau the school's.
    assert client_for(world.school_staff).get(reverse("portal-ideas-received", args=[to_bureau.uid])).status_code == 404
    assert (
        client_for(world.district_staff).get(reverse("portal-ideas-received", args=[to_school.uid])).status_code == 404
    )
    # A plain teacher of another region: no queue, and not someone else's suggestion.
    outsider = client_for(world.outsider_teacher_user)
    assert outsider.get(reverse("portal-ideas-inbox")).status_code == 403
    assert outsider.get(reverse("portal-ideas-counts")).status_code == 403
    assert outsider.get(reverse("portal-ideas-mine-detail", args=[to_school.uid])).status_code == 404
    assert client_for(world.legal_rep).get(reverse("portal-ideas-new")).status_code == 403
    assert client_for(world.school_staff).get(reverse("portal-ideas-counts")).status_code == 403
    # Only to one's own school or a bureau above it.
    refused = _send(client_for(world.teacher_user), to=str(world.district_b.uid), title="越界")
    assert refused.status_code == 400 and not Suggestion.objects.filter(title="越界").exists()
    assert Suggestion.objects.filter(status="received").count() == 2


def test_sensitive_words_are_refused(world: World) -> None:
    PortalPolicy.objects.create(region=world.city, sensitive_words="违禁词")
    response = client_for(world.teacher_user).post(
        reverse("portal-ideas-new"), {"kind": "idea", "to": "school", "title": "建议", "body": "含有违禁词"}
    )
    assert response.status_code == 400 and "违禁词" in response.text and not Suggestion.objects.exists()


def test_query_budgets(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(30):
        services.suggestion_send(
            actor=world.teacher_user, kind="idea", title=f"建议{i}", body="内容", to_region=None, anonymous=i % 2 == 0
        )
    for client, url in (
        (client_for(world.teacher_user), reverse("portal-ideas-mine")),
        (client_for(world.school_staff), reverse("portal-ideas-inbox")),
        (client_for(world.school_staff), reverse("portal-ideas-received", args=[Suggestion.objects.first().uid])),
    ):
        client.get(url)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
