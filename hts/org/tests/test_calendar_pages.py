"""The calendar page of a region and the form that defines a school year with its two semesters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hts.core.models import AuditEntry
from hts.org.models import SchoolYear, Semester
from testkit import World, client_for, make_school_year

FORM = {
    "label": "2025—2026学年",
    "starts_on": "2025-09-01",
    "ends_on": "2026-08-31",
    "autumn_starts_on": "2025-09-01",
    "autumn_ends_on": "2026-01-20",
    "spring_starts_on": "2026-02-20",
    "spring_ends_on": "2026-07-10",
}


def _new(region: Any) -> str:
    return f"/org/regions/{region.uid}/calendar/new/"


def _page(region: Any) -> str:
    return f"/org/regions/{region.uid}/calendar/"


def test_bureau_staff_create_a_school_year_with_two_semesters(world: World) -> None:
    client = client_for(world.city_staff)
    assert client.get(_new(world.city)).status_code == 200
    response = client.post(_new(world.city), FORM)
    assert response.status_code == 302 and response["Location"] == _page(world.city)
    year = SchoolYear.objects.get(region=world.city)
    assert year.label == "2025—2026学年" and year.ends_on == dt.date(2026, 8, 31)
    assert [(s.kind, s.starts_on, s.ends_on) for s in year.semesters.all()] == [
        ("autumn", dt.date(2025, 9, 1), dt.date(2026, 1, 20)),
        ("spring", dt.date(2026, 2, 20), dt.date(2026, 7, 10)),
    ]
    assert AuditEntry.objects.get(action="org.school_year.created").actor == world.city_staff
    page = client.get(_page(world.city)).content.decode()
    assert "2025—2026学年" in page and "秋季学期" in page and "2026-07-10" in page


def test_district_staff_are_refused_outside_their_district(world: World) -> None:
    client = client_for(world.district_staff)
    assert client.get(_new(world.district_b)).status_code == 404
    assert client.post(_new(world.district_b), FORM).status_code == 404
    # The city is above them: they read its calendar but do not define it.
    assert client.get(_new(world.city)).status_code == 404
    assert client.post(_new(world.city), FORM).status_code == 404
    assert not SchoolYear.objects.exists()
    assert client.post(_new(world.district_a), FORM).status_code == 302
    assert SchoolYear.objects.get().region == world.district_a


def test_school_staff_may_read_the_calendar_but_not_define_it(world: World) -> None:
    make_school_year(world.city, 2025)
    client = client_for(world.school_staff)
    assert client.get(_new(world.district_a)).status_code == 403
    assert client.post(_new(world.district_a), FORM).status_code == 403
    assert SchoolYear.objects.count() == 1
    page = client.get(_page(world.district_a))
    assert page.status_code == 200
    assert "深圳市" in page.content.decode() and "新建学年" not in page.content.decode()
    assert client.get(_page(world.city)).status_code == 200  # the calendar their district follows
    assert client.get(_page(world.district_b)).status_code == 404  # another district's


def test_impossible_dates_are_refused_beside_their_fields_and_the_input_kept(world: World) -> None:
    client = client_for(world.city_staff)
    cases = [
        ({"ends_on": "2025-06-30"}, "ends_on", "学年结束日期须晚于开始日期"),
        ({"autumn_ends_on": "2025-08-01"}, "autumn_ends_on", "学期结束日期须晚于开始日期"),
        ({"autumn_starts_on": "2025-08-20"}, "autumn_starts_on", "学期不能早于所在学年的开始日期"),
        ({"spring_ends_on": "2026-09-10"}, "spring_ends_on", "学期不能晚于所在学年的结束日期"),
        ({"spring_starts_on": "2026-01-10"}, "spring_starts_on", "与秋季学期"),
        ({"spring_starts_on": "2025-09-01", "spring_ends_on": "2025-09-10"}, "spring_starts_on", "与秋季学期"),
    ]
    for change, field, message in cases:
        response = client.post(_new(world.city), {**FORM, **change})
        body = response.content.decode()
        assert response.status_code == 200, change
        errors = response.context["form"].errors
        assert list(errors) == [field], (change, errors)
        assert message in errors[field][0], (change, errors)
        assert message in body
        assert 'value="2025—2026学年"' in body
        for value in change.values():
            assert f'value="{value}"' in body  # what was typed comes back
    assert not SchoolYear.objects.exists() and not Semester.objects.exists()


def test_a_second_year_over_the_same_dates_is_refused(world: World) -> None:
    make_school_year(world.city, 2025)
    response = client_for(world.city_staff).post(_new(world.city), FORM)
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    assert SchoolYear.objects.count() == 1


def test_a_missing_date_is_refused_by_the_form(world: World) -> None:
    response = client_for(world.city_staff).post(_new(world.city), {**FORM, "spring_ends_on": ""})
    assert response.status_code == 200
    assert "spring_ends_on" in response.context["form"].errors
    assert not SchoolYear.objects.exists()


def test_a_district_page_shows_the_inherited_calendar_and_where_it_comes_from(world: World) -> None:
    make_school_year(world.city, 2025)
    response = client_for(world.district_staff).get(_page(world.district_a))
    body = response.content.decode()
    assert response.context["inherited"] and response.context["source"] == world.city
    assert "沿用深圳市的校历" in body
    assert "2025—2026学年" in body
    assert _page(world.city) in body  # a link to the calendar it follows
    assert _new(world.district_a) in body  # they may define their own


def test_a_region_without_a_calendar_says_so(world: World) -> None:
    response = client_for(world.city_staff).get(_page(world.city))
    assert response.status_code == 200
    assert response.context["source"] is None and response.context["years"] == []


def test_the_region_and_school_pages_link_to_the_calendar(world: World) -> None:
    body = client_for(world.district_staff).get(f"/org/regions/{world.district_a.uid}/").content.decode()
    assert _page(world.district_a) in body
    # School staff see no region pages: their school's page leads them to its region's calendar.
    body = client_for(world.school_staff).get(f"/org/schools/{world.school_a.uid}/").content.decode()
    assert _page(world.district_a) in body
    body = client_for(world.legal_rep).get(f"/org/schools/{world.school_a.uid}/").content.decode()
    assert _page(world.district_a) not in body


def test_calendar_page_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for start in range(2015, 2027):
        make_school_year(world.city, start)
    client = client_for(world.school_staff)
    client.get("/home/")
    # session, user, roles, the school's region (for the regions above it), the region, the region
    # whose calendar governs it, its school years, their semesters, session save (3).
    with django_assert_max_num_queries(11):
        response = client.get(_page(world.district_a))
    assert len(response.context["years"]) == 12
    bureau = client_for(world.city_staff)
    bureau.get("/home/")
    # session, user, roles, the region, the governing region, school years, semesters, session save (3).
    with django_assert_max_num_queries(10):
        assert bureau.get(_page(world.district_b)).status_code == 200
