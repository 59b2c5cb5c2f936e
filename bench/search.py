"""`make bench` (search): Chinese search over a city's content, 40,000 teachers and 100,000 archive items.

The city (10 districts, 800 schools named as the city names them: 深圳市福田区实验学校 …), its teachers
with Chinese names and their growth archives (lesson plans, cases, class-meeting designs, reading
notes: a heading and a paragraph each, a fifth of them private) are written in bulk (setup, nobody's
action); then the index is built as ``rebuild_search_index`` builds it (timed: jieba, OpenCC and
pypinyin over every record, and the engine's own index).

Measured through the page a user opens (``/search/all/?q=…`` in the same Django process, session and
middleware included): for each query (a word, a full name, its pinyin, its initials, traditional
characters, a school's short name, a word common to thousands of items), the median and 95th
percentile of its answer time and its query count, for the city bureau (sees everything), a school's
office and a teacher; beside them a hello-world view on the same stack, so the figures read as
multiples of the server's bare cost per request. A query count that grows past the page's budget
fails the report.

Builds its own SQLite database, var/bench/search.sqlite3 (never DATABASE_URL).
hts/portal/tests/test_search_bench.py runs it tiny.

    python -m bench.search                          # generate, index, then measure
    python -m bench.search --reuse                  # measure again on the generated database
    python -m bench.search --teachers 4000 --items 10000
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

from bench import BENCH_DIR, arguments, generate_timed, region, report, setup_django, timed
from bench.generate import GIVEN, SUBJECTS, SURNAMES

DATABASE = BENCH_DIR / "search.sqlite3"
REPORT = BENCH_DIR / "search.txt"
DISTRICTS = ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "盐田区", "龙华区", "坪山区", "光明区", "大鹏新区"]
SCHOOL_WORDS = ["实验", "外国语", "育才", "红岭", "翠园", "荔园", "百合", "园岭", "南头", "海滨", "螺岭", "东湖"]
SCHOOL_KINDS = ["学校", "小学", "中学", "初级中学"]
TOPICS = ["班会设计", "家校沟通", "留守儿童", "班级公约", "心理健康", "安全教育", "读书分享", "劳动教育", "传统文化"]
KINDS = ["lesson_plan", "case", "class_meeting", "reading", "narrative"]
BUDGET = 30  # the search page's queries, whatever the number of results
REPEAT = 15
CITY_USERNAME = "bench_search_city"
SCHOOL_USERNAME = "bench_search_school"
TEACHER_USERNAME = "bench_search_teacher"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def generate(teachers: int, items: int, *, seed: int = 2026) -> dict[str, str]:
    from django.db import transaction

    from hts.accounts.models import Role, RoleAssignment, User
    from hts.archives.models import ArchiveItem
    from hts.org.models import School, Teacher

    rng = random.Random(seed)
    schools_count = max(len(DISTRICTS), teachers // 50)
    with transaction.atomic():
        province = region("广东省", "440000", "province", None)
        city = region("深圳市", "440300", "city", province)
        districts = [region(name, f"4403{n + 4:02d}", "district", city) for n, name in enumerate(DISTRICTS)]
        schools = School.objects.bulk_create(
            School(
                name=f"深圳市{districts[n % len(districts)].name}{SCHOOL_WORDS[(n // len(districts)) % len(SCHOOL_WORDS)]}"
                f"{SCHOOL_KINDS[n % len(SCHOOL_KINDS)]}" + (f"（{n // 120 + 1}部）" if n >= 120 else ""),
                code=f"S{n:05d}", region=districts[n % len(districts)], has_primary=True,
            )
            for n in range(schools_count)
        )  # fmt: skip
        people = Teacher.objects.bulk_create(
            (
                Teacher(name=_name(rng), gender="F" if n % 2 else "M", birth_year=1970 + n % 30,
                        mobile=f"135{n:08d}", school=schools[n % len(schools)], subject=rng.choice(SUBJECTS))
                for n in range(teachers)
            ),
            batch_size=2_000,
        )  # fmt: skip
        ArchiveItem.objects.bulk_create(
            (
                ArchiveItem(
                    owner_teacher=people[n % len(people)], kind=KINDS[n % len(KINDS)],
                    title=f"{rng.choice(TOPICS)}的实践与反思（{n}）",
                    body=f"<p>本学期围绕{rng.choice(TOPICS)}开展了{rng.choice(TOPICS)}活动，"
                         f"与家长共同关注{rng.choice(TOPICS)}，学生在{rng.choice(TOPICS)}中成长。</p>",
                    date=dt.date(2026, 3, 1) + dt.timedelta(days=n % 90),
                    visibility="private" if n % 5 == 0 else "studio",
                )
                for n in range(items)
            ),
            batch_size=2_000,
        )  # fmt: skip
        city_user = User.objects.create_user(username=CITY_USERNAME, password=None, full_name="city")
        RoleAssignment.objects.create(
            user=city_user, role=Role.BUREAU_STAFF, region=city, valid_from=dt.date(2020, 1, 1)
        )
        school_user = User.objects.create_user(username=SCHOOL_USERNAME, password=None, full_name="school")
        RoleAssignment.objects.create(
            user=school_user, role=Role.SCHOOL_STAFF, school=schools[0], valid_from=dt.date(2020, 1, 1)
        )
        User.objects.create_user(username=TEACHER_USERNAME, password=None, full_name="teacher", teacher=people[0])
    return {"someone": people[len(people) // 2].name, "school": schools[0].name}


def build_index() -> dict[str, int]:
    from hts.core.search.index import search_index_rebuild

    return search_index_rebuild()


def _queries() -> list[tuple[str, str]]:
    """(what, query): the same kinds of query a person types."""
    from pypinyin import Style, lazy_pinyin

    from hts.org.models import Teacher

    someone = Teacher.objects.order_by("pk")[Teacher.objects.count() // 2].name
    return [
        ("a word common to thousands of items", "班会设计"),
        ("two words", "留守儿童 家校沟通"),
        ("traditional characters", "班會設計"),
        ("a teacher's full name", someone),
        ("the name's pinyin", "".join(lazy_pinyin(someone))),
        ("the name's initials", "".join(lazy_pinyin(someone, style=Style.FIRST_LETTER))),
        ("a family name", someone[0]),
        ("a school's short name", "福田实验"),
        ("nothing matches", "量子纠缠"),
    ]


def _times(client: Any, url: str, params: dict[str, str], repeat: int) -> tuple[float, float, int]:
    response, _took, queries = timed(lambda: client.get(url, params, secure=True))
    if response.status_code != 200:
        raise RuntimeError(f"{url} {params} answered {response.status_code}")
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, params, secure=True)
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, queries


def measure(*, repeat: int = REPEAT) -> list[str]:
    from django.db import connection
    from django.test import Client, override_settings

    from hts.accounts.models import User
    from hts.archives.models import ArchiveItem
    from hts.core.search.models import SearchEntry
    from hts.org.models import Teacher

    lines = [
        f"Search over {Teacher.objects.count():,} teachers and {ArchiveItem.objects.count():,} archive items"
        f" ({SearchEntry.objects.count():,} index entries), {connection.vendor}, {dt.datetime.now():%Y-%m-%d %H:%M}",
    ]
    failed = False
    with override_settings(ROOT_URLCONF="bench.search_urls"):
        for username in (CITY_USERNAME, SCHOOL_USERNAME, TEACHER_USERNAME):
            client = Client()
            client.force_login(User.objects.get(username=username))
            hello_median, hello_p95, _q = _times(client, "/bench-hello/", {}, repeat * 4)
            lines.append(
                f"  {username}: hello-world {hello_median * 1000:6.1f} ms median ({1 / hello_median:,.0f} requests/s),"
                f" p95 {hello_p95 * 1000:.1f} ms"
            )
            for what, query in _queries():
                median, p95, queries = _times(client, "/search/all/", {"q": query}, repeat)
                over = queries > BUDGET
                failed = failed or over
                lines.append(
                    f"    {what:38s} {query[:14]:14s} median {median * 1000:7.1f} ms ({median / hello_median:6.1f}×)"
                    f"  p95 {p95 * 1000:7.1f} ms  {queries:3d} queries" + ("  FAILED: over budget" if over else "")
                )
    if failed:
        lines.append(f"  FAILED: a search page ran more than {BUDGET} queries")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, teachers=40_000)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args(argv)
    lines = []
    if setup_django(DATABASE, reuse=args.reuse):
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        generate_timed(
            f"{args.teachers:,} teachers and {args.items:,} archive items",
            lambda: generate(args.teachers, args.items),
        )
        counts, took, _queries = timed(build_index)
        lines.append(f"Index built: {sum(counts.values()):,} entries in {took:.0f} s ({counts})")
        print(lines[-1], flush=True)
    return report(measure() + lines, REPORT)


if __name__ == "__main__":
    raise SystemExit(main())
