"""Timing and reporting for `make bench`: server time through Django's test client.

Each bench/bench_*.py module defines `run(report)`; this module gives them a client,
a way to measure, and the report that prints and saves the markdown table.
"""

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


@dataclass(frozen=True)
class Stats:
    median_ms: float
    p95_ms: float
    queries: int
    runs: int


def measure(request: Callable[[], object], *, runs: int = 30, warmup: int = 3) -> Stats:
    """Median and 95th percentile of `runs` calls, and the queries of one call."""
    warm_up(request, warmup)
    queries = count_queries(request)
    return summary([timed(request) for _ in range(runs)], queries)


def measure_after_reference(
    request: Callable[[], object],
    reference: Callable[[], object],
    *,
    runs: int = 30,
    warmup: int = 3,
) -> tuple[Stats, Stats]:
    """`reference` in a block of its own just before `request`: on a shared machine whose
    speed drifts during a run, each ratio then compares requests timed moments apart.
    (Alternating them call by call would shift part of the request's garbage collection
    onto the reference and flatter the ratio.)"""
    reference_stats = measure(reference, runs=runs, warmup=warmup)
    return measure(request, runs=runs, warmup=warmup), reference_stats


def warm_up(request: Callable[[], object], times: int) -> None:
    for _ in range(times):
        check_ok(request())


def count_queries(request: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A full query log (9000 entries, e.g. after building the data) would count as 0.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        check_ok(request())
    return len(captured)  # read now: the log is a window that later requests move


def timed(request: Callable[[], object]) -> float:
    started = time.perf_counter()
    check_ok(request())
    return (time.perf_counter() - started) * 1000


def summary(timings: list[float], queries: int) -> Stats:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Stats(statistics.median(timings), p95, queries, len(timings))


def check_ok(response) -> None:
    """A benchmark of an error page or a redirect to the login would measure nothing."""
    status = getattr(response, "status_code", 200)
    if status != 200:
        raise RuntimeError(f"benchmark request answered HTTP {status}, not 200")


@dataclass
class Row:
    section: str
    name: str
    stats: Stats | None
    floor_ms: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.floor_ms is None or self.stats is None:
            return ""
        return "ok" if self.stats.median_ms <= self.floor_ms else "**over floor**"


@dataclass
class Report:
    database: str
    rows: list[Row] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # further markdown sections

    def add(self, section: str, name: str, stats: Stats | None, *, floor_ms=None, note=""):
        row = Row(section, name, stats, floor_ms, note)
        self.rows.append(row)
        print(self.format_row(row), flush=True)

    @staticmethod
    def format_row(row: Row) -> str:
        if row.stats is None:
            return f"| {row.section} | {row.name} | | | | | | {row.note} |"
        floor = f"≤ {row.floor_ms:g} ms" if row.floor_ms is not None else ""
        return (
            f"| {row.section} | {row.name} | {row.stats.median_ms:.1f} | "
            f"{row.stats.p95_ms:.1f} | {row.stats.queries} | {floor} | {row.verdict} | "
            f"{row.note} |"
        )

    def markdown(self) -> str:
        lines = [
            "# Benchmark results",
            "",
            f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on {machine_description()}; "
            f"database: {self.database}.",
            "Server time through Django's test client (no network), "
            "median and 95th percentile over the stated runs.",
            "",
            "| section | measurement | median ms | p95 ms | queries | floor | verdict | note |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [self.format_row(row) for row in self.rows]
        lines += ["\n" + section for section in self.extra]
        return "\n".join(lines) + "\n"

    def save(self) -> None:
        RESULTS.write_text(self.markdown(), encoding="utf-8")


def machine_description() -> str:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_gib:.0f} GiB memory, "
        f"Python {platform.python_version()}"
    )


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def git_revision() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"
