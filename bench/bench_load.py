"""Mixed load on the production server: 60 seconds at 32 connections on gunicorn
(DEBUG off, 2 × cores + 1 workers) of dashboards, unit pages, entry grids and cell
saves. Passes with 0 server errors and worker memory that does not keep growing.

The client is Python threads over real HTTP (bench/server.py) rather than wrk: every
thread logs in with CSRF, saves its own grid cell with the version it last saw, and
checks each answer (a save must come back "saved"); the server, not the client, is
the bottleneck on this machine (pages take tens of milliseconds of CPU each).
LOAD_SECONDS and LOAD_CONNECTIONS shorten or widen a trial run.
"""

import os
import random
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Report, Stats
from bench.server import Client, gunicorn, production_env, rss_kib

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "32"))
WORKERS = 2 * (os.cpu_count() or 1) + 1
PASSWORD = "demo-mcp-2024"
# RSS may grow while caches and lazy imports fill; beyond this it looks like a leak.
MAX_RSS_GROWTH = 0.25
MIX = [("dashboard", 35), ("unit page", 25), ("entry grid", 20), ("cell save", 20)]


@dataclass
class Tally:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, started: float, status: int, problem: str = "") -> None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        with self.lock:
            self.timings[kind].append(elapsed_ms)
            self.statuses[status] += 1
            if problem and len(self.failures) < 20:
                self.failures.append(problem)


@dataclass
class Cell:
    key: str
    year: int
    version: int


def load_targets() -> tuple[list[str], list[Cell], int]:
    """Unit codes to visit, one grid cell per connection (so saves never conflict),
    and the year they are in: the latest one that is not locked."""
    from scores.models import Indicator, Score, YearLock
    from skpd.models import Unit

    province = Unit.objects.get(code="kalsel")
    skpd = list(Unit.objects.filter(parent=province).order_by("code"))
    locked = set(YearLock.objects.values_list("year", flat=True))
    year = max(
        y for y in Score.objects.values_list("year", flat=True).distinct() if y not in locked
    )
    iin = Indicator.objects.get(code="iin")
    versions = dict(
        Score.objects.filter(indicator=iin, year=year).values_list("unit_id", "version")
    )
    cells = [
        Cell(f"s-{unit.pk}-{iin.pk}", year, versions.get(unit.pk, 0))
        for unit in skpd[:CONNECTIONS]
    ]
    return [unit.code for unit in skpd], cells, year


def worker(client: Client, cell: Cell, units: list[str], year: int, deadline: float, tally: Tally):
    rng = random.Random(cell.key)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    while time.perf_counter() < deadline:
        kind = rng.choice(kinds)
        started = time.perf_counter()
        if kind == "dashboard":
            answer = client.get(f"/?year={year}")
        elif kind == "unit page":
            answer = client.get(f"/unit/{rng.choice(units)}/")
        elif kind == "entry grid":
            answer = client.get(f"/entry/?unit=kalsel&year={year}")
        else:
            answer = save_cell(client, cell, rng)
        problem = ""
        if answer.status != 200:
            problem = f"{kind}: HTTP {answer.status} {answer.text[:200]!r}"
        elif kind == "cell save" and 'class="cell-saved"' not in answer.text:
            problem = f"cell save refused: {answer.text[:300]!r}"
        tally.record(kind, started, answer.status, problem)


def save_cell(client: Client, cell: Cell, rng: random.Random):
    value = f"{rng.uniform(55, 98):.2f}".replace(".", ",")
    answer = client.post(
        f"/entry/{cell.year}/cell/{cell.key}/",
        {
            f"v-{cell.key}": value,
            f"ver-{cell.key}": cell.version,
            f"reason-{cell.key}": "Uji beban",
            "new-status": "progress",  # asked once above the grid for empty cells
            "new-source": "",
        },
        headers={"HX-Request": "true"},
    )
    if answer.status == 200 and 'class="cell-saved"' in answer.text:
        cell.version += 1
    return answer


def logged_in_clients(url: str, count: int) -> list[Client]:
    names = ["inspektorat", "inspektorat", "inspektorat", "admin"]
    clients = []
    for number in range(count):
        client = Client(url)
        client.log_in(names[number % len(names)], PASSWORD)
        clients.append(client)
    return clients


def stats_of(timings: list[float]) -> Stats:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Stats(statistics.median(ordered), p95, 0, len(ordered))


def run(report: Report) -> None:
    units, cells, year = load_targets()
    env = production_env(os.environ["DATABASE_URL"])
    log = Path(tempfile.gettempdir()) / f"mcp-bench-load-{os.getpid()}.log"
    with gunicorn(env, workers=WORKERS, log=log) as server:
        clients = logged_in_clients(server.url, len(cells))
        for client in clients[:WORKERS]:  # let every worker import and warm up
            client.get(f"/?year={year}")
        workers = server.worker_pids()
        rss_start = {pid: rss_kib(pid) for pid in workers}
        tally = Tally()
        deadline = time.perf_counter() + SECONDS
        threads = [
            threading.Thread(target=worker, args=(client, cell, units, year, deadline, tally))
            for client, cell in zip(clients, cells, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rss_end = {pid: rss_kib(pid) for pid in server.worker_pids() if pid in rss_start}
    add_rows(report, tally, rss_start, rss_end)


def add_rows(report: Report, tally: Tally, rss_start: dict, rss_end: dict) -> None:
    total = sum(tally.statuses.values())
    for kind, _weight in MIX:
        if tally.timings[kind]:
            count = len(tally.timings[kind])
            report.add(
                "load",
                kind,
                stats_of(tally.timings[kind]),
                note=f"{count} requests; HTTP latency incl. queueing, queries not counted",
            )
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    other = sum(n for status, n in tally.statuses.items() if 200 < status < 500)
    growth = max(
        ((rss_end[pid] - rss_start[pid]) / rss_start[pid] for pid in rss_end), default=0.0
    )
    stable = len(rss_end) == len(rss_start) and growth <= MAX_RSS_GROWTH
    verdict = "ok" if server_errors == 0 and other == 0 and stable else "**FAILED**"
    report.add(
        "load",
        f"mixed load {SECONDS} s × {CONNECTIONS} connections, {WORKERS} gunicorn workers",
        None,
        note=(
            f"{verdict}: {total} requests, {total / SECONDS:.0f}/s; "
            f"{server_errors} server errors, {other} other non-200; worker RSS "
            f"{sum(rss_start.values()) / 1024:.0f} → {sum(rss_end.values()) / 1024:.0f} MiB "
            f"(largest growth {growth:+.0%}, {len(rss_end)}/{len(rss_start)} workers alive)"
        ),
    )
    for failure in tally.failures[:5]:
        print(f"  {failure}", flush=True)
