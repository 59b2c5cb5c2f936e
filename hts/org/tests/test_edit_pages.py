"""Creating and editing schools, teachers, honours, service records and classes."""

import datetime as dt

from hts.core.models import AuditEntry
from hts.org.models import HeadTeacherService, Honour, School, SchoolClass, Teacher, service_years
from testkit import World, client_for

SCHOOL = {"name": "福田新校", "code": "FT-09", "has_primary": "on", "address": ""}


def test_bureau_staff_create_a_school_in_their_region(world: World) -> None:
    response = client_for(world.district_staff).post("/org/schools/new/", {**SCHOOL, "region": world.district_a.pk})
    school = School.objects.get(code="FT-09")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="org.school.created")
    assert entry.actor == world.district_staff
    assert entry.region_path == world.district_a.path
    assert school.region == world.district_a


def test_a_school_outside_the_region_cannot_be_created(world: World) -> None:
    response = client_for(world.district_staff).post("/org/schools/new/", {**SCHOOL, "region": world.district_b.pk})
    assert response.status_code == 200  # the form comes back: that region is not a choice
    assert not School.objects.filter(code="FT-09").exists()


def test_a_school_without_a_stage_is_refused_and_the_input_kept(world: World) -> None:
    data = {**SCHOOL, "region": world.district_a.pk}
    del data["has_primary"]
    response = client_for(world.district_staff).post("/org/schools/new/", data)
    assert response.status_code == 200
    assert "至少" in response.content.decode()
    assert 'value="福田新校"' in response.content.decode()


def test_editing_a_school_logs_what_changed(world: World) -> None:
    data = {"name": "福田实验小学（新址）", "code": "FT-01", "region": world.district_a.pk, "has_primary": "on"}
    client_for(world.district_staff).post(f"/org/schools/{world.school_a.uid}/edit/", data)
    entry = AuditEntry.objects.get(action="org.school.updated")
    assert entry.changes["name"] == ["福田实验小学", "福田实验小学（新址）"]


TEACHER = {"name": "孙新", "gender": "F", "birth_year": "1990", "mobile": "13511112222", "subject": "语文"}


def test_school_staff_add_a_teacher_to_their_school(world: World) -> None:
    response = client_for(world.school_staff).post("/org/teachers/new/", {**TEACHER, "school": world.school_a.pk})
    assert response.status_code == 302
    assert Teacher.objects.get(mobile="13511112222").school == world.school_a


def test_bad_teacher_input_is_refused_field_by_field(world: World) -> None:
    data = {**TEACHER, "school": world.school_a.pk, "mobile": "1351111", "name": "名" * 31}
    response = client_for(world.school_staff).post("/org/teachers/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "11 位" in body
    assert "31" in body  # the over-long name says how long it is
    assert not Teacher.objects.filter(name__startswith="名").exists()


def test_a_duplicate_mobile_is_refused(world: World) -> None:
    data = {**TEACHER, "school": world.school_a.pk, "mobile": world.teacher_a.mobile}
    response = client_for(world.school_staff).post("/org/teachers/new/", data)
    assert response.status_code == 200
    assert Teacher.objects.filter(mobile=world.teacher_a.mobile).count() == 1


def test_school_staff_cannot_move_a_teacher_to_another_school(world: World) -> None:
    data = {**TEACHER, "mobile": world.teacher_a.mobile, "school": world.school_b.pk}
    response = client_for(world.school_staff).post(f"/org/teachers/{world.teacher_a.uid}/edit/", data)
    assert response.status_code == 200  # not a choice
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.school == world.school_a


def test_honours_are_added_and_deleted(world: World) -> None:
    client = client_for(world.school_staff)
    url = f"/org/teachers/{world.teacher_a.uid}/honours/"
    response = client.post(
        url, {"title": "优秀班主任", "level": "city", "awarded_on": "2024-09-10", "issuer": "深圳市教育局"}
    )
    assert response.status_code == 302
    honour = Honour.objects.get(teacher=world.teacher_a)
    assert honour.level == "city"
    client.post(f"/org/teachers/{world.teacher_a.uid}/honours/{honour.uid}/delete/")
    assert not Honour.objects.exists()
    assert AuditEntry.objects.filter(action="org.honour.deleted").exists()


def test_a_service_ending_before_it_starts_is_refused_and_the_form_kept(world: World) -> None:
    client = client_for(world.school_staff)
    data = {
        "school": world.school_a.pk,
        "class_label": "三年级2班",
        "started_on": "2020-09-01",
        "ended_on": "2019-07-01",
    }
    response = client.post(f"/org/teachers/{world.teacher_a.uid}/service/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "结束" in body
    assert 'value="三年级2班"' in body
    assert HeadTeacherService.objects.filter(teacher=world.teacher_a).count() == 1


def test_service_records_give_years_of_service(world: World) -> None:
    client = client_for(world.school_staff)
    data = {
        "school": world.school_a.pk,
        "class_label": "五年级1班",
        "started_on": "2010-09-01",
        "ended_on": "2013-07-01",
    }
    assert client.post(f"/org/teachers/{world.teacher_a.uid}/service/", data).status_code == 302
    detail = client.get(f"/org/teachers/{world.teacher_a.uid}/")
    records = HeadTeacherService.objects.filter(teacher=world.teacher_a)
    assert detail.context["service_years"] == service_years([(r.started_on, r.ended_on) for r in records])
    assert detail.context["service_years"] > 13


def test_the_teacher_sees_their_own_profile_with_full_mobile(world: World) -> None:
    body = client_for(world.teacher_user).get(f"/org/teachers/{world.teacher_a.uid}/").content.decode()
    assert "13800000001" in body
    assert "添加荣誉" not in body  # no edit forms for the teacher themself


def test_a_class_needs_its_head_teacher_to_teach_there(world: World) -> None:
    client = client_for(world.district_staff)
    response = client.post(
        f"/org/schools/{world.school_a.uid}/classes/new/",
        {"stage": "primary", "grade": 4, "name": "2班", "head_teacher": world.teacher_b.pk},
    )
    assert response.status_code == 200
    assert not SchoolClass.objects.filter(school=world.school_a, grade=4).exists()
    ok = client.post(
        f"/org/schools/{world.school_a.uid}/classes/new/",
        {"stage": "primary", "grade": 4, "name": "2班", "head_teacher": world.teacher_a.pk},
    )
    assert ok.status_code == 302
    assert SchoolClass.objects.get(school=world.school_a, grade=4).head_teacher == world.teacher_a


def test_a_stage_the_school_does_not_offer_is_refused(world: World) -> None:
    response = client_for(world.district_staff).post(
        f"/org/schools/{world.school_a.uid}/classes/new/", {"stage": "senior", "grade": 10, "name": "1班"}
    )
    assert response.status_code == 200
    assert not SchoolClass.objects.filter(school=world.school_a, grade=10).exists()


def test_service_years_counts_overlaps_once() -> None:
    today = dt.date(2026, 9, 1)
    periods = [(dt.date(2016, 9, 1), None), (dt.date(2018, 9, 1), dt.date(2020, 7, 1))]
    assert service_years(periods, today=today) == 10.0


def test_the_admin_adds_a_township_under_a_district(world: World) -> None:
    from hts.org.models import Region

    data = {
        "name": "华富街道",
        "code": "440304001",
        "kind": "township",
        "parent": world.district_a.pk,
        "bureau_name": "",
    }
    response = client_for(world.admin).post("/org/regions/new/", data)
    assert response.status_code == 302
    township = Region.objects.get(code="440304001")
    assert township.path == f"{world.district_a.path}440304001/"
    assert township.depth == world.district_a.depth + 1
    # The district's bureau staff now see it in their subtree.
    assert client_for(world.district_staff).get(f"/org/regions/{township.uid}/").status_code == 200
    assert client_for(world.district_b_staff).get(f"/org/regions/{township.uid}/").status_code == 404


def test_a_region_above_its_parent_or_with_a_taken_code_is_refused(world: World) -> None:
    client = client_for(world.admin)
    wrong_kind = {"name": "某市", "code": "440399", "kind": "city", "parent": world.district_a.pk}
    assert client.post("/org/regions/new/", wrong_kind).status_code == 200
    taken = {"name": "重复", "code": "440304", "kind": "township", "parent": world.district_a.pk}
    response = client.post("/org/regions/new/", taken)
    assert "已存在" in response.content.decode()
