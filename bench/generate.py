"""Benchmark data: one city with its districts, ~9,000 teachers, one batch of 1,000 active studios,
and over one semester 100,000 activities with 1,000,000 attendance rows.

Written straight to the tables with bulk_create (setup, not anyone's action), except the batch,
which `batch_create` opens from the Shenzhen template so its policy and quota rules are the real ones.
Deterministic: the same seed and semester give the same rows (uids included).

Run through `python -m bench.run`; on its own, `python -m bench.generate --out FILE` migrates the
benchmark database (var/bench/) and fills it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

BUREAU_USERNAME = "bench_city"
ADMIN_USERNAME = "bench_admin"

DISTRICTS = [
    ("福田区", "440304"),
    ("罗湖区", "440303"),
    ("南山区", "440305"),
    ("盐田区", "440308"),
    ("宝安区", "440306"),
    ("龙岗区", "440307"),
    ("龙华区", "440309"),
    ("坪山区", "440310"),
    ("光明区", "440311"),
]
SCHOOL_KINDS = [
    ("实验小学", (True, False, False)),
    ("外国语学校", (True, True, False)),
    ("中学", (False, True, True)),
    ("第二小学", (True, False, False)),
    ("实验学校", (True, True, False)),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟"
GIVEN = "晓红丽华伟芳敏静燕军洋勇艳杰娟涛明超秀霞平刚桂英文辉玲建国志强海波春梅雪琴慧颖婷子涵思雨欣怡浩然宇轩嘉"
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "音乐", "体育", "美术"]

# Activity kinds a studio fills its term with, besides the ones its quotas name.
FILLER_KINDS = [
    "online_training",
    "collective_study",
    "expert_lecture",
    "class_meeting",
    "forum",
    "lesson_observation",
    "narrative",
    "research_seminar",
    "reading_club",
    "stage_report",
]


@dataclass(frozen=True)
class Scale:
    studios: int = 1_000
    members_per_studio: int = 8  # Shenzhen's members_max; with the host and a mentor, a team of 10
    mentors: int = 200  # each mentors several studios
    activities_per_studio: int = 100
    schools_per_district: int = 33
    city_direct_schools: int = 10
    struggling_share: float = 0.1  # studios that miss quotas, so the matrix has shortfalls to show
    activity_batch: int = 5_000
    attendance_batch: int = 20_000


@dataclass(frozen=True)
class Semester:
    school_year: int  # the year the school year starts (Sep 1)
    kind: str
    starts_on: dt.date
    ends_on: dt.date

    @property
    def month(self) -> dt.date:
        """A full month well inside the semester: the one the benchmark asks the matrix for."""
        day = self.starts_on + dt.timedelta(days=45)
        return day.replace(day=1)


def shenzhen_semesters(school_year: int) -> list[Semester]:
    """深圳's calendar (as seed_demo and make_school_year): autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10."""
    return [
        Semester(school_year, "autumn", dt.date(school_year, 9, 1), dt.date(school_year + 1, 1, 20)),
        Semester(school_year, "spring", dt.date(school_year + 1, 2, 20), dt.date(school_year + 1, 7, 10)),
    ]


def last_finished_semester(today: dt.date) -> Semester:
    """The latest semester over by `today`, so every period the matrix shows is settled (met or missed)."""
    candidates = [s for year in range(today.year - 2, today.year + 1) for s in shenzhen_semesters(year)]
    return max((s for s in candidates if s.ends_on < today), key=lambda s: s.ends_on)


@dataclass
class Result:
    semester: dict[str, Any]
    month: str
    bureau_username: str
    counts: dict[str, int]
    seconds: dict[str, float]


class Uids:
    """uuid4-shaped uids from the seeded generator, so two runs write identical rows."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed ^ 0x5EED)

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self._rng.getrandbits(128), version=4)


def generate(semester: Semester, *, seed: int = 2026, scale: Scale = Scale()) -> Result:
    from django.db import transaction

    rng = random.Random(seed)
    uid = Uids(seed)
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}

    started = time.perf_counter()
    with transaction.atomic():
        city, regions = _regions(uid)
        schools = _schools(uid, rng, city, regions, scale)
        admin, _bureau = _users(city)
        _calendar(city, semester, uid)
        counts["regions"], counts["schools"] = len(regions) + 2, len(schools)
    seconds["places, users, calendar"] = time.perf_counter() - started

    started = time.perf_counter()
    with transaction.atomic():
        teams = _studios(uid, rng, city, schools, admin, semester, scale, counts)
    seconds["teachers, batch, studios, teams"] = time.perf_counter() - started

    started = time.perf_counter()
    _activities(uid, rng, teams, semester, scale, counts)
    seconds["activities and attendance"] = time.perf_counter() - started

    return Result(
        semester={
            "school_year": semester.school_year,
            "kind": semester.kind,
            "starts_on": semester.starts_on.isoformat(),
            "ends_on": semester.ends_on.isoformat(),
        },
        month=semester.month.strftime("%Y-%m"),
        bureau_username=BUREAU_USERNAME,
        counts=counts,
        seconds=seconds,
    )


# Places, people and the calendar ------------------------------------------------------------------


def _region(uid: Uids, name: str, code: str, kind: str, parent: Any) -> Any:
    from hts.org.models import Bureau, Region

    region = Region(uid=uid(), name=name, code=code, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
    region.path = region.compute_path()
    region.save()
    Bureau.objects.create(uid=uid(), region=region, name=f"{name}教育局")
    return region


def _regions(uid: Uids) -> tuple[Any, list[Any]]:
    province = _region(uid, "广东省", "440000", "province", None)
    city = _region(uid, "深圳市", "440300", "city", province)
    return city, [_region(uid, name, code, "district", city) for name, code in DISTRICTS]


def _schools(uid: Uids, rng: random.Random, city: Any, districts: list[Any], scale: Scale) -> list[Any]:
    from hts.org.models import School

    rows = []
    placements = [(district, scale.schools_per_district) for district in districts]
    for district, count in [*placements, (city, scale.city_direct_schools)]:
        for n in range(1, count + 1):
            kind, (primary, junior, senior) = SCHOOL_KINDS[n % len(SCHOOL_KINDS)]
            name = f"深圳市{district.name if district != city else '直属'}第{n}{kind}"
            rows.append(
                School(
                    uid=uid(),
                    name=name,
                    code=f"B{district.code}-{n:03d}",
                    region=district,
                    has_primary=primary,
                    has_junior=junior,
                    has_senior=senior,
                    city_direct=district == city,
                    village=rng.random() < 0.05,
                )
            )
    return School.objects.bulk_create(rows)


def _users(city: Any) -> tuple[Any, Any]:
    from hts.accounts.models import Role, RoleAssignment, User

    admin = User.objects.create_user(username=ADMIN_USERNAME, full_name="基准管理员")
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN, valid_from=dt.date(2020, 1, 1))
    bureau = User.objects.create_user(username=BUREAU_USERNAME, full_name="基准市教育局")
    RoleAssignment.objects.create(user=bureau, role=Role.BUREAU_STAFF, region=city, valid_from=dt.date(2020, 1, 1))
    return admin, bureau


def _calendar(city: Any, semester: Semester, uid: Uids) -> None:
    """The city's school years around the benchmark's semester; its districts inherit them."""
    from hts.org.models import SchoolYear
    from hts.org.models import Semester as SemesterRow

    for start in range(semester.school_year - 1, semester.school_year + 2):
        year = SchoolYear.objects.create(
            uid=uid(),
            region=city,
            label=f"{start}—{start + 1}学年",
            starts_on=dt.date(start, 9, 1),
            ends_on=dt.date(start + 1, 8, 31),
        )
        for term in shenzhen_semesters(start):
            SemesterRow.objects.create(
                uid=uid(), school_year=year, kind=term.kind, starts_on=term.starts_on, ends_on=term.ends_on
            )


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


@dataclass
class Team:
    studio_id: int
    teacher_ids: list[int]
    struggling: bool


def _studios(
    uid: Uids,
    rng: random.Random,
    city: Any,
    schools: list[Any],
    admin: Any,
    semester: Semester,
    scale: Scale,
    counts: dict[str, int],
) -> list[Team]:
    from django.utils import timezone

    from hts.core.models import WorkflowTransition
    from hts.org.models import Teacher
    from hts.studios.models import Membership, Studio
    from hts.studios.services import batch_create

    hosts_and_members = scale.studios * (1 + scale.members_per_studio)
    teachers = Teacher.objects.bulk_create(
        Teacher(
            uid=uid(),
            name=_person_name(rng),
            gender=rng.choice("FFFM"),
            birth_year=rng.randint(1968, 1996),
            mobile=f"139{n:08d}",
            school=rng.choice(schools),
            subject=rng.choice(SUBJECTS),
        )
        for n in range(hosts_and_members + scale.mentors)
    )
    counts["teachers"] = len(teachers)
    mentors = teachers[hosts_and_members:]

    batch = batch_create(
        actor=admin,
        region=city,
        name="深圳市中小学名班主任工作室（基准批次）",
        tier="city",
        start_year=semester.school_year,
        cycle_years=None,
        template="shenzhen",
    )
    counts["quota rules"] = batch.policy.quota_rules.count()

    studios = []
    for n in range(scale.studios):
        host = teachers[n]
        school = host.school
        studios.append(
            Studio(
                uid=uid(),
                batch=batch,
                name=f"{host.name}名班主任工作室·{n + 1:04d}",
                stage=school.stages[0].value,
                theme="班级自主管理与家校共育",
                plan="三年工作计划：学期初计划会、每周线上研修、每月线下集体学习、学期末总结会。",
                host=host,
                host_school=school,
                status=Studio.Status.ACTIVE,
                standard_check=[],
            )
        )
    studios = Studio.objects.bulk_create(studios)
    counts["studios"] = len(studios)

    memberships, teams = [], []
    members = iter(teachers[scale.studios : hosts_and_members])
    for n, studio in enumerate(studios):
        team = [(studio.host, Membership.Role.HOST), (mentors[n % len(mentors)], Membership.Role.MENTOR)]
        team += [(next(members), Membership.Role.MEMBER) for _ in range(scale.members_per_studio)]
        for teacher, role in team:
            memberships.append(
                Membership(
                    uid=uid(),
                    studio=studio,
                    role=role,
                    teacher=teacher,
                    status=Membership.Status.ACTIVE,
                    source=Membership.Source.INVITED if role == Membership.Role.MENTOR else Membership.Source.SELF,
                    is_liaison=role == Membership.Role.MEMBER and teacher is team[2][0],
                    started_on=semester.starts_on,
                )
            )
        teams.append(Team(studio.pk, [t.pk for t, _role in team], rng.random() < scale.struggling_share))
    counts["memberships"] = len(Membership.objects.bulk_create(memberships, batch_size=2_000))

    # The workflow so far; quotas count from the move to "active" (授牌) on the first day of term.
    tz = timezone.get_current_timezone()
    steps = [
        ("draft", "applied", 150),
        ("applied", "under_review", 120),
        ("under_review", "approved", 30),
        ("approved", "active", 0),
    ]
    WorkflowTransition.objects.bulk_create(
        (
            WorkflowTransition(
                target_type="studios.studio",
                target_id=str(studio.uid),
                from_state=before,
                to_state=after,
                actor=admin,
                actor_label=admin.username,
            )
            for studio in studios
            for before, after, _days in steps
        ),
        batch_size=2_000,
    )
    for _before, after, days in steps:  # `at` is auto_now_add: date the moves afterwards
        at = dt.datetime.combine(semester.starts_on - dt.timedelta(days=days), dt.time(9), tzinfo=tz)
        WorkflowTransition.objects.filter(target_type="studios.studio", to_state=after).update(at=at)
    counts["workflow transitions"] = WorkflowTransition.objects.count()
    return teams


# Activities and attendance ------------------------------------------------------------------------


def _school_days(semester: Semester) -> list[dt.date]:
    day, days = semester.starts_on, []
    while day <= semester.ends_on:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _term_plan(rng: random.Random, days: list[dt.date], team: Team, total: int) -> list[tuple[dt.date, str, str, bool]]:
    """(day, kind, mode, with a publicity post) for one studio's term: what its quotas ask for, mostly
    kept (a struggling studio skips more), and filled up with other activities to `total`."""
    diligence = rng.uniform(0.5, 0.8) if team.struggling else rng.uniform(0.85, 1.0)
    publicity = 0.01 if team.struggling else 0.2
    offline = 0.1 if team.struggling else 0.5
    plan: list[tuple[dt.date, str, str]] = []
    once = [
        ("planning_meeting", days[:10]),
        ("summary_meeting", days[-10:]),
        ("studio_exchange", days),
        ("outreach", days),
        ("off_campus", days[10:-10]),
    ]
    for kind, window in once:
        if rng.random() < diligence:
            plan.append((rng.choice(window), kind, "offline"))
    weeks: dict[tuple[int, int], list[dt.date]] = {}
    for day in days:
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    for week_days in weeks.values():
        if rng.random() < diligence:
            plan.append((rng.choice(week_days), "online_training", "online"))
    while len(plan) < total:
        kind = rng.choice(FILLER_KINDS)
        mode = "online" if kind == "online_training" or rng.random() >= offline else "offline"
        plan.append((rng.choice(days), kind, mode))
    return [(day, kind, mode, rng.random() < publicity) for day, kind, mode in plan[:total]]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


LABELS = {
    "planning_meeting": "学期初计划会",
    "summary_meeting": "学期末总结会",
    "studio_exchange": "区校工作室交流",
    "outreach": "区级宣讲",
    "off_campus": "校外实践",
    "online_training": "线上交流培训",
}
STATUSES = [("present", 0.85), ("late", 0.07), ("leave", 0.04), ("absent", 0.04)]


def _attendance(uid: Uids, rng: random.Random, activity: Any, teacher_ids: list[int]) -> Iterator[Any]:
    from hts.activities.models import Attendance

    for teacher_id in teacher_ids:
        status = rng.choices([s for s, _w in STATUSES], weights=[w for _s, w in STATUSES])[0]
        if status == "present":
            method = "manual" if rng.random() < 0.05 else "qr"
            checked_in = activity.starts_at - dt.timedelta(minutes=rng.randint(0, 15))
            reason = "手机无法扫码，组织者补录" if method == "manual" else ""
        elif status == "late":
            method, reason = "qr", ""
            checked_in = activity.starts_at + dt.timedelta(minutes=rng.randint(11, 40))
        else:
            method, checked_in = "manual", None
            reason = "病假" if status == "leave" else "未到，未请假"
        yield Attendance(
            uid=uid(),
            activity_id=activity.pk,
            teacher_id=teacher_id,
            status=status,
            method=method,
            checked_in_at=checked_in,
            reason=reason,
        )


def _activities(
    uid: Uids, rng: random.Random, teams: list[Team], semester: Semester, scale: Scale, counts: dict[str, int]
) -> None:
    from django.db import transaction
    from django.utils import timezone

    from hts.activities.models import Activity, Attendance

    tz = timezone.get_current_timezone()
    days = _school_days(semester)
    counts["activities"] = counts["attendance"] = 0
    pending: list[tuple[Activity, Team]] = []
    attendance: list[Attendance] = []

    def flush_attendance(force: bool = False) -> None:
        while len(attendance) >= scale.attendance_batch or (force and attendance):
            rows = attendance[: scale.attendance_batch]
            del attendance[: scale.attendance_batch]
            with transaction.atomic():
                Attendance.objects.bulk_create(rows)
            counts["attendance"] += len(rows)

    def flush_activities() -> None:
        with transaction.atomic():
            Activity.objects.bulk_create([activity for activity, _team in pending])
        counts["activities"] += len(pending)
        for activity, team in pending:
            attendance.extend(_attendance(uid, rng, activity, team.teacher_ids))
            flush_attendance()
        pending.clear()

    for team in teams:
        for number, (day, kind, mode, publicity) in enumerate(
            _term_plan(rng, days, team, scale.activities_per_studio), start=1
        ):
            hour = 19 if mode == "online" else rng.choice((9, 14, 15))
            starts_at = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
            pending.append(
                (
                    Activity(
                        uid=uid(),
                        studio_id=team.studio_id,
                        kind=kind,
                        title=f"{LABELS.get(kind, '工作室活动')}（第{number}次）",
                        mode=mode,
                        starts_at=starts_at,
                        ends_at=starts_at + dt.timedelta(hours=2),
                        place="" if mode == "online" else "工作室活动室",
                        link="https://meeting.example.cn/s/bench" if mode == "online" else "",
                        publicity_url=f"https://mp.weixin.qq.com/s/bench-{team.studio_id}-{number}"
                        if publicity
                        else "",
                        invited_only=kind != "outreach",
                        credit_half_days=0 if kind in {"planning_meeting", "summary_meeting"} else 1,
                    ),
                    team,
                )
            )
            if len(pending) >= scale.activity_batch:
                flush_activities()
    if pending:
        flush_activities()
    flush_attendance(force=True)


# Command line -------------------------------------------------------------------------------------


def main() -> int:
    from bench import DATABASE, configure_environment

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="write the summary (JSON) here")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    configure_environment()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    if str(settings.DATABASES["default"]["NAME"]) != str(DATABASE):  # refuse to fill any other database
        raise SystemExit(f"not the benchmark database: {settings.DATABASES['default']['NAME']}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started
    result = generate(last_finished_semester(timezone.localdate()), seed=args.seed)
    result.seconds = {"migrate": migrate_seconds, **result.seconds}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(asdict(result), out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
