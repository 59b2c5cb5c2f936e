"""Demo data: a city with its districts, schools, teachers, classes, and one account per role.

Idempotent: every record is matched by its natural key (region code, school code, mobile, username),
so running it again changes nothing. The demo accounts share settings.DEMO_PASSWORD and exist only
where this command ran. Written straight to the models: this is setup, not anyone's action.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from hts.accounts.models import Role, RoleAssignment, User
from hts.activities.demo import seed_activities, seed_reminders
from hts.archives.demo import seed_archives
from hts.demo.ganyu import ACCOUNT_LABELS as GANYU_ACCOUNTS
from hts.demo.ganyu import seed_ganyu
from hts.demo.portal import seed_portal
from hts.evaluation.demo import seed_evaluation
from hts.funds.demo import seed_funds
from hts.org.models import (
    Bureau,
    HeadTeacherService,
    Honour,
    Level,
    Region,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Teacher,
)
from hts.research.demo import seed_research
from hts.studios.demo import seed_studios

PROVINCE = ("广东省", "440000")
CITY = ("深圳市", "440300", "深圳市教育局")
DISTRICTS = [
    ("福田区", "440304", ["华富街道", "莲花街道"]),
    ("罗湖区", "440303", ["东门街道"]),
    ("南山区", "440305", ["粤海街道", "蛇口街道"]),
    ("宝安区", "440306", ["新安街道"]),
    ("龙岗区", "440307", ["坪地街道"]),
    ("盐田区", "440308", []),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万覃武钱戴严欧莫孔向汤"
GIVEN = "晓红丽华伟芳敏静燕军洋勇艳杰娟涛明超秀霞平刚桂英文辉玲建国志强海波春梅雪琴慧颖婷子涵思雨欣怡浩然宇轩嘉怡俊杰雅琪梓萱"
SUBJECTS = [
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "历史",
    "地理",
    "道德与法治",
    "音乐",
    "体育",
    "美术",
    "信息技术",
]
TITLES = ["中小学二级教师", "中小学一级教师", "中小学一级教师", "中小学高级教师", "正高级教师"]
SCHOOL_KINDS = [
    ("实验小学", (True, False, False)),
    ("外国语学校", (True, True, False)),
    ("中学", (False, True, True)),
    ("第二小学", (True, False, False)),
    ("实验学校", (True, True, False)),
]
HONOURS = [
    ("优秀班主任", Level.COUNTY, "区教育局"),
    ("优秀班主任", Level.CITY, "深圳市教育局"),
    ("德育先进工作者", Level.COUNTY, "区教育局"),
    ("师德标兵", Level.SCHOOL, "本校"),
    ("南粤优秀教师", Level.PROVINCE, "广东省教育厅"),
    ("十佳班主任", Level.CITY, "深圳市教育局"),
]
GRADES = {"primary": range(1, 7), "junior": range(7, 10), "senior": range(10, 13)}

# (username, full name, role, scope): the README and `make run` list these.
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", Role.SYSTEM_ADMIN, None),
    ("city_admin", "陈市德", Role.BUREAU_STAFF, "440300"),
    ("city_reviewer", "周评审", Role.BUREAU_STAFF, "440300"),
    ("district_admin", "李区育", Role.BUREAU_STAFF, "440304"),
    ("school_admin", "王校务", Role.SCHOOL_STAFF, "FT-01"),
    ("legal_rep", "赵法人", Role.LEGAL_REP, "FT-01"),
    ("teacher", None, None, None),
]


class Command(BaseCommand):
    help = "Load the demo city (idempotent) and print the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = self.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new records)."))
        self.stdout.write(accounts_banner())

    def seed(self) -> int:
        rng = random.Random(2026)  # noqa: S311 (demo data, not security)
        created = 0
        province, new = region("广东省", "440000", Region.Kind.PROVINCE, None)
        created += new
        city, new = region(CITY[0], CITY[1], Region.Kind.CITY, province)
        created += new
        Bureau.objects.get_or_create(region=city, defaults={"name": CITY[2]})
        schools: list[School] = []
        for district_name, code, townships in DISTRICTS:
            district, new = region(district_name, code, Region.Kind.DISTRICT, city)
            created += new
            Bureau.objects.get_or_create(region=district, defaults={"name": f"{district_name}教育局"})
            for index, township_name in enumerate(townships, start=1):
                _township, new = region(township_name, f"{code}{index:03d}", Region.Kind.TOWNSHIP, district)
                created += new
            prefix = {"440304": "FT", "440303": "LH", "440305": "NS", "440306": "BA", "440307": "LG", "440308": "YT"}[
                code
            ]
            short = district_name[:-1]
            for number, (kind, stages) in enumerate(SCHOOL_KINDS, start=1):
                school, new = School.objects.get_or_create(
                    code=f"{prefix}-{number:02d}",
                    defaults={
                        "name": f"深圳市{short}区{kind}" if number != 3 else f"深圳市{short}{kind}",
                        "region": district,
                        "has_primary": stages[0],
                        "has_junior": stages[1],
                        "has_senior": stages[2],
                        "village": prefix == "LG" and number == 4,
                        "address": f"深圳市{district_name}{short}路{number * 17}号",
                    },
                )
                created += new
                schools.append(school)
        # City-direct schools belong to the city itself.
        for number, name in enumerate(["深圳中学", "深圳实验学校", "深圳外国语学校"], start=1):
            school, new = School.objects.get_or_create(
                code=f"SZ-{number:02d}",
                defaults={"name": name, "region": city, "has_junior": True, "has_senior": True, "city_direct": True},
            )
            created += new
            schools.append(school)
        created += self.seed_teachers(rng, schools)
        created += self.seed_accounts()
        created += seed_calendar(city)
        created += seed_studios(User.objects.get(username="admin"))
        created += seed_activities()
        created += seed_funds()
        created += seed_reminders()
        created += seed_research()
        created += seed_archives()
        created += seed_evaluation()  # its observation files an archive item
        # The Ganyu county of 001 with the corps parts' stories (issue 14), apart from the city above.
        created += seed_ganyu(timezone.localdate())
        # Last: the studios' websites, the portal, forum, suggestion box and essay contest (issue 16).
        created += seed_portal(timezone.localdate())
        return created

    def seed_teachers(self, rng: random.Random, schools: list[School]) -> int:
        created = 0
        today = dt.date(2026, 9, 1)
        serial = 0
        for school in schools:
            stages = [stage.value for stage in school.stages]
            teachers = []
            for _ in range(10):
                serial += 1
                mobile = f"139{serial:08d}"
                teacher, new = Teacher.objects.get_or_create(
                    mobile=mobile,
                    defaults={
                        "name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2]))),
                        "gender": rng.choice(["F", "F", "M"]),
                        "birth_year": rng.randint(1970, 1998),
                        "school": school,
                        "subject": rng.choice(SUBJECTS),
                        "title": rng.choice(TITLES),
                        "education": rng.choice(["bachelor", "bachelor", "master", "college"]),
                    },
                )
                created += new
                teachers.append(teacher)
                if not new:
                    continue
                # About two in three are head teachers now; most have served before.
                years = rng.randint(0, min(25, 2020 - teacher.birth_year + 6))
                if years:
                    start = dt.date(today.year - years, 9, 1)
                    HeadTeacherService.objects.create(
                        teacher=teacher, school=school, started_on=start,
                        ended_on=None if rng.random() < 0.66 else dt.date(today.year - rng.randint(0, years - 1), 7, 15),
                    )  # fmt: skip
                for title, level, issuer in rng.sample(HONOURS, rng.randint(0, 2)):
                    Honour.objects.create(
                        teacher=teacher, title=title, level=level, issuer=issuer,
                        awarded_on=dt.date(rng.randint(2012, 2025), rng.choice([9, 12]), 10),
                    )  # fmt: skip
            serving = [t for t in teachers if t.service_records.filter(ended_on__isnull=True).exists()]
            for index, teacher in enumerate(serving[:6]):
                stage = stages[index % len(stages)]
                grade = list(GRADES[stage])[index % len(GRADES[stage])]
                school_class, new = SchoolClass.objects.get_or_create(
                    school=school, grade=grade, name=f"{index % 3 + 1}班",
                    defaults={"stage": stage, "head_teacher": teacher},
                )  # fmt: skip
                created += new
                if new:
                    HeadTeacherService.objects.filter(teacher=teacher, ended_on__isnull=True).update(
                        school_class=school_class
                    )
        return created

    def seed_accounts(self) -> int:
        created = 0
        for username, full_name, role, scope in DEMO_ACCOUNTS:
            teacher = None
            if username == "teacher":
                # The demo teacher is the first head teacher in post at the demo school.
                teacher = (
                    Teacher.objects.filter(school__code="FT-01", service_records__ended_on__isnull=True)
                    .order_by("mobile")
                    .first()
                )
                full_name = teacher.name if teacher else "教师"
            user, new = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
            if new:
                user.set_password(settings.DEMO_PASSWORD)
                user.teacher = teacher
                user.is_staff = role == Role.SYSTEM_ADMIN
                user.is_superuser = role == Role.SYSTEM_ADMIN
                user.save()
                created += 1
            if role is None:
                continue
            region = Region.objects.get(code=scope) if role == Role.BUREAU_STAFF else None
            school = School.objects.get(code=scope) if role in (Role.SCHOOL_STAFF, Role.LEGAL_REP) else None
            _assignment, new = RoleAssignment.objects.get_or_create(
                user=user, role=role, region=region, school=school, defaults={"valid_from": dt.date(2026, 1, 1)}
            )
            created += new
        return created


# The city's school years (start years); its districts inherit them.
SCHOOL_YEARS = [2024, 2025, 2026]


def seed_calendar(city: Region) -> int:
    """深圳市's school years: autumn semester Sep 1 – Jan 20, spring semester Feb 20 – Jul 10."""
    created = 0
    for start in SCHOOL_YEARS:
        year, new = SchoolYear.objects.get_or_create(
            region=city,
            starts_on=dt.date(start, 9, 1),
            defaults={"label": f"{start}—{start + 1}学年", "ends_on": dt.date(start + 1, 8, 31)},
        )
        created += new
        for kind, starts_on, ends_on in [
            (Semester.Kind.AUTUMN, dt.date(start, 9, 1), dt.date(start + 1, 1, 20)),
            (Semester.Kind.SPRING, dt.date(start + 1, 2, 20), dt.date(start + 1, 7, 10)),
        ]:
            _semester, new = Semester.objects.get_or_create(
                school_year=year, kind=kind, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )
            created += new
    return created


def region(name: str, code: str, kind: str, parent: Region | None) -> tuple[Region, bool]:
    existing = Region.objects.filter(code=code).first()
    if existing:
        return existing, False
    node = Region(name=name, code=code, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
    node.path = node.compute_path()
    node.save()
    return node, True


def accounts_banner() -> str:
    labels = {
        "admin": "系统管理员 System admin",
        "city_admin": "深圳市教育局 City bureau staff",
        "city_reviewer": "深圳市教育局评审 City bureau staff, reviewer",
        "district_admin": "福田区教育局 District bureau staff",
        "school_admin": "学校德育处 School staff (深圳市福田区实验小学)",
        "legal_rep": "学校法定代表人 Legal representative",
        "teacher": "班主任 Head teacher",
        "host": "工作室主持人 Studio host (“向阳花”名班主任工作室)",
        "mentor": "工作室导师 Studio mentor",
        "member": "工作室成员 Studio member",
        **GANYU_ACCOUNTS,
    }
    lines = ["", f"Demo accounts (password {settings.DEMO_PASSWORD}):"]
    lines += [f"  {username:<15} {label}" for username, label in labels.items()]
    return "\n".join(lines)
