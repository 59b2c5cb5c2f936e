"""Reads of personal data leave a trace (issue 13, point 14): a teacher's detail page read by someone
else and every roster export write one audit entry (who, whom or what), and exports mask mobile
numbers except for the school staff of the teacher's own school, who keep the roster."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from hts.core.models import AuditEntry
from hts.org.models import mask_mobile
from testkit import World, client_for


def _mobiles(response: Any) -> dict[str, str]:
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    return {row[1]: row[0] for row in rows[1:]}


def test_each_view_of_a_teachers_detail_page_is_audited_with_who_and_whom(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.district_staff)
    client.get("/home/")
    for _n in range(3):
        assert client.get(f"/org/teachers/{world.teacher_a.uid}/").status_code == 200
    entries = AuditEntry.objects.filter(action="org.teacher.viewed")
    assert entries.count() == 3
    entry = entries.first()
    assert entry.actor == world.district_staff and entry.target_label == world.teacher_a.name
    assert entry.target_id == str(world.teacher_a.uid)
    # Seen by the auditors of the teacher's region.
    assert entry.region_path == world.district_a.path
    # Bounded: one insert per page view, whatever the page shows (the page's own budget is in
    # test_detail_budgets.py, which names the archive link and the overrides kept on the service records).
    with django_assert_max_num_queries(26):
        client.get(f"/org/teachers/{world.teacher_a.uid}/")


def test_reading_ones_own_profile_is_not_an_audited_read(world: World) -> None:
    assert client_for(world.teacher_user).get(f"/org/teachers/{world.teacher_a.uid}/").status_code == 200
    assert not AuditEntry.objects.filter(action="org.teacher.viewed").exists()


def test_a_refused_read_leaves_no_read_entry(world: World) -> None:
    assert client_for(world.school_staff).get(f"/org/teachers/{world.teacher_b.uid}/").status_code == 404
    assert not AuditEntry.objects.filter(action="org.teacher.viewed").exists()


def test_the_teacher_export_is_audited_and_masks_mobiles_for_the_bureau(world: World) -> None:
    response = client_for(world.city_staff).get("/org/rosters/teachers/export.xlsx", {"school": world.school_a.uid})
    mobiles = _mobiles(response)
    assert mobiles[world.teacher_a.name] == mask_mobile(world.teacher_a.mobile) == "138****0001"
    entry = AuditEntry.objects.get(action="org.roster.exported")
    assert entry.actor == world.city_staff
    assert entry.changes["kind"] == [None, "teachers"] and entry.changes["rows"] == [None, 1]
    assert entry.changes["full_mobiles"] == [None, 0]
    assert entry.changes["school"] == [None, str(world.school_a.uid)]
    assert entry.region_path == world.city.path


def test_the_schools_own_staff_get_full_mobiles_for_the_round_trip(world: World) -> None:
    mobiles = _mobiles(client_for(world.school_staff).get("/org/rosters/teachers/export.xlsx"))
    assert mobiles == {world.teacher_a.name: world.teacher_a.mobile}
    entry = AuditEntry.objects.get(action="org.roster.exported")
    assert entry.changes["full_mobiles"] == [None, 1]


def test_a_masked_export_reimported_is_refused_not_mismatched(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.district_staff)
    export = client.get("/org/rosters/teachers/export.xlsx")
    response = client.post(
        "/org/rosters/import/", {"kind": "teachers", "file": SimpleUploadedFile("t.xlsx", export.content)}
    )
    assert response.status_code == 400
    assert "138****0001" in response.content.decode()
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.mobile == "13800000001"


def test_the_school_export_is_audited_too(world: World) -> None:
    client_for(world.district_staff).get("/org/rosters/schools/export.xlsx", {"stage": "primary"})
    entry = AuditEntry.objects.get(action="org.roster.exported")
    assert entry.changes["kind"] == [None, "schools"] and entry.changes["stage"] == [None, "primary"]
    assert "full_mobiles" not in entry.changes
