"""Shared test fixtures and helpers: a small world with two districts and one user for each role.

    广东省 › 深圳市 › 福田区 (district A: school_a, school_a2) and 南山区 (district B: school_b)

Inside/outside pairs let every test check both the allowed path and the refusal.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.test import Client

from hts.accounts.models import Role, RoleAssignment, User
from hts.org.models import Bureau, HeadTeacherService, Region, School, SchoolClass, SchoolYear, Semester, Teacher

PASSWORD = "Test@pass-2026"


def make_region(name: str, code: str, kind: str, parent: Region | None = None) -> Region:
    region = Region(name=name, code=code, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
    region.path = region.compute_path()
    region.save()
    Bureau.objects.create(region=region, name=f"{name}教育局")
    return region


_mobile_serial = iter(range(10_000_000))


def make_teacher(
    school: School, name: str = "张老师", *, serving_since: dt.date | None = None, **extra: Any
) -> Teacher:
    teacher = Teacher.objects.create(
        name=name,
        gender=extra.pop("gender", "F"),
        birth_year=extra.pop("birth_year", 1985),
        mobile=extra.pop("mobile", f"137{next(_mobile_serial):08d}"),
        school=school,
        **extra,
    )
    if serving_since:
        HeadTeacherService.objects.create(teacher=teacher, school=school, started_on=serving_since)
    return teacher


def make_user(
    username: str,
    role: str | None = None,
    *,
    region: Region | None = None,
    school: School | None = None,
    teacher: Teacher | None = None,
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username, teacher=teacher)
    if role:
        RoleAssignment.objects.create(
            user=user, role=role, region=region, school=school, valid_from=dt.date(2020, 1, 1)
        )
    return user


@dataclass
class World:
    province: Region
    city: Region
    district_a: Region
    district_b: Region
    school_a: School
    school_a2: School
    school_b: School
    teacher_a: Teacher
    teacher_b: Teacher
    class_a: SchoolClass
    class_b: SchoolClass
    admin: User
    city_staff: User
    district_staff: User
    district_b_staff: User
    school_staff: User
    legal_rep: User
    teacher_user: User
    outsider_teacher_user: User
    nobody: User

    def users(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "city_staff": self.city_staff,
            "district_staff": self.district_staff,
            "school_staff": self.school_staff,
            "legal_rep": self.legal_rep,
            "teacher": self.teacher_user,
            "nobody": self.nobody,
        }


@pytest.fixture
def world(db: Any) -> World:
    province = make_region("广东省", "440000", Region.Kind.PROVINCE)
    city = make_region("深圳市", "440300", Region.Kind.CITY, province)
    district_a = make_region("福田区", "440304", Region.Kind.DISTRICT, city)
    district_b = make_region("南山区", "440305", Region.Kind.DISTRICT, city)
    school_a = School.objects.create(name="福田实验小学", code="FT-01", region=district_a, has_primary=True)
    school_a2 = School.objects.create(
        name="福田中学", code="FT-02", region=district_a, has_junior=True, has_senior=True
    )
    school_b = School.objects.create(
        name="南山外国语学校", code="NS-01", region=district_b, has_primary=True, has_junior=True
    )
    teacher_a = make_teacher(school_a, "李红", serving_since=dt.date(2015, 9, 1), mobile="13800000001")
    teacher_b = make_teacher(school_b, "王明", serving_since=dt.date(2018, 9, 1), mobile="13800000002")
    class_a = SchoolClass.objects.create(school=school_a, stage="primary", grade=3, name="1班", head_teacher=teacher_a)
    class_b = SchoolClass.objects.create(school=school_b, stage="junior", grade=7, name="2班", head_teacher=teacher_b)
    return World(
        province=province,
        city=city,
        district_a=district_a,
        district_b=district_b,
        school_a=school_a,
        school_a2=school_a2,
        school_b=school_b,
        teacher_a=teacher_a,
        teacher_b=teacher_b,
        class_a=class_a,
        class_b=class_b,
        admin=make_user("root", Role.SYSTEM_ADMIN),
        city_staff=make_user("city", Role.BUREAU_STAFF, region=city),
        district_staff=make_user("district", Role.BUREAU_STAFF, region=district_a),
        district_b_staff=make_user("district_b", Role.BUREAU_STAFF, region=district_b),
        school_staff=make_user("school", Role.SCHOOL_STAFF, school=school_a),
        legal_rep=make_user("legal", Role.LEGAL_REP, school=school_a),
        teacher_user=make_user("teacher", teacher=teacher_a),
        outsider_teacher_user=make_user("teacher_b", teacher=teacher_b),
        nobody=make_user("nobody"),
    )


def make_school_year(region: Region, start_year: int) -> SchoolYear:
    """A school year Sep 1 – Aug 31 with 深圳's semesters: autumn Sep 1 – Jan 20, spring Feb 20 – Jul 10."""
    year = SchoolYear.objects.create(
        region=region,
        label=f"{start_year}—{start_year + 1}学年",
        starts_on=dt.date(start_year, 9, 1),
        ends_on=dt.date(start_year + 1, 8, 31),
    )
    Semester.objects.create(
        school_year=year, kind="autumn", starts_on=dt.date(start_year, 9, 1), ends_on=dt.date(start_year + 1, 1, 20)
    )
    Semester.objects.create(
        school_year=year,
        kind="spring",
        starts_on=dt.date(start_year + 1, 2, 20),
        ends_on=dt.date(start_year + 1, 7, 10),
    )
    return year


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="hts.accounts.backends.UsernameOrMobileBackend")
    return client


@pytest.fixture
def as_user() -> Any:
    return client_for


def make_running_studio(
    world: World, *, start_year: int = 2026, status: str = "active", name: str = "向阳花工作室"
) -> Any:
    """A district-tier studio of 福田区 hosted by world.teacher_a (so world.teacher_user is its host),
    with its batch, default policy and the host's active membership: what activity tests start from."""
    from hts.studios.models import Batch, BatchPolicy, Membership, Studio
    from hts.studios.policy_templates import policy_values

    # A batch's name is unique in its region: a second studio of a test gets a batch of its own name.
    earlier = Batch.objects.filter(region=world.district_a, name__startswith="福田区第一批").count()
    batch = Batch.objects.create(
        region=world.district_a,
        name="福田区第一批" + (f"（{earlier + 1}）" if earlier else ""),
        tier="district",
        start_year=start_year,
        cycle_years=3,
    )
    BatchPolicy.objects.create(batch=batch, template="shenzhen", **policy_values("shenzhen"))
    studio = Studio.objects.create(
        batch=batch, name=name, stage="primary", theme="t", plan="p", host=world.teacher_a,
        host_school=world.school_a, status=status,
    )  # fmt: skip
    Membership.objects.create(studio=studio, role="host", teacher=world.teacher_a, status="active")
    return studio


@pytest.fixture(autouse=True)
def isolated_media(settings: Any, tmp_path: Path) -> Path:
    """Every test stores its uploads (and the demo's receipts) in its own folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


LOCKED_RETRY_SECONDS = 30


def _waiting_out_locks(call: Callable[[], Any], deadline: float) -> Any:
    """Runs `call`, retrying while SQLite says "locked", until `deadline`.

    The test database of SQLite is in memory with a shared cache, where a competing writer is told
    "locked" at once instead of waiting out the busy timeout as a file database (the deployed one)
    does. Retried for a time, not a number of times: on a busy machine twenty writers queue for
    longer than a fixed count of short waits covers; jittered so that they do not all come back
    together.
    """
    while True:
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.05))  # noqa: S311 (a wait, not a secret)


def run_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Runs each call in its own thread (own database connection), released together; returns
    each call's result or the exception it raised.

    A hook run after the call's commit (a notification sent on commit) waits out a lock on its own:
    retrying the whole call there would run a booking that already committed a second time and
    report it as refused.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        close_old_connections()
        register_hook = connection.on_commit

        def on_commit_waiting(func: Callable[[], Any], robust: bool = False) -> None:
            register_hook(lambda: _waiting_out_locks(func, deadline), robust)

        connection.on_commit = on_commit_waiting  # this thread's connection only
        try:
            barrier.wait()
            deadline = time.monotonic() + LOCKED_RETRY_SECONDS
            results[index] = _waiting_out_locks(call, deadline)
        except Exception as error:  # the outcome under test
            results[index] = error
        finally:
            del connection.on_commit
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def pdf_fonts(data: bytes) -> set[str]:
    """The names of the fonts a PDF embeds (subset prefixes dropped), read by poppler's pdffonts."""
    import shutil
    import subprocess

    executable = shutil.which("pdffonts")
    if not executable:
        raise RuntimeError("pdffonts (poppler-utils) is needed to read the PDF's fonts")
    result = subprocess.run([executable, "-"], input=data, capture_output=True, check=True)  # noqa: S603
    lines = result.stdout.decode().splitlines()[2:]  # a header line and a rule
    return {line.split()[0].split("+")[-1] for line in lines if line.strip()}
