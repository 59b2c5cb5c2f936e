from typing import Any

from hts.core.audit import audit_record
from testkit import World, client_for


def test_bureau_staff_see_only_their_regions_entries(world: World) -> None:
    audit_record(actor=world.admin, action="org.school.updated", target=world.school_a)
    audit_record(actor=world.admin, action="org.school.updated", target=world.school_b)
    district = client_for(world.district_staff).get("/accounts/audit/", {"action": "org.school"})
    labels = [entry.target_label for entry in district.context["page"]]
    assert labels == [world.school_a.name]
    everything = client_for(world.admin).get("/accounts/audit/", {"action": "org.school"})
    assert {entry.target_label for entry in everything.context["page"]} == {world.school_a.name, world.school_b.name}


def test_a_change_through_a_page_is_logged_with_who_and_what(world: World) -> None:
    client = client_for(world.school_staff)
    data = {"name": "李红", "gender": "F", "birth_year": 1986, "mobile": "13800000001", "school": world.school_a.pk}
    client.post(f"/org/teachers/{world.teacher_a.uid}/edit/", data)
    page = client_for(world.district_staff).get("/accounts/audit/", {"q": "李红"}).content.decode()
    assert "org.teacher.updated" in page
    assert "1985 → 1986" in page
    assert "school" in page  # the actor's username


def test_school_staff_cannot_read_the_audit_log(world: World) -> None:
    assert client_for(world.school_staff).get("/accounts/audit/").status_code == 403


def test_audit_log_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(120):
        audit_record(actor=world.admin, action="org.school.updated", target=world.school_a, changes={"n": [n, n + 1]})
    client = client_for(world.city_staff)
    client.get("/")
    # session, user, roles, count, one page of entries.
    with django_assert_max_num_queries(8):
        response = client.get("/accounts/audit/", {"page": 2})
    assert len(response.context["page"].object_list) == 50
