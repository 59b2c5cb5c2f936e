"""A studio's archive links each member to their own archive only where the reader may open it."""

from __future__ import annotations

import datetime as dt

from hts.studios.models import Membership
from testkit import World, client_for, make_running_studio, make_teacher


def test_the_host_schools_staff_see_a_member_of_another_school_without_a_dead_link(world: World) -> None:
    studio = make_running_studio(world)
    assert studio.host_school == world.school_a
    other = make_teacher(world.school_b, "外校成员", serving_since=dt.date(2016, 9, 1))
    Membership.objects.create(studio=studio, role="member", teacher=other, status="active")
    url = f"/archives/studio/{studio.uid}/"
    staff = client_for(world.school_staff)
    page = staff.get(url).content.decode()
    assert "外校成员" in page and f"/archives/teacher/{other.uid}/" not in page
    assert staff.get(f"/archives/teacher/{other.uid}/").status_code == 404
    # The host school's own teacher (the host) stays a link; whoever reaches both schools gets both.
    assert f"/archives/teacher/{studio.host.uid}/" in page
    city = client_for(world.city_staff).get(url).content.decode()
    assert f"/archives/teacher/{other.uid}/" in city and f"/archives/teacher/{studio.host.uid}/" in city
