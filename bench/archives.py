"""`make bench` (second part): growth-archive exports. A 200-item person archive PDF (with photos) and
the 成果集 of a 10-member studio (~20 items each, with photos), timing each export and reporting the
peak RSS of the process that built it.

Builds a throwaway SQLite database and media folder under var/bench/ (never DATABASE_URL or
var/media), in a child process; then runs each export in its own child process, so that each peak
RSS is that export's (plus Django's baseline, reported beside it). Writes var/bench/archives.txt.

    python -m bench.archives            # generate, then measure
    python -m bench.archives --reuse    # measure again on the data already generated
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from bench import BENCH_DIR, ROOT, configure_environment

DATABASE = BENCH_DIR / "archives.sqlite3"
MEDIA = BENCH_DIR / "media"
REPORT = BENCH_DIR / "archives.txt"
STATE = BENCH_DIR / "archives.json"

PERSON_ITEMS = 200
PERSON_PHOTOS = 20
TEAM = 10  # host, 2 mentors, 7 members
TEAM_ITEMS = 20
TEAM_PHOTOS = 3  # per person
BODY = "<p>" + "本学期围绕工作室主题开展班级管理实践，记录过程与反思。" * 12 + "</p>"


def _setup() -> None:
    configure_environment()
    os.environ["SQLITE_PATH"] = str(DATABASE)
    os.environ["MEDIA_ROOT"] = str(MEDIA)
    import django

    django.setup()
    from django.conf import settings

    if str(settings.DATABASES["default"]["NAME"]) != str(DATABASE):  # refuse to fill any other database
        raise SystemExit(f"not the benchmark database: {settings.DATABASES['default']['NAME']}")


def _photo(seed: int) -> bytes:
    from PIL import Image

    # Noise compresses badly, as photos do: about 1 MB a 1600×1200 JPEG.
    image = Image.effect_noise((1600, 1200), 40 + seed % 20).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _add_photos(user: Any, items: list[Any], count: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hts.archives import services

    step = max(1, len(items) // count)
    for n, item in enumerate(items[::step][:count]):
        services.file_add(actor=user, item=item, upload=SimpleUploadedFile(f"照片{n + 1}.jpg", _photo(n)))


def generate() -> dict[str, str]:
    from types import SimpleNamespace

    from django.core.management import call_command

    from hts.archives.models import OWNER_KINDS, RESULT_KINDS, ArchiveItem
    from hts.org.models import Region, School
    from hts.research.models import Achievement, ResearchProject
    from hts.studios.models import Membership
    from testkit import make_region, make_running_studio, make_teacher, make_user

    call_command("migrate", interactive=False, verbosity=0)
    province = make_region("广东省", "440000", Region.Kind.PROVINCE)
    city = make_region("深圳市", "440300", Region.Kind.CITY, province)
    district = make_region("福田区", "440304", Region.Kind.DISTRICT, city)
    school = School.objects.create(name="福田实验小学", code="FT-01", region=district, has_primary=True)
    host = make_teacher(school, "李红", serving_since=dt.date(2015, 9, 1))
    world = SimpleNamespace(district_a=district, school_a=school, teacher_a=host)
    studio = make_running_studio(world, start_year=2024, name="向阳花班主任工作室")
    people = [(host, make_user("host", teacher=host))]
    for n in range(1, TEAM):
        teacher = make_teacher(school, f"成员{n:02d}")
        role = "mentor" if n <= 2 else "member"
        Membership.objects.create(studio=studio, role=role, teacher=teacher, status="active")
        people.append((teacher, make_user(f"t{n:02d}", teacher=teacher)))

    def items_for(teacher: Any, user: Any, count: int, kinds: list[Any], prefix: str, team: Any = None) -> list[Any]:
        return ArchiveItem.objects.bulk_create(
            ArchiveItem(
                owner_teacher=teacher, studio=team, kind=kinds[n % len(kinds)], title=f"{prefix}第{n + 1}项：成长记录",
                body=BODY * 3, date=dt.date(2024, 9, 1) + dt.timedelta(days=n * 3), visibility="studio", author=user,
            )
            for n in range(count)
        )  # fmt: skip

    owner = make_teacher(school, "陈晓")
    owner_user = make_user("owner", teacher=owner)
    _add_photos(owner_user, items_for(owner, owner_user, PERSON_ITEMS, OWNER_KINDS, ""), PERSON_PHOTOS)
    for n, (teacher, user) in enumerate(people):
        _add_photos(user, items_for(teacher, user, TEAM_ITEMS, RESULT_KINDS, teacher.name, studio), TEAM_PHOTOS)
        Achievement.objects.bulk_create(
            Achievement(owner=teacher, kind="paper_awarded", title=f"{teacher.name}的获奖论文{k + 1}",
                        level=["school", "county", "city"][(n + k) % 3], achieved_on=dt.date(2025, 1, 1 + k),
                        issuer="市教育学会", status="verified")
            for k in range(3)
        )  # fmt: skip
    for k, status in enumerate(["approved", "midterm", "concluded"]):
        ResearchProject.objects.create(
            studio=studio, title=f"课题{k + 1}：班级自主管理的实践研究", level="city", status=status,
            starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2026, 6, 30), lead=host,
        )  # fmt: skip
    return {"owner": str(owner.uid), "owner_user": "owner", "studio": str(studio.uid), "host_user": "host"}


def measure(what: str, state: dict[str, str]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from hts.archives.export_jobs import archive_document, compilation_document

    User = get_user_model()
    if what == "person":
        user = User.objects.get(username=state["owner_user"])
        run = lambda: archive_document(user, state["owner"])  # noqa: E731
    else:
        user = User.objects.get(username=state["host_user"])
        run = lambda: compilation_document(user, state["studio"])  # noqa: E731
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    pdf = run()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not pdf.startswith(b"%PDF-"):
        raise SystemExit(f"{what}: not a PDF")
    return {"seconds": seconds, "peak_rss_mb": peak, "baseline_rss_mb": baseline, "kb": len(pdf) / 1024}


def _child(*args: str) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bench.archives", *args], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="measure on the data already generated")
    parser.add_argument("--child", choices=["generate", "person", "compilation"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _setup()
        if args.child == "generate":
            result: dict[str, Any] = generate()
        else:
            result = measure(args.child, json.loads(STATE.read_text(encoding="utf-8")))
        print(json.dumps(result, ensure_ascii=False))
        return 0

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    generated = ""
    if not args.reuse or not STATE.exists():
        import shutil

        DATABASE.unlink(missing_ok=True)
        shutil.rmtree(MEDIA, ignore_errors=True)
        started = time.perf_counter()
        STATE.write_text(json.dumps(_child("--child", "generate")), encoding="utf-8")
        generated = f"generated in {time.perf_counter() - started:.1f} s\n"
    person = _child("--child", "person")
    compilation = _child("--child", "compilation")
    lines = [
        f"Growth-archive exports (WeasyPrint), {dt.datetime.now():%Y-%m-%d %H:%M}",
        generated.rstrip(),
        f"person archive PDF, {PERSON_ITEMS} items, {PERSON_PHOTOS} photos: {person['seconds']:.1f} s, "
        f"{person['kb']:.0f} KB, peak RSS {person['peak_rss_mb']:.0f} MB "
        f"(Django baseline {person['baseline_rss_mb']:.0f} MB)",
        f"成果集 PDF, {TEAM} members × {TEAM_ITEMS} items, {TEAM * TEAM_PHOTOS} photos: "
        f"{compilation['seconds']:.1f} s, {compilation['kb']:.0f} KB, peak RSS {compilation['peak_rss_mb']:.0f} MB "
        f"(Django baseline {compilation['baseline_rss_mb']:.0f} MB)",
    ]
    text = "\n".join(line for line in lines if line) + "\n"
    REPORT.write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"(written to {REPORT.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
