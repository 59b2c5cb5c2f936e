"""The Ganyu demo county for `seed_demo`: 江苏省 › 连云港市 › 赣榆县, the county of policy 001, on the
Ganyu template, with its towns, one county-town school and village schools, their head teachers with
service records of varied length (some under the 2 and 3 years of 001 8, so the gates show), classes
with head teachers and assistants, its bureau, its school years, and the accounts to try each corps
role. Each corps part, and then the class work log, tells its own story over this county (CORPS_DEMOS
below).

Idempotent like the rest of `seed_demo`: places by code, people by mobile, accounts by username; a
teacher's records are written only when the teacher is new. Written straight to the models except the
county's policy, which comes from the template through the studios service as a bureau would set it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from hts.accounts.models import Role, RoleAssignment, User
from hts.classwork import demo as classwork_demo
from hts.corps.appointment import demo as appointment_demo
from hts.corps.certificates import demo as certificates_demo
from hts.corps.gates import demo as gates_demo
from hts.corps.honours import demo as honours_demo
from hts.corps.models import CorpsPolicy
from hts.corps.ranks import demo as ranks_demo
from hts.corps.structure import demo as structure_demo
from hts.corps.trainee import demo as trainee_demo
from hts.corps.training import demo as training_demo
from hts.evaluation import demo as evaluation_demo
from hts.org.models import (
    Bureau,
    HeadTeacherService,
    Region,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Teacher,
)
from hts.studios.services import region_policy_from_template

# Administrative division codes (GB/T 2260; the towns' 9-digit codes of the statistical division list).
PROVINCE = ("江苏省", "320000")
CITY = ("连云港市", "320700")
COUNTY = ("赣榆县", "320721")
TOWNS = {
    "青口镇": "320721100",  # the county town
    "柘汪镇": "320721101",
    "海头镇": "320721106",
    "班庄镇": "320721109",
}

# The corps parts' demo stories over the county, in this order; each `seed(county, today) -> int`
# returns the records it created and creates nothing when run again. Add a part's seed here.
CORPS_DEMOS: list[Callable[[Region, dt.date], int]] = [
    certificates_demo.seed,
    gates_demo.seed,
    structure_demo.seed,
    trainee_demo.seed,
    training_demo.seed,
    appointment_demo.seed,
    ranks_demo.seed,
    honours_demo.seed,
    # Last: the class work log keeps the class whose head teacher the stories above have settled.
    classwork_demo.seed,
    # Then the school's monthly round proposes the rubric's items from that log.
    evaluation_demo.seed_classwork_round,
]


@dataclass(frozen=True)
class Person:
    """A teacher of the story. `head`: years as head teacher up to this school year's start (0: began
    this September; None: never); `ended`: school years since that service ended (None: serving);
    `grade` and `class_name`: the class they head (or assist, with `assists`)."""

    name: str
    gender: str
    birth_year: int
    subject: str
    title: str
    head: int | None = None
    ended: int | None = None
    grade: int | None = None
    assists: bool = False
    username: str = ""
    class_name: str = "1班"


# (code, name, town, stages (primary, junior), village, people); people in mobile order.
SCHOOLS: list[tuple[str, str, str, tuple[bool, bool], bool, list[Person]]] = [
    ("GY-01", "赣榆县实验小学", "青口镇", (True, False), False, [
        Person("徐海燕", "F", 1976, "语文", "中小学高级教师", head=18, grade=6, username="ganyu_chief"),
        Person("孙立新", "M", 1984, "数学", "中小学一级教师", head=9, grade=5, username="ganyu_teacher"),
        # Heads a class outside the appointment demo's posts (grades 1 and 2), so she stays a young
        # head teacher with her gates closed when the appointees take up their classes.
        Person("王晓萌", "F", 1999, "语文", "中小学二级教师", head=1, grade=3, class_name="2班", username="ganyu_young"),
        Person("刘梦", "F", 1997, "英语", "中小学二级教师", head=2, grade=3),
        Person("李娜", "F", 1988, "语文", "中小学一级教师", head=6, grade=4),
        Person("吴昊", "M", 1990, "数学", "中小学一级教师", head=4, grade=1),
        Person("张雨涵", "F", 2002, "音乐", "", grade=2, assists=True),
        Person("赵磊", "M", 2001, "体育", "", grade=4, assists=True),
        Person("陈静", "F", 1979, "语文", "中小学高级教师", head=14, ended=2),
        Person("周文博", "M", 1992, "信息技术", "中小学一级教师", username="ganyu_plain"),
    ]),
    ("GY-11", "赣榆县柘汪镇中心小学", "柘汪镇", (True, False), True, [
        Person("葛春梅", "F", 1980, "语文", "中小学高级教师", head=15, grade=6),
        Person("杨帆", "M", 1996, "数学", "中小学二级教师", head=1, grade=3),
        Person("宋丽", "F", 1989, "语文", "中小学一级教师", head=7, grade=1),
        Person("许佳", "F", 2000, "美术", "", grade=1, assists=True),
    ]),
    ("GY-21", "赣榆县海头镇中心小学", "海头镇", (True, False), True, [
        Person("董建国", "M", 1974, "数学", "中小学高级教师", head=22, grade=5),
        Person("韩雪", "F", 1995, "语文", "中小学二级教师", head=2, grade=2),
        Person("蒋秀英", "F", 1983, "英语", "中小学一级教师", head=10, grade=4),
    ]),
    ("GY-22", "赣榆县海头初级中学", "海头镇", (False, True), True, [
        Person("潘志强", "M", 1981, "物理", "中小学一级教师", head=12, grade=9),
        Person("袁婷", "F", 1998, "语文", "中小学二级教师", head=0, grade=7),
        Person("邵明", "M", 1986, "道德与法治", "中小学一级教师", head=5, grade=8),
        Person("崔丽华", "F", 1978, "历史", "中小学高级教师", head=11, ended=1),
    ]),
    ("GY-31", "赣榆县班庄镇中心小学", "班庄镇", (True, False), True, [
        Person("马玉兰", "F", 1982, "语文", "中小学一级教师", head=13, grade=6),
        Person("顾晨", "M", 1997, "数学", "中小学二级教师", head=1, grade=2),
        Person("毛欣怡", "F", 2001, "英语", "", grade=2, assists=True),
    ]),
]  # fmt: skip

# (username, full name, role, scope code): the staff accounts; the teachers' are on SCHOOLS.
STAFF_ACCOUNTS = [
    ("ganyu_bureau", "朱县育", Role.BUREAU_STAFF, COUNTY[1]),
    ("ganyu_school", "葛德育", Role.SCHOOL_STAFF, "GY-01"),
]

# For the README and the banner: what each Ganyu account shows.
ACCOUNT_LABELS = {
    "ganyu_bureau": "赣榆县教育局 County bureau staff (corps policy, certificates, gates)",
    "ganyu_school": "德育处 School staff (赣榆县实验小学: gates, chief head teacher, mentoring pairs)",
    "ganyu_chief": "首席班主任 Chief head teacher and mentor (赣榆县实验小学)",
    "ganyu_teacher": "班主任 Head teacher and mentor; certificate expiring soon",
    "ganyu_young": "青年班主任 Young head teacher in a mentoring pair (gates closed)",
    "ganyu_plain": "教师 Plain teacher (no class)",
}


def school_year_start(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def seed_ganyu(today: dt.date) -> int:
    created = 0
    province, new = _region(*PROVINCE, Region.Kind.PROVINCE, None)
    created += new
    city, new = _region(*CITY, Region.Kind.CITY, province)
    created += new
    county, new = _region(*COUNTY, Region.Kind.DISTRICT, city)
    created += new
    for place, bureau_name in ((city, "连云港市教育局"), (county, "赣榆县教育局")):
        _bureau, new = Bureau.objects.get_or_create(region=place, defaults={"name": bureau_name})
        created += new
    towns = {}
    for name, code in TOWNS.items():
        towns[name], new = _region(name, code, Region.Kind.TOWNSHIP, county)
        created += new
    created += _calendar(county, school_year_start(today))
    created += _policy(county)
    start = school_year_start(today)
    serial = 0
    for code, name, town, (primary, junior), village, people in SCHOOLS:
        school, new = School.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "region": towns[town],
                "has_primary": primary,
                "has_junior": junior,
                "village": village,
                "address": f"连云港市赣榆县{town}",
            },
        )
        created += new
        for person in people:
            serial += 1
            created += _teacher(school, person, f"1385180{serial:04d}", start)
    created += _accounts()
    for seed in CORPS_DEMOS:
        created += seed(county, today)
    return created


def _region(name: str, code: str, kind: str, parent: Region | None) -> tuple[Region, bool]:
    existing = Region.objects.filter(code=code).first()
    if existing:
        return existing, False
    node = Region(name=name, code=code, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
    node.path = node.compute_path()
    node.save()
    return node, True


def _calendar(county: Region, current: int) -> int:
    """赣榆县's own school years (its schools read them, not 连云港市's): autumn Sep 1 – Jan 25, spring
    Feb 20 – Jul 5; the last two and this one."""
    created = 0
    for start in range(current - 2, current + 1):
        year, new = SchoolYear.objects.get_or_create(
            region=county,
            starts_on=dt.date(start, 9, 1),
            defaults={"label": f"{start}—{start + 1}学年", "ends_on": dt.date(start + 1, 8, 31)},
        )
        created += new
        for kind, starts_on, ends_on in [
            (Semester.Kind.AUTUMN, dt.date(start, 9, 1), dt.date(start + 1, 1, 25)),
            (Semester.Kind.SPRING, dt.date(start + 1, 2, 20), dt.date(start + 1, 7, 5)),
        ]:
            _semester, new = Semester.objects.get_or_create(
                school_year=year, kind=kind, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )
            created += new
    return created


def _policy(county: Region) -> int:
    """The Ganyu template's region parts (corps policy, rubric, level weights), as the administrator
    would create them; skipped once the county has its corps policy."""
    if CorpsPolicy.objects.filter(region=county).exists():
        return 0
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    region_policy_from_template(actor=admin, region=county, template="ganyu")
    return 1


def _teacher(school: School, person: Person, mobile: str, start: int) -> int:
    teacher, new = Teacher.objects.get_or_create(
        mobile=mobile,
        defaults={
            "name": person.name,
            "gender": person.gender,
            "birth_year": person.birth_year,
            "school": school,
            "subject": person.subject,
            "title": person.title,
            "education": "master" if person.birth_year >= 1995 else "bachelor",
        },
    )
    if not new:
        return 0
    created = 1
    school_class = None
    if person.grade is not None:
        school_class, made = SchoolClass.objects.get_or_create(
            school=school,
            grade=person.grade,
            name=person.class_name,
            defaults={"stage": "junior" if person.grade > 6 else "primary"},
        )
        created += made
        # Head teachers and assistants may be written in either order: each fills its own seat.
        setattr(school_class, "deputy" if person.assists else "head_teacher", teacher)
        school_class.save()
    if person.head is not None:
        ended_on = dt.date(start - person.ended + 1, 7, 15) if person.ended else None
        HeadTeacherService.objects.create(
            teacher=teacher,
            school=school,
            school_class=None if person.assists else school_class,
            class_label="" if ended_on is None else f"{ended_on.year}届毕业班",
            started_on=dt.date(start - person.head, 9, 1),
            ended_on=ended_on,
        )
        created += 1
    return created


def _accounts() -> int:
    created = 0
    for username, full_name, role, scope in STAFF_ACCOUNTS:
        user, new = _user(username, full_name, None)
        created += new
        region = Region.objects.get(code=scope) if role == Role.BUREAU_STAFF else None
        school = School.objects.get(code=scope) if role == Role.SCHOOL_STAFF else None
        _assignment, new = RoleAssignment.objects.get_or_create(
            user=user, role=role, region=region, school=school, defaults={"valid_from": dt.date(2026, 1, 1)}
        )
        created += new
    serial = 0
    for _code, _name, _town, _stages, _village, people in SCHOOLS:
        for person in people:
            serial += 1
            if person.username:
                teacher = Teacher.objects.get(mobile=f"1385180{serial:04d}")
                created += _user(person.username, teacher.name, teacher)[1]
    return created


def _user(username: str, full_name: str, teacher: Teacher | None) -> tuple[User, bool]:
    user, new = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "teacher": teacher})
    if new:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    return user, new
