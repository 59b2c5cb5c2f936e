"""`make bench` (portal): the bureau portal's home and a studio's website under load, as the public
reads them (anonymous, cached by ``@public_page``), beside a hello-world answered by the same server.

A city of 1,000 studios with their teams (bench/generate.py, without activities), each with its
website and 10 published items (a fifth featured on the bureau portal), is written in bulk. The
platform is then served as in production (gunicorn with ``--workers`` sync workers, DEBUG off, the
portal's default local-memory cache per worker), and ``--clients`` threads on keep-alive connections
request one address for ``--seconds`` each: the hello-world, the city's portal home (``/b/<code>/``)
and one studio's home (``/s/<slug>/``). The report gives requests per second, median and p95 latency
and errors per address, and each page's throughput as a share of the hello-world's: a cached public
page should cost little more than the bare request. Any error or non-200 answer fails the run.

The load comes from this same machine (its cores are shared with the server): the figures compare
pages with each other and with the hello-world, not with another machine.

    python -m bench.portal_load                  # generate, then serve and measure
    python -m bench.portal_load --reuse          # measure again on the generated database
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

from bench import BENCH_DIR, ROOT, arguments, generate_timed, report, setup_django

DATABASE = BENCH_DIR / "portal.sqlite3"
REPORT = BENCH_DIR / "portal.txt"
PORT = 8961
ITEMS_PER_STUDIO = 10


def generate(studios: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from bench.generate import Scale, last_finished_semester
    from bench.generate import generate as generate_city
    from hts.portal.models import Publication, Section
    from hts.portal.sites.models import StudioSite
    from hts.studios.models import Studio

    generate_city(last_finished_semester(timezone.localdate()), scale=Scale(studios=studios, activities_per_studio=0))
    now = timezone.now()
    with transaction.atomic():
        running = list(Studio.objects.order_by("id"))
        StudioSite.objects.bulk_create(
            StudioSite(studio=studio, slug=f"studio-{n}", intro="以研促教，共同成长。")
            for n, studio in enumerate(running)
        )
        sections = [s for s in Section.values if s != Section.COMPILATION]
        Publication.objects.bulk_create(
            (
                Publication(
                    studio=studio,
                    section=sections[k % len(sections)],
                    status=Publication.Status.PUBLISHED,
                    author_id=studio.host_id,
                    title=f"{studio.name}的第{k + 1}篇分享",
                    summary="一次主题班会的设计与反思。",
                    body="<p>" + "一次主题班会的设计与反思，记录学生的变化和家校沟通的经验。" * 20 + "</p>",
                    published_at=now - dt.timedelta(days=k),
                    featured=(n + k) % 5 == 0,
                )
                for n, studio in enumerate(running)
                for k in range(ITEMS_PER_STUDIO)
            ),
            batch_size=2_000,
        )


def _serve(workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.portal_settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_PATH": str(DATABASE),
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            _get(http.client.HTTPConnection("127.0.0.1", PORT, timeout=5), "/bench-hello/")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    # Behind the reverse proxy production needs: it says the request came over HTTPS.
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https", "Accept-Language": "zh-CN"})
    response = connection.getresponse()
    response.read()
    return response.status


def _load(path: str, *, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                status = _get(connection, path)
            except OSError:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
                status = 0
            mine.append(time.perf_counter() - started)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / took,
        "median": statistics.median(latencies) if latencies else 0.0,
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))] if latencies else 0.0,
        "errors": errors[0],
        "requests": len(latencies),
    }


def measure(*, workers: int, clients: int, seconds: float) -> list[str]:
    from hts.portal.models import Publication
    from hts.portal.sites.models import StudioSite
    from hts.studios.models import Studio

    city = Studio.objects.select_related("host_school__region__parent").first().host_school.region  # type: ignore[union-attr]
    while city.parent_id is not None and city.kind != "city":
        city = city.parent
    site = StudioSite.objects.order_by("id").first()
    if site is None:
        raise SystemExit("no studio website in the benchmark database: generate it again (without --reuse)")
    addresses = [("hello-world", "/bench-hello/"), ("bureau portal home", f"/b/{city.code}/"),
                 ("a studio's website", f"/s/{site.slug}/")]  # fmt: skip
    lines = [
        f"Public pages under load: {Studio.objects.count():,} studios, {Publication.objects.count():,} published items;"
        f" gunicorn {workers} workers, {clients} clients for {seconds:.0f} s each, {dt.datetime.now():%Y-%m-%d %H:%M}",
    ]
    server = _serve(workers)
    try:
        hello = None
        for label, path in addresses:
            warm = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            for _ in range(workers * 4):  # each worker renders the page once into its cache
                status = _get(warm, path)
            if status != 200:
                lines.append(f"  {label:22s} {path}: answered {status}  FAILED")
                continue
            result = _load(path, clients=clients, seconds=seconds)
            hello = hello or result["rps"]
            share = result["rps"] / hello if hello else 0
            lines.append(
                f"  {label:22s} {result['rps']:7.0f} requests/s ({share:4.0%} of hello-world)"
                f"  median {result['median'] * 1000:6.1f} ms  p95 {result['p95'] * 1000:6.1f} ms"
                f"  {result['errors']} errors of {result['requests']:,}"
                + ("  FAILED: errors" if result["errors"] else "")
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, teachers=0)
    parser.add_argument("--studios", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args(argv)
    if setup_django(DATABASE, reuse=args.reuse):
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        generate_timed(f"{args.studios:,} studios with their websites", lambda: generate(args.studios))
    return report(measure(workers=args.workers, clients=args.clients, seconds=args.seconds), REPORT)


if __name__ == "__main__":
    raise SystemExit(main())
