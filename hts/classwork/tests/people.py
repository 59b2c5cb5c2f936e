"""The people around a class's log, for the class work tests: the class's head teacher and deputy, the head
teacher of another class of the school, the school's office, another school's office, a bureau, a plain
teacher and the system administrator (every role the permission matrix for pupils' data walks)."""

from __future__ import annotations

from typing import Any

from hts.org.models import SchoolClass
from testkit import World, make_teacher, make_user


def class_people(world: World) -> dict[str, Any]:
    """Makes class_a's deputy and a second class of school_a with its own head teacher; "other_class" is
    that class."""
    deputy = make_teacher(world.school_a, "赵副")
    world.class_a.deputy = deputy
    world.class_a.save()
    other = make_teacher(world.school_a, "钱老师")
    other_class = SchoolClass.objects.create(
        school=world.school_a, stage="primary", grade=3, name="2班", head_teacher=other
    )
    return {
        "other_class": other_class,
        "head": world.teacher_user,
        "deputy": make_user("deputy", teacher=deputy),
        "other_head": make_user("other_head", teacher=other),
        "school_staff": world.school_staff,
        "other_school_staff": make_user("staff_b", "school_staff", school=world.school_b),
        "bureau": world.district_staff,
        "city": world.city_staff,
        "plain": make_user("plain", teacher=make_teacher(world.school_a, "孙老师")),
        "admin": world.admin,
    }
