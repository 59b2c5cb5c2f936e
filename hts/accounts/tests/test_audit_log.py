import datetime as dt
import io
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook

from hts.core.audit import audit_record
from hts.core.models import AuditEntry, ExportJob
from hts.studios.models import Membership
from testkit import World, client_for, make_running_studio


def test_bureau_staff_see_only_their_regions_entries(world: World) -> None:
    audit_record(actor=world.admin, action="org.school.updated", target=world.school_a)
    audit_record(actor=world.admin, action="org.school.updated", target=world.school_b)
    district = client_for(world.district_staff).get("/accounts/audit/", {"action": "org.school"})
    labels = [entry.target_label for entry in district.context["page"]]
    assert labels == [world.school_a.name]
    everything = client_for(world.admin).get("/accounts/audit/", {"action": "org.school"})
    assert {entry.target_label for entry in everything.context["page"]} == {world.school_a.name, world.school_b.name}


def test_a_change_through_a_page_is_logged_with_who_and_what(world: World) -> None:
    world.school_staff.full_name = "王校务"
    world.school_staff.save(update_fields=["full_name"])
    client = client_for(world.school_staff)
    data = {"name": "李红", "gender": "F", "birth_year": 1986, "mobile": "13800000001", "school": world.school_a.pk}
    client.post(f"/org/teachers/{world.teacher_a.uid}/edit/", data)
    page = client_for(world.district_staff).get("/accounts/audit/", {"q": "李红"}).content.decode()
    table = page.split('data-testid="audit-entries"')[1].split("</table>")[0]
    # The event, the field and the person by their names; the codes stay in the database.
    assert "教师：修改" in table and "org.teacher.updated" not in table
    assert "出生年份：1985 → 1986" in table and "birth_year" not in table
    assert "王校务" in table


def test_school_staff_cannot_read_the_audit_log(world: World) -> None:
    assert client_for(world.school_staff).get("/accounts/audit/").status_code == 403


def test_audit_log_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(120):
        audit_record(actor=world.admin, action="org.school.updated", target=world.school_a, changes={"n": [n, n + 1]})
    client = client_for(world.city_staff)
    client.get("/home/")
    # session, user, roles, count, one page of entries.
    with django_assert_max_num_queries(8):
        response = client.get("/accounts/audit/", {"page": 2})
    assert len(response.context["page"].object_list) == 50


def test_states_kinds_and_text_read_as_labels_without_markup(world: World) -> None:
    membership = Membership.objects.create(
        studio=make_running_studio(world), role="member", teacher=world.teacher_b, status="applied"
    )
    audit_record(
        actor=world.admin,
        action="studios.membership.admitted",
        target=membership,
        changes={"status": ["applied", "admitted"], "role": ["member", "mentor"]},
    )
    audit_record(
        actor=world.admin,
        action="archives.item.updated",
        target=world.school_a,
        target_label="<b>读书笔记</b>",
        changes={"body": ["<p>旧的<script>x</script></p>", "<p>新的</p>"]},
    )
    audit_record(actor=world.admin, action="someapp.thing.happened", target=world.school_a)
    page = client_for(world.admin).get("/accounts/audit/").content.decode()
    table = page.split('data-testid="audit-entries"')[1].split("</table>")[0]
    assert "成员资格：录取" in table
    assert "状态：已申报 → 主持人已录取" in table and "角色：成员 → 导师" in table
    assert "admitted" not in table and "applied" not in table and "member" not in table
    assert "<p>" not in table and "&lt;p&gt;" not in table and "&lt;b&gt;" not in table
    assert "读书笔记" in table and "新的" in table
    # An event no app has named reads as such, never as its code.
    assert "其他事件" in table and "someapp" not in table


def test_the_filters_narrow_by_person_event_object_and_dates(world: World) -> None:
    world.district_staff.full_name = "赵局"
    world.district_staff.save(update_fields=["full_name"])
    audit_record(actor=world.district_staff, action="org.school.updated", target=world.school_a)
    audit_record(actor=world.admin, action="org.teacher.updated", target=world.teacher_a)
    old = audit_record(actor=world.admin, action="org.school.updated", target=world.school_a)
    AuditEntry.objects.filter(pk=old.pk).update(at=dt.datetime(2020, 5, 1, 9, tzinfo=dt.UTC))
    client = client_for(world.admin)

    def found(**query: str) -> list[tuple[str, str]]:
        response = client.get("/accounts/audit/", query)
        assert response.status_code == 200
        return [(entry.action, entry.target_label) for entry in response.context["page"]]

    assert found(person="赵局") == [("org.school.updated", world.school_a.name)]
    assert found(event="org.teacher.") == [("org.teacher.updated", world.teacher_a.name)]
    assert found(target=world.teacher_a.name) == [("org.teacher.updated", world.teacher_a.name)]
    assert found(date_from="2020-05-01", date_to="2020-05-01") == [("org.school.updated", world.school_a.name)]
    assert len(found(date_from="2021-01-01", event="org.")) == 2
    # A mistyped date is shown as an error and the other filters still apply.
    response = client.get("/accounts/audit/", {"date_from": "2020-13-45", "person": "赵局"})
    assert response.status_code == 200 and response.context["form"].errors["date_from"]
    assert len(response.context["page"].object_list) == 1


def test_the_log_exports_to_excel_in_the_background_with_its_filters(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.school_staff.full_name = "王校务"
    world.school_staff.save(update_fields=["full_name"])
    audit_record(
        actor=world.school_staff,
        action="org.teacher.updated",
        target=world.teacher_a,
        changes={"birth_year": [1985, 1986]},
    )
    audit_record(actor=world.admin, action="org.school.updated", target=world.school_b)
    client = client_for(world.district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/audit/export/", {"event": "org.teacher."})
    job = ExportJob.objects.get(kind="accounts.audit_log")
    assert response.status_code == 302 and job.owner == world.district_staff
    assert job.status == "done", job.error
    with job.file.open("rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read()))["审计日志"].iter_rows(values_only=True))
    assert rows[0] == ("时间", "人员", "事件", "对象", "变更内容", "IP 地址")
    assert [row[1:5] for row in rows[1:]] == [("王校务", "教师：修改", world.teacher_a.name, "出生年份：1985 → 1986")]
    # The time is a date-time Excel sorts, in local time, to the second.
    entry = AuditEntry.objects.get(action="org.teacher.updated")
    local = timezone.localtime(entry.at).replace(tzinfo=None)
    assert isinstance(rows[1][0], dt.datetime) and abs((rows[1][0] - local).total_seconds()) < 1


def test_the_export_is_refused_to_whoever_may_not_read_the_log(world: World) -> None:
    assert client_for(world.school_staff).post("/accounts/audit/export/", {}).status_code == 403
    assert not ExportJob.objects.exists()
