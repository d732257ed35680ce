"""Invalidation by scope (issue 18): writers typing into some pemda while readers read
the dashboards of others, on gunicorn over real HTTP; and the first request after a
write (a cache miss) against the trivial page.

Two phases of SCOPED_SECONDS each with the same readers: quiet (no writer), then busy
(SCOPED_WRITERS writers, each saving its own pemda's IIN cell every
SCOPED_WRITE_INTERVAL seconds, like staff typing). Reported: the readers' median and
p95 in both phases and their ratio, errors, and the readers' cache hit rate, counted as
the rendered dashboards that appeared in the shared cache (each miss stores one under
its new key), so it needs CACHE_URL (Redis); without it the rate is not measured.

At the Kalsel size there are 13 kabupaten/kota, so fewer writers and readers than the
issue's 8 and 16 (which `make bench-national` uses at the national size).
"""

import os
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from bench.harness import Report, Stats, summary, timed
from bench.server import Client, gunicorn, production_env

SECONDS = int(os.environ.get("SCOPED_SECONDS", "60"))
WRITERS = int(os.environ.get("SCOPED_WRITERS", "8"))
READERS = int(os.environ.get("SCOPED_READERS", "16"))
WRITE_INTERVAL = float(os.environ.get("SCOPED_WRITE_INTERVAL", "0.8"))
WORKERS = 2 * (os.cpu_count() or 1) + 1
PASSWORD = "demo-mcp-2024"
RUNS = int(os.environ.get("SCOPED_FIRST_RUNS", "20"))
RATIO_FLOOR = 10.0  # issue 18: a miss costs at most 10 × the trivial page


@dataclass
class Timings:
    readers: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class WriterCell:
    pemda: str
    key: str
    version: int


def pemda_split(year: int) -> tuple[list[WriterCell], list[str]]:
    """Kabupaten/kota with an IIN for the year: the first WRITERS write (each its own
    cell), the next READERS are read. The synthetic pemda when there are any."""
    from scores.models import Indicator, Score
    from skpd.models import Unit

    iin = Indicator.objects.get(code="iin")
    pemda = Unit.objects.filter(level__in=[Unit.Level.REGENCY, Unit.Level.CITY])
    scored = dict(
        Score.objects.filter(indicator=iin, year=year, unit__in=pemda).values_list(
            "unit__code", "version"
        )
    )
    codes = sorted(scored, key=lambda code: (not code.startswith("sint-"), code))
    writers_count = min(WRITERS, len(codes) // 3)
    units = Unit.objects.in_bulk(codes[:writers_count], field_name="code")
    writers = [
        WriterCell(code, f"s-{units[code].pk}-{iin.pk}", scored[code])
        for code in codes[:writers_count]
    ]
    return writers, codes[writers_count : writers_count + READERS]


def busiest_year() -> int:
    from django.db.models import Count

    from scores.models import Score, YearLock

    locked = set(YearLock.objects.values_list("year", flat=True))
    rows = (
        Score.objects.filter(indicator__code="iin")
        .exclude(year__in=locked)
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-n", "-year")
    )
    return rows[0]["year"]


def read_loop(client: Client, code: str, year: int, deadline: float, timings: Timings):
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        answer = client.get(f"/?unit={code}&year={year}")
        elapsed = (time.perf_counter() - started) * 1000
        with timings.lock:
            timings.readers.append(elapsed)
            if answer.status != 200:
                timings.errors.append(f"reader {code}: HTTP {answer.status}")


def write_loop(client: Client, cell: WriterCell, year: int, deadline: float, timings: Timings):
    number = 0
    while time.perf_counter() < deadline:
        number += 1
        value = f"{60 + (number % 30)},{number % 100:02d}"
        answer = client.post(
            f"/entry/{year}/cell/{cell.key}/",
            {
                f"v-{cell.key}": value,
                f"ver-{cell.key}": cell.version,
                f"reason-{cell.key}": "Uji lingkup",
                f"confirm-{cell.key}": "1",
            },
            headers={"HX-Request": "true"},
        )
        with timings.lock:
            if answer.status == 200 and 'class="cell-saved"' in answer.text:
                cell.version += 1
                timings.writes += 1
            else:
                timings.errors.append(f"writer {cell.pemda}: {answer.text[:200]!r}")
        time.sleep(WRITE_INTERVAL)


def cached_dashboards() -> int | None:
    """Rendered dashboards in the shared cache, or None without one."""
    if not os.environ.get("CACHE_URL"):
        return None
    import redis

    return sum(1 for _ in redis.Redis.from_url(os.environ["CACHE_URL"]).scan_iter("*:dashboard:*"))


def phase(
    url: str, readers: list[str], writers: list[WriterCell], year: int
) -> tuple[Timings, int | None]:
    timings = Timings()
    clients = {code: logged_in(url) for code in readers}
    for code, client in clients.items():  # warm: every reader's page is cached
        client.get(f"/?unit={code}&year={year}")
    before = cached_dashboards()
    deadline = time.perf_counter() + SECONDS
    threads = [
        threading.Thread(target=read_loop, args=(client, code, year, deadline, timings))
        for code, client in clients.items()
    ] + [
        threading.Thread(target=write_loop, args=(logged_in(url), cell, year, deadline, timings))
        for cell in writers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = cached_dashboards()
    misses = None if before is None or after is None else after - before
    return timings, misses


def logged_in(url: str) -> Client:
    client = Client(url)
    client.log_in("inspektorat", PASSWORD)
    return client


def stats(timings: list[float]) -> Stats:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Stats(statistics.median(ordered), p95, 0, len(ordered))


def ensure_national_size() -> None:
    """SIZE=national: the synthetic pemda of bench_scale, generated unless present."""
    import io

    from django.core.management import call_command

    from bench.bench_scale import SYNTHETIC
    from skpd.models import Unit

    if os.environ.get("SIZE") != "national":
        return
    if Unit.objects.filter(code__startswith="sint-").exists():
        return
    started = time.monotonic()
    call_command("generate_synthetic", *SYNTHETIC, stdout=io.StringIO())
    print(f"generate_synthetic: {time.monotonic() - started:.0f} s", flush=True)


def run(report: Report) -> None:
    ensure_national_size()
    year = busiest_year()
    writers, readers = pemda_split(year)
    env = production_env(os.environ["DATABASE_URL"])
    log = Path(tempfile.gettempdir()) / f"mcp-bench-scoped-{os.getpid()}.log"
    with gunicorn(env, workers=WORKERS, log=log) as server:
        quiet, quiet_misses = phase(server.url, readers, [], year)
        busy, busy_misses = phase(server.url, readers, writers, year)
    section = "scoped"
    shape = f"{len(readers)} readers of {len(readers)} pemda, {WORKERS} gunicorn workers"
    quiet_stats, busy_stats = stats(quiet.readers), stats(busy.readers)
    report.add(
        section, f"readers, quiet ({shape})", quiet_stats, note=hit_note(quiet, quiet_misses)
    )
    ratio = busy_stats.median_ms / quiet_stats.median_ms
    report.add(
        section,
        f"readers while {len(writers)} writers type in {len(writers)} other pemda "
        f"({busy.writes / SECONDS:.1f} writes/s)",
        busy_stats,
        note=f"{ratio:.2f} × quiet median; {hit_note(busy, busy_misses)}",
    )
    for problem in (quiet.errors + busy.errors)[:5]:
        print(f"  {problem}", flush=True)
    first_after_write(report, writers, readers, year)


def hit_note(timings: Timings, misses: int | None) -> str:
    errors = f"{len(timings.errors)} errors"
    if misses is None:
        return f"{errors}; hit rate needs CACHE_URL"
    rate = 1 - misses / len(timings.readers)
    return f"{errors}; cache hit rate {rate:.1%} ({misses} misses)"


def first_after_write(report: Report, writers: list[WriterCell], readers: list[str], year: int):
    """In-process (Django's test client): write to a pemda, then time one page that the
    write made stale, RUNS times, each after a request of /ping/ timed just before it,
    so that a shared machine's load drifting during the run tilts both alike. The
    ratio (the issue's floor: at most FIRST_AFTER_WRITE_FLOOR × the trivial page) is
    the page's median over the pings' median."""
    from django.test import Client as TestClient

    from scores import services
    from scores.models import Indicator
    from skpd.models import Unit

    client = TestClient()
    client.login(username="inspektorat", password=PASSWORD)
    iin = Indicator.objects.get(code="iin")
    pemda = Unit.objects.get(code=writers[0].pemda)
    counter = iter(range(10**6))

    def write():
        value = Decimal(60 + next(counter) % 30)
        services.score_set(unit=pemda, indicator=iin, year=year, value=value, by=None, reason="x")

    def ping():
        return client.get("/ping/")

    pages = [
        ("dashboard of the pemda written to", f"/?unit={pemda.code}&year={year}"),
        ("unit page of the pemda written to", f"/unit/{pemda.code}/"),
        ("national view after a write in a pemda", f"/unit/nasional/?year={year}"),
        ("dashboard of another pemda (kept cached)", f"/?unit={readers[0]}&year={year}"),
    ]
    for name, url in pages:
        client.get(url)
        pings, timings = [], []
        for _ in range(RUNS):
            pings.append(timed(ping))
            write()
            timings.append(timed(lambda url=url: client.get(url)))
        ping_stats, measured = summary(pings, 0), summary(timings, 0)
        ratio = measured.median_ms / ping_stats.median_ms
        verdict = "" if "kept cached" in name else (" ok" if ratio <= RATIO_FLOOR else " **over**")
        report.add(
            "scoped",
            f"first request after a write: {name}",
            measured,
            note=f"{ratio:.1f} × ping ({ping_stats.median_ms:.1f} ms; floor ≤ {RATIO_FLOOR:g} ×)"
            f"{verdict}; load average {os.getloadavg()[0]:.1f}",
        )
